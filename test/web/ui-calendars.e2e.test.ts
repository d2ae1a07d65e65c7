/**
 * The connections page tells an imported .ics file from a subscribed feed: each is named for
 * what it is, and an imported file's calendar cannot be unticked (its events could not be synced
 * back), which the page says instead of offering it, nor synced (there is no source to sync from).
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { CALENDAR_LABEL, subscribeFeed, useSignedInPage } from './ui-env.js';

const FEED_LABEL = 'Team holidays';

describeInBrowser('imported files and feeds on the connections page', () => {
  const ui = useSignedInPage({
    prepare: async (env) => {
      const feed = await subscribeFeed(env, FEED_LABEL);
      return () => feed.close();
    },
  });

  const importedFile = (): Locator =>
    ui.page.getByRole('article', { name: `Imported file: ${CALENDAR_LABEL}` });
  const subscribedFeed = (): Locator =>
    ui.page.getByRole('article', { name: `ICS feed: ${FEED_LABEL}` });

  /** The text a control's aria-describedby points at. */
  async function descriptionOf(control: Locator): Promise<string> {
    const id = await control.getAttribute('aria-describedby');
    return id ? ui.page.locator(`[id="${id}"]`).innerText() : '';
  }

  it('names an imported file as a file and a feed as a feed', async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    await importedFile().waitFor();
    await subscribedFeed().waitFor();
  });

  it("keeps an imported file's calendar ticked, saying why and what to do instead", async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    const box = importedFile().getByRole('checkbox');
    expect(await box.isChecked()).toBe(true);
    expect(await box.isDisabled()).toBe(true);
    expect(await descriptionOf(box)).toMatch(/import it again/i);

    const feedBox = subscribedFeed().getByRole('checkbox');
    expect(await feedBox.isChecked()).toBe(true);
    expect(await feedBox.isDisabled()).toBe(false);
  });

  it('offers "Sync now" for a feed but not for an imported file, which has nothing to sync from', async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    const feedSync = subscribedFeed().getByRole('button', { name: 'Sync now' });
    await feedSync.waitFor();
    expect(await feedSync.isEnabled()).toBe(true);
    await importedFile().getByRole('button', { name: 'Delete calendar' }).waitFor();
    expect(await importedFile().getByRole('button', { name: 'Sync now' }).count()).toBe(0);
  });

  it('lets an imported file turned off by an earlier version be ticked again', async () => {
    const { store } = ui.env.api.app;
    const [calendar] = (await store.calendars.list(ui.env.dana)).filter(
      (c) => c.name === CALENDAR_LABEL,
    );
    if (!calendar) throw new Error('the imported calendar is missing');
    await store.calendars.setSelected(ui.env.dana, calendar.id, false);
    await ui.page.goto(`${ui.env.base}/connections`);
    const box = importedFile().getByRole('checkbox');
    expect(await box.isChecked()).toBe(false);

    await box.check();
    await ui.page.getByRole('status').filter({ hasText: 'is synced again' }).waitFor();
    expect((await store.calendars.get(ui.env.dana, calendar.id))?.selected).toBe(true);
  });
});
