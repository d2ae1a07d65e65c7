/**
 * What the ui-* browser tests run against: the real service on SQLite, listening on a port with
 * its jobs running, and Dana of Northwind, whose calendar is an imported file: two overlapping
 * meetings with Aperture Robotics tomorrow and one held last week, whose titles, places and descriptions hold long
 * unbroken text (a URL), as calendars often do, and a customer in the CRM with a long title.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { findDashboardDist } from '../../src/app/web-auth/dashboard-files.js';
import type { Scope } from '../../src/store/scope.js';
import { launchChromium } from '../support/browser.js';
import { openTestStore } from '../support/databases.js';
import { sampleFeed, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { freePort } from '../support/ports.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { at, dayOf } from './dashboard-env.js';

/** How long a browser step may take on a busy machine. */
const WAIT_MS = 20_000;

export const DANA = 'dana@northwind.io';
export const PASSWORD = 'ui test password';
export const ACCOUNT = 'Aperture Robotics';

/** Long enough to be wider than any window: 240 characters without a place to break. */
export const LONG_URL = `https://example.com/${'x'.repeat(220)}`;
export const REVIEW_TITLE = `Demo: quarterly business review ${LONG_URL}`;
export const DEMO_TITLE = `Product demo ${LONG_URL}`;
/** The imported calendar's name, also without a place to break (labels go up to 200). */
export const CALENDAR_LABEL = `Imported-${'y'.repeat(190)}`;

export interface UiEnv {
  base: string;
  api: TestApi;
  dana: Scope;
  token: string;
  close(): Promise<void>;
}

const icsTime = (days: number, hour: number, minute = 0) =>
  at(days, hour, minute).replace(/[-:]|\.\d+/g, '');

function longTextCalendar(): string {
  const meeting = (uid: string, title: string, start: string, end: string, guest: string) => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${title}`,
    `LOCATION:${LONG_URL}`,
    `DESCRIPTION:Agenda at ${LONG_URL}`,
    `ORGANIZER;CN=Dana Reyes:mailto:${DANA}`,
    `ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:${DANA}`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${guest}`,
    'END:VEVENT',
  ];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//ui test//EN',
    // Held last week, so that Elena is a stakeholder, with her job title.
    ...meeting(
      'kickoff@ui.test',
      `Kickoff ${LONG_URL}`,
      icsTime(-7, 9),
      icsTime(-7, 10),
      'elena@aperture.io',
    ),
    ...meeting('review@ui.test', REVIEW_TITLE, icsTime(1, 15), icsTime(1, 16), 'elena@aperture.io'),
    ...meeting(
      'demo@ui.test',
      DEMO_TITLE,
      icsTime(1, 15, 30),
      icsTime(1, 16, 30),
      'mila@aperture.io',
    ),
    'END:VCALENDAR',
  ].join('\r\n');
}

/** Imports `ics` for the token's user as a calendar of its own named `label`. */
export async function importFile(env: UiEnv, ics: string, label: string): Promise<void> {
  const response = await env.api.server.inject({
    method: 'POST',
    url: `${CALENDAR_BASE}/providers/ics/connect/?label=${encodeURIComponent(label)}`,
    headers: { ...bearer(env.token), 'content-type': 'text/calendar' },
    payload: ics,
  });
  if (response.statusCode !== 201) throw new Error(`import: ${response.body}`);
  await env.api.app.queue.drain();
}

/** Subscribes the token's user to a feed served on this machine, named `label`. */
export async function subscribeFeed(env: UiEnv, label: string): Promise<FeedServer> {
  const feed = await startFeedServer(sampleFeed({ day: dayOf(3) }));
  const response = await env.api.server.inject({
    method: 'POST',
    url: `${CALENDAR_BASE}/providers/ics/connect/`,
    headers: bearer(env.token),
    payload: { url: feed.url(), label },
  });
  if (response.statusCode !== 201) {
    await feed.close();
    throw new Error(`subscribe: ${response.body}`);
  }
  await env.api.app.queue.drain();
  return feed;
}

/** `serverEnv`: more of the service's settings (an emulator's address). */
export async function startUiEnv(serverEnv: Record<string, string> = {}): Promise<UiEnv> {
  if (!findDashboardDist())
    throw new Error('the dashboard is not built (web/dist): run `npm run build` first');
  const { context, cleanup } = await openTestStore('sqlite');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await buildTestApi(
    context.store,
    {
      CALINTEL_PUBLIC_URL: base,
      API_RATE_LIMIT_PER_MINUTE: '100000',
      LIVE_POLL_MS: '300',
      ...serverEnv,
    },
    () => new Date(),
  );
  await api.server.listen({ port, host: '127.0.0.1' });
  api.app.queue.start(taskHandlers(api.app));
  const created = await api.app.admin.createUser({
    email: DANA,
    orgName: 'Northwind',
    name: 'Dana Reyes',
    timeZone: 'UTC',
    internalDomains: ['northwind.io'],
  });
  const dana = { orgId: created.organisation.id, userId: created.user.id };
  await api.app.webAuth.setPassword(dana, PASSWORD);
  await api.app.crm.upsertAccounts(dana, [
    { externalId: 'acc-aperture', name: ACCOUNT, domains: ['aperture.io'], stage: 'demo' },
  ]);
  await api.app.crm.upsertContacts(dana, [
    {
      externalId: 'con-elena',
      email: 'elena@aperture.io',
      name: 'Elena Novak',
      title: `Head of procurement ${LONG_URL}`,
      accountExternalId: 'acc-aperture',
    },
  ]);
  const { token } = await api.app.store.apiTokens.create(dana, 'ui test');
  const env: UiEnv = {
    base,
    api,
    dana,
    token,
    close: async () => {
      await api.close();
      await cleanup();
    },
  };
  await importFile(env, longTextCalendar(), CALENDAR_LABEL);
  return env;
}

export interface SignInOptions {
  viewport?: { width: number; height: number } | null;
  beforeSignIn?: (page: Page) => Promise<void>;
  /** The browser's zone; Dana's profile says UTC. */
  timezoneId?: string;
}

export interface SignedInBrowser {
  browser: Browser;
  page: Page;
}

/**
 * Chromium with Dana signed in, on the meetings page. `viewport` null: the page's own size (the
 * long-text test sets widths itself); `beforeSignIn` runs on the fresh page (a fake clock).
 */
export async function openSignedIn(
  env: UiEnv,
  options: SignInOptions = {},
): Promise<SignedInBrowser> {
  const browser = await launchChromium();
  const viewport = options.viewport === undefined ? { width: 1280, height: 900 } : options.viewport;
  const context = await browser.newContext({
    ...(viewport ? { viewport } : {}),
    locale: 'en-GB',
    timezoneId: options.timezoneId ?? 'UTC',
  });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  await options.beforeSignIn?.(page);
  await page.goto(`${env.base}/sign-in`);
  await page.getByLabel('Email').fill(DANA);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
  return { browser, page };
}

/** The env and the signed-in page of a describe block, there once its `beforeAll` has run. */
export interface SignedInPage {
  readonly env: UiEnv;
  readonly page: Page;
}

/**
 * Registers the describe block's `beforeAll` and `afterAll`: the env, then `prepare` (what the
 * block needs before signing in, say a feed; it may give back what closes it), then Chromium
 * signed in, then `afterSignIn`; closed again in the reverse order.
 */
export function useSignedInPage(
  options: SignInOptions & {
    prepare?: (env: UiEnv) => Promise<(() => Promise<void>) | void>;
    afterSignIn?: (page: Page) => Promise<void>;
  } = {},
): SignedInPage {
  let env: UiEnv | undefined;
  let signedIn: SignedInBrowser | undefined;
  let cleanup: (() => Promise<void>) | void;
  beforeAll(async () => {
    env = await startUiEnv();
    cleanup = await options.prepare?.(env);
    signedIn = await openSignedIn(env, options);
    await options.afterSignIn?.(signedIn.page);
  }, 60_000);
  afterAll(async () => {
    await signedIn?.browser.close();
    await cleanup?.();
    await env?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the signed-in page is not open yet (beforeAll)');
    return value;
  };
  return {
    get env() {
      return ready(env);
    },
    get page() {
      return ready(signedIn).page;
    },
  };
}
