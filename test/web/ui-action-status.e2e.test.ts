/**
 * The status line at the bottom of a page (what the last action did): a message goes away after
 * a while, an error stays until it is dismissed, and a later action's outcome replaces an
 * earlier one instead of leaving it on screen beside a contradicting one.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { subscribeFeed, useSignedInPage } from './ui-env.js';

const FEED_LABEL = 'Team holidays';
/** What "Sync now" says for the feed. */
const SYNC_STARTED = `Sync started for 1 calendar of ${FEED_LABEL}.`;
const REFUSAL = 'calintel is busy: try again in a minute';

describeInBrowser('the status line of the dashboard', () => {
  const ui = useSignedInPage({
    prepare: async (env) => {
      const feed = await subscribeFeed(env, FEED_LABEL);
      return () => feed.close();
    },
    // The page's clock, so that the test can move past "a while" without waiting for it.
    beforeSignIn: (fresh) => fresh.clock.install(),
    afterSignIn: (page) =>
      page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Connections' })
        .click(),
  });

  const feedCalendar = (): Locator =>
    ui.page.getByRole('article', { name: `ICS feed: ${FEED_LABEL}` });
  const statusLine = (): Locator => ui.page.locator('.action-status');

  async function syncNow(): Promise<void> {
    await feedCalendar().getByRole('button', { name: 'Sync now' }).click();
    await ui.page.getByRole('status').filter({ hasText: SYNC_STARTED }).waitFor();
  }

  it('a failed import replaces the outcome of the action before it', async () => {
    await syncNow();
    const form = ui.page.getByRole('form', { name: 'Import an .ics file' });
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
    await ui.page.clock.fastForward('00:30');

    await expect.poll(() => statusLine().innerText()).toBe('');
  });

  it("an error stays until it is dismissed, with the server's reason", async () => {
    await ui.page.route('**/api/v1/calendar/calendars/*/', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'unavailable', message: REFUSAL } }),
          })
        : route.fallback(),
    );
    await feedCalendar().getByRole('checkbox').uncheck();
    const error = ui.page.getByRole('alert').filter({ hasText: REFUSAL });
    await error.waitFor();
    await ui.page.clock.fastForward('02:00');
    expect(await error.isVisible()).toBe(true);

    await statusLine().getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => statusLine().innerText()).toBe('');
    // Focus goes to the page's main region, not to the document.
    expect(await ui.page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('main');
    expect(await feedCalendar().getByRole('checkbox').isChecked()).toBe(true);
  });
});
