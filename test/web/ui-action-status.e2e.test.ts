/**
 * The status line at the bottom of a page (what the last action did): a message goes away after
 * a while, an error stays until it is dismissed, and a later action's outcome replaces an
 * earlier one instead of leaving it on screen beside a contradicting one.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import type { FeedServer } from '../support/feed-server.js';
import { openSignedIn, startUiEnv, subscribeFeed, type UiEnv } from './ui-env.js';

const FEED_LABEL = 'Team holidays';
/** What "Sync now" says for the feed. */
const SYNC_STARTED = `Sync started for 1 calendar of ${FEED_LABEL}.`;
const REFUSAL = 'calintel is busy: try again in a minute';

describeInBrowser('the status line of the dashboard', () => {
  let env: UiEnv;
  let feed: FeedServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    env = await startUiEnv();
    feed = await subscribeFeed(env, FEED_LABEL);
    ({ browser, page } = await openSignedIn(env, {
      // The page's clock, so that the test can move past "a while" without waiting for it.
      beforeSignIn: (fresh) => fresh.clock.install(),
    }));
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Connections' })
      .click();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await feed?.close();
    await env?.close();
  });

  const feedCalendar = (): Locator =>
    page.getByRole('article', { name: `ICS feed: ${FEED_LABEL}` });
  const statusLine = (): Locator => page.locator('.action-status');

  async function syncNow(): Promise<void> {
    await feedCalendar().getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('status').filter({ hasText: SYNC_STARTED }).waitFor();
  }

  it('a failed import replaces the outcome of the action before it', async () => {
    await syncNow();
    const form = page.getByRole('form', { name: 'Import an .ics file' });
    await form.getByLabel('Calendar file').setInputFiles({
      name: 'notes.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from('These are meeting notes, not a calendar.\n'),
    });
    await form.getByRole('button', { name: 'Import file' }).click();
    await form.getByRole('alert').waitFor();

    expect(await statusLine().innerText()).not.toContain(SYNC_STARTED);
  });

  it('a message goes away after a while', async () => {
    await syncNow();
    await page.clock.fastForward('00:30');

    await expect.poll(() => statusLine().innerText()).toBe('');
  });

  it("an error stays until it is dismissed, with the server's reason", async () => {
    await page.route('**/api/v1/calendar/calendars/*/', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'unavailable', message: REFUSAL } }),
          })
        : route.fallback(),
    );
    await feedCalendar().getByRole('checkbox').uncheck();
    const error = page.getByRole('alert').filter({ hasText: REFUSAL });
    await error.waitFor();
    await page.clock.fastForward('02:00');
    expect(await error.isVisible()).toBe(true);

    await statusLine().getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => statusLine().innerText()).toBe('');
    // Focus goes to the page's main region, not to the document.
    expect(await page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('main');
    expect(await feedCalendar().getByRole('checkbox').isChecked()).toBe(true);
  });
});
