/**
 * A dashboard tab left open overnight moves on to the new day at midnight in the zone its page
 * shows (Dana's profile: UTC; the browser here is in Auckland, whose midnight is half a day
 * away), and when it is shown again after the machine slept, without a reload and without
 * losing the filters chosen or the place scrolled to. The page's clock is Playwright's; the
 * server's is the real one, so the meetings sit where ui-env put them: the review and the demo
 * that clash tomorrow (dayOf(1)).
 */
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeAll, afterAll, expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { at, dayOf } from './dashboard-env.js';
import {
  ACCOUNT,
  DEMO_TITLE,
  openSignedIn,
  REVIEW_TITLE,
  startUiEnv,
  type UiEnv,
} from './ui-env.js';

const DAY_MS = 86_400_000;
const NO_CONFLICTS = /No open conflicts in the next 7 days/;

/** Monday of the week `date` (YYYY-MM-DD) is in, as YYYY-MM-DD. */
function mondayOf(date: string): string {
  const day = Date.parse(`${date}T00:00:00Z`);
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

describeInBrowser('the dashboard’s day moves on while the tab stays open', () => {
  let env: UiEnv;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    env = await startUiEnv();
  }, 60_000);

  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Signed in with the page's clock at `time`, flowing from there, on `path`. */
  async function openAt(time: string, path: string, height = 900): Promise<void> {
    ({ browser, page } = await openSignedIn(env, {
      timezoneId: 'Pacific/Auckland',
      viewport: { width: 1280, height },
      beforeSignIn: (fresh) => fresh.clock.install({ time: Date.parse(time) }),
    }));
    await page.goto(`${env.base}${path}`);
  }

  const card = (title: string) =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });

  it('shows the new day’s conflicts once midnight passes in the profile’s zone', async () => {
    // Half past eleven, six days before the clash: "today and the next 6 days" ends before it.
    await openAt(at(-6, 23, 30), '/conflicts');
    await page.getByText(NO_CONFLICTS).waitFor();

    await page.clock.fastForward('01:00:00');
    await page.getByRole('article').filter({ hasText: DEMO_TITLE }).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('moves the default week on at Monday’s midnight and keeps the filters chosen', async () => {
    const monday = mondayOf(dayOf(1));
    const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) - DAY_MS).toISOString();
    await openAt(sunday.replace('T00:00', 'T23:30'), '/meetings');
    const form = page.getByRole('form', { name: 'Meeting filters' });
    await form.getByLabel('Account').selectOption({ label: ACCOUNT });
    expect(await form.getByLabel('From').inputValue()).toBe(
      new Date(Date.parse(`${monday}T00:00:00Z`) - 7 * DAY_MS).toISOString().slice(0, 10),
    );
    // Last week's kickoff may be in it; the review, the next day, is not.
    await page
      .getByText(/No sales meeting matches/)
      .or(page.getByRole('article'))
      .first()
      .waitFor();
    expect(await card(REVIEW_TITLE).count()).toBe(0);

    await page.clock.fastForward('01:00:00');
    await card(REVIEW_TITLE).waitFor();
    expect(await form.getByLabel('From').inputValue()).toBe(monday);
    expect(await form.getByLabel('Account').inputValue()).not.toBe('');
  });

  it('keeps the list and the place scrolled to while the new day’s list loads', async () => {
    // Fourteen days: the clash is in the range before midnight and after it.
    await openAt(at(-6, 23, 30), '/conflicts?days=14', 400);
    await page.getByRole('article').filter({ hasText: DEMO_TITLE }).waitFor();
    const scrolled = await page.evaluate<number>(
      'window.scrollTo(0, document.documentElement.scrollHeight), window.scrollY',
    );
    expect(scrolled).toBeGreaterThan(0);
    // Hold the new day's answer back, to see what the page shows while it waits.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const newDay = `from=${encodeURIComponent(`${dayOf(-5)}T00:00:00.000Z`)}`;
    await page.route(
      (url) => url.pathname.includes('/conflicts/') && url.search.includes(newDay),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    const asked = page.waitForRequest((request) => request.url().includes(newDay));

    await page.clock.fastForward('01:00:00');
    await asked;
    expect(await page.getByText('Loading conflicts…').count()).toBe(0);
    expect(await page.evaluate<number>('window.scrollY')).toBe(scrolled);
    release();
    await page.waitForResponse((response) => response.url().includes(newDay));
    await page.getByRole('article').filter({ hasText: DEMO_TITLE }).waitFor();
    expect(await page.evaluate<number>('window.scrollY')).toBe(scrolled);
  });

  it('catches up when the tab is shown again after the machine slept past midnight', async () => {
    await openAt(at(-6, 23, 30), '/conflicts');
    await page.getByText(NO_CONFLICTS).waitFor();
    // Asleep: the clock jumps and no timer runs; waking shows the tab again.
    await page.clock.setSystemTime(Date.parse(at(-5, 7)));
    await page.evaluate('document.dispatchEvent(new Event("visibilitychange"))');
    await page.getByRole('article').filter({ hasText: DEMO_TITLE }).waitFor();
  });
});
