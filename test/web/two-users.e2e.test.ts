/**
 * The dashboard in Chromium with two people: an all-day meeting shown on its own day in a zone
 * west of UTC, and tabs of one browser that follow when another tab signs out and in again (as
 * someone else, or as the same person with a new session).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/api/auth.js';
import { describeInBrowser, launchChromium } from '../support/browser.js';
import { at, dayOf } from './dashboard-env.js';
import {
  ANA,
  BEN,
  GLOBEX_CALL,
  PASSWORD,
  startTwoUsersEnv,
  WORKSHOP,
  type TwoUsersEnv,
} from './two-users-env.js';

const WAIT_MS = 20_000;

describeInBrowser('the dashboard with two people', () => {
  let env: TwoUsersEnv;
  let browser: Browser;

  beforeAll(async () => {
    env = await startTwoUsersEnv();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** A browser in New York, as Ana is. */
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'America/New_York',
    });
    context.setDefaultTimeout(WAIT_MS);
    return context;
  }

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${env.base}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
  }

  async function showMeetingsAroundToday(page: Page): Promise<void> {
    const filters = page.getByRole('form', { name: 'Meeting filters' });
    await filters.getByLabel('From', { exact: true }).fill(at(-7, 0).slice(0, 10));
    await filters.getByLabel('To', { exact: true }).fill(at(7, 0).slice(0, 10));
  }

  it(
    'shows an all-day meeting as all day, under its own date, west of UTC',
    { timeout: 60_000 },
    async () => {
      const context = await newContext();
      try {
        const page = await context.newPage();
        await signIn(page, ANA);
        await showMeetingsAroundToday(page);
        const day = page.locator(`section[aria-labelledby="day-${dayOf(2)}"]`);
        const workshop = day.getByRole('article', { name: WORKSHOP });
        await workshop.waitFor();
        const when = workshop.locator('time');
        expect(await when.textContent()).toMatch(/^All day, /);
        expect(await when.getAttribute('datetime')).toBe(dayOf(2));
        // Not also (or instead) on the evening before.
        expect(await page.getByRole('article', { name: WORKSHOP }).count()).toBe(1);
      } finally {
        await context.close();
      }
    },
  );

  /** In another tab: sign out, then in as `email`, as a colleague sharing the browser would. */
  async function signOutAndIn(tab: Page, email: string): Promise<void> {
    await tab.goto(`${env.base}/meetings`);
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByRole('heading', { name: 'Sign in to calintel' }).waitFor();
    await tab.getByLabel('Email').fill(email);
    await tab.getByLabel('Password').fill(PASSWORD);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.locator('.account__email').filter({ hasText: email }).waitFor();
  }

  /**
   * Another tab signs in as `email`, and the session it replaces ends, as with signing out and
   * in; in this order, so that no other tab can see the moment nobody is signed in.
   */
  async function switchUser(context: BrowserContext, email: string): Promise<void> {
    const old = (await context.cookies(env.base)).find((c) => c.name === SESSION_COOKIE);
    expect(old).toBeDefined();
    const tab = await context.newPage();
    await tab.goto(`${env.base}/sign-in`);
    const status = await tab.evaluate(
      async ({ email, password }) =>
        (
          await fetch('/auth/sign-in', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ email, password }),
          })
        ).status,
      { email, password: PASSWORD },
    );
    expect(status).toBe(200);
    await env.api.app.webAuth.signOut(old?.value ?? '');
  }

  /** A tab whose live stream never answers: only what the page itself does can tell it. */
  async function tabWithoutLiveStream(context: BrowserContext): Promise<Page> {
    const tab = await context.newPage();
    await tab.route('**/api/v1/calendar/live/**', () => {});
    return tab;
  }

  it(
    "an action in a tab whose user was replaced in another tab shows the new user's pages, not a CSRF error",
    { timeout: 60_000 },
    async () => {
      const context = await newContext();
      try {
        const tabA = await tabWithoutLiveStream(context);
        await signIn(tabA, ANA);
        await showMeetingsAroundToday(tabA);
        const workshop = tabA.getByRole('article', { name: WORKSHOP });
        await workshop.waitFor();
        await signOutAndIn(await context.newPage(), BEN);

        await workshop.getByRole('button', { name: 'Confirm' }).click();
        await tabA.locator('.account__email').filter({ hasText: BEN }).waitFor();
        await tabA.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
        expect(await tabA.getByText(/CSRF/).count()).toBe(0);
        expect(await tabA.getByRole('article', { name: WORKSHOP }).count()).toBe(0);
        const anas = await env.api.app.meetings.list(env.ana, { limit: 10 });
        expect(anas.items.map((m) => m.source)).toEqual(['model']);
      } finally {
        await context.close();
      }
    },
  );

  it(
    'a tab goes to sign-in, without any action, when its user signs out in another tab',
    { timeout: 60_000 },
    async () => {
      const context = await newContext();
      try {
        const tabA = await context.newPage();
        await signIn(tabA, ANA);
        await showMeetingsAroundToday(tabA);
        await tabA.getByRole('article', { name: WORKSHOP }).waitFor();
        const tabB = await context.newPage();
        await tabB.goto(`${env.base}/meetings`);
        await tabB.getByRole('button', { name: 'Sign out' }).click();

        // The live stream ends with Ana's session; the tab then finds nobody signed in.
        await tabA.getByRole('heading', { name: 'Sign in to calintel' }).waitFor();
        expect(await tabA.getByText(ANA).count()).toBe(0);
      } finally {
        await context.close();
      }
    },
  );

  it(
    "a tab shows the new user's pages, without any action, when its user was replaced in another tab",
    { timeout: 60_000 },
    async () => {
      const context = await newContext();
      try {
        const tabA = await context.newPage();
        await signIn(tabA, ANA);
        await showMeetingsAroundToday(tabA);
        await tabA.getByRole('article', { name: WORKSHOP }).waitFor();
        await switchUser(context, BEN);

        // The live stream ends with Ana's session; the tab then finds Ben signed in.
        await tabA.locator('.account__email').filter({ hasText: BEN }).waitFor();
        await showMeetingsAroundToday(tabA);
        await tabA.getByRole('article', { name: GLOBEX_CALL }).waitFor();
        expect(await tabA.getByRole('article', { name: WORKSHOP }).count()).toBe(0);
      } finally {
        await context.close();
      }
    },
  );

  it(
    'an action in a tab whose user signed in again in another tab is done with the new session',
    { timeout: 60_000 },
    async () => {
      const context = await newContext();
      try {
        const tabA = await tabWithoutLiveStream(context);
        await signIn(tabA, ANA);
        await showMeetingsAroundToday(tabA);
        const workshop = tabA.getByRole('article', { name: WORKSHOP });
        await workshop.waitFor();
        await signOutAndIn(await context.newPage(), ANA);

        await workshop.getByRole('button', { name: 'Confirm' }).click();
        await tabA.getByRole('status').filter({ hasText: /Saved/ }).waitFor();
        const anas = await env.api.app.meetings.list(env.ana, { limit: 10 });
        expect(anas.items.map((m) => m.source)).toEqual(['feedback']);
      } finally {
        await context.close();
      }
    },
  );
});
