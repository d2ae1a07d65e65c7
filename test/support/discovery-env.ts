/**
 * The app that calendar discovery tests drive against a provider emulator: the real API on a free
 * port (its public URL, so push can reach it), the task handlers on the test's clock, Dana as a
 * calintel user with an API token, and her account connected through the real OAuth flow. Each
 * test keeps its own emulator and seed; this is the part they all set up alike.
 */
import { expect } from 'vitest';
import type {
  GoogleEventInput,
  GoogleSeed,
  GoogleSeedCalendar,
} from '../../emulators/google/types.js';
import type { RunningMicrosoftEmulator } from '../../emulators/microsoft/index.js';
import type { GraphSeed, GraphSeedCalendar } from '../../emulators/microsoft/types.js';
import { REFRESH_CALENDAR_LISTS, taskHandlers } from '../../src/app/tasks.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import type { Calendar, Scope, Store } from '../../src/store/store.js';
import { finishCallbackFetch } from './oauth-callback.js';
import { freePort } from './ports.js';
import { bearer, buildTestApi, type TestApi } from './test-app.js';

export const DANA = 'dana@northwind.io';
export const HOUR_MS = 3_600_000;

/** A Google event `hours` from now, an hour long, in Berlin. */
export const googleMeeting = (id: string, hours: number) => {
  const soon = (h: number) => new Date(Date.now() + h * HOUR_MS).toISOString();
  return {
    id,
    summary: `Discovery call ${id}`,
    start: { dateTime: soon(hours), timeZone: 'Europe/Berlin' },
    end: { dateTime: soon(hours + 1), timeZone: 'Europe/Berlin' },
  };
};

/** The Google emulator's seed: Dana and her calendars. */
export function danaAtGoogle(calendars: GoogleSeedCalendar[]): GoogleSeed {
  return { users: [{ email: DANA, name: 'Dana Reyes', calendars }] };
}

/** A Google calendar in Berlin with these events. */
export const berlinCalendar = (
  id: string,
  summary: string,
  events: GoogleEventInput[],
): GoogleSeedCalendar => ({ id, summary, timeZone: 'Europe/Berlin', events });

/** Dana's primary Google calendar, in Berlin, with these events. */
export const danasPrimaryCalendar = (events: GoogleEventInput[]): GoogleSeedCalendar => ({
  ...berlinCalendar(DANA, 'Dana Reyes', events),
  primary: true,
});

/** A Graph dateTimeTimeZone `hours` from now, in UTC, as Graph writes it. */
export const graphTime = (hours: number) => ({
  dateTime: `${new Date(Date.now() + hours * HOUR_MS).toISOString().slice(0, 19)}.0000000`,
  timeZone: 'UTC',
});

/** The Microsoft (Graph) emulator's seed: Dana and her Outlook calendars. */
export function danaAtOutlook(calendars: GraphSeedCalendar[]): GraphSeed {
  return { users: [{ email: DANA, name: 'Dana Reyes', calendars }] };
}

/** Dana's default Outlook calendar, with a pipeline review a day from now. */
export const danasOutlookCalendar = (): GraphSeedCalendar => ({
  id: 'cal-dana',
  name: 'Calendar',
  isDefaultCalendar: true,
  events: [{ id: 'AAMkOwn', subject: 'Pipeline review', start: graphTime(24), end: graphTime(25) }],
});

/** The settings that point the service at a running Microsoft (Graph) emulator. */
export function microsoftEmulatorEnv(
  emulator: Pick<RunningMicrosoftEmulator, 'clientId' | 'clientSecret' | 'url'>,
): Record<string, string> {
  return {
    MICROSOFT_CLIENT_ID: emulator.clientId,
    MICROSOFT_CLIENT_SECRET: emulator.clientSecret,
    MICROSOFT_AUTHORITY_URL: emulator.url,
    MICROSOFT_GRAPH_API_URL: emulator.url,
  };
}

/** A row of `GET /api/v1/calendar/sync/status/`. */
export interface SyncStatusItem {
  calendarId: string;
  state: string;
  nextRunAt: string | null;
  lastError: { kind: string; message: string; at: string | null } | null;
}

export interface DiscoveryAppOptions {
  store: Store;
  /** The emulator's settings (client, URLs); the public URL and rate limit are added. */
  env: Record<string, string>;
  clock?: () => Date;
  appOptions?: Parameters<typeof buildTestApi>[3];
  orgName: string;
  tokenName: string;
  /** What else a settled app waits for before its queue drains (Graph's deliveries, say). */
  settled?: () => Promise<void>;
}

export interface StartedDiscoveryApp {
  api: TestApi;
  base: string;
  token: string;
  scope: Scope;
  handlers: Map<string, JobHandler>;
}

/**
 * The app's parts and the calls on it. The calls may be taken apart when the describe block is
 * built (`const { call, refreshLists } = app`): they reach the app once `start` has run.
 */
export function discoveryApp() {
  let started: (StartedDiscoveryApp & { settled: () => Promise<void> }) | undefined;
  const need = () => {
    if (!started) throw new Error('the discovery app is not started');
    return started;
  };

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${need().base}${path}`, {
      method,
      headers: { ...bearer(need().token), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const settle = async () => {
    await need().settled();
    await need().api.app.queue.drain();
  };
  const statuses = async () =>
    (
      (await (await call('GET', '/api/v1/calendar/sync/status/')).json()) as {
        calendars: SyncStatusItem[];
      }
    ).calendars;
  /** What the periodic `refresh_calendar_lists` task does, then what it queued. */
  const refreshLists = async () => {
    await need().handlers.get(REFRESH_CALENDAR_LISTS)!(null, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });
    await settle();
  };
  const calendarNamed = async (remoteId: string): Promise<Calendar | undefined> =>
    (await need().api.app.store.calendars.list(need().scope)).find(
      (c) => c.providerCalendarId === remoteId,
    );
  /**
   * Connects Dana's account as the dashboard does: the connect call, the emulator's consent
   * (through `consentFetch`, one trusting its certificate where it has one), the callback.
   */
  const connect = async (
    provider: 'google' | 'outlook',
    body: Record<string, unknown> = {},
    consentFetch: typeof fetch = fetch,
  ) => {
    const started = await call('POST', `/api/v1/calendar/providers/${provider}/connect/`, body);
    const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
    const consent = await consentFetch(authorizationUrl, { redirect: 'manual' });
    const finished = await finishCallbackFetch(new URL(consent.headers.get('location') ?? ''));
    expect(finished.status).toBe(200);
    await settle();
  };

  const start = async (options: DiscoveryAppOptions): Promise<StartedDiscoveryApp> => {
    const clock = options.clock ?? (() => new Date());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...options.env,
      CALINTEL_PUBLIC_URL: base,
      API_RATE_LIMIT_PER_MINUTE: '100000',
    };
    const api = await buildTestApi(options.store, env, clock, options.appOptions);
    await api.server.listen({ port, host: '127.0.0.1' });
    const handlers = taskHandlers(api.app, clock);
    api.app.queue.start(handlers);
    const { orgName } = options;
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana Reyes',
      timeZone: 'Europe/Berlin',
      internalDomains: ['northwind.io'],
    });
    const scope = { orgId: created.organisation.id, userId: created.user.id };
    const tokenName = options.tokenName;
    const { token } = await api.app.admin.createToken({ email: DANA, orgName, name: tokenName });
    started = {
      api,
      base,
      token,
      scope,
      handlers,
      settled: options.settled ?? (async () => undefined),
    };
    return started;
  };

  const close = async () => {
    await started?.api.close();
  };

  return { start, call, settle, statuses, refreshLists, calendarNamed, connect, close };
}
