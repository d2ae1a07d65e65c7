/**
 * An imported .ics file is deleted, not disconnected, on the connections page: "Delete calendar"
 * asks first (a dialog that gives focus back when cancelled), then removes the calendar, its
 * events and the conflict they caused, and focus goes to the list, not to the document. A file
 * disconnected by an earlier version, whose events stayed, can be deleted the same way. A feed
 * keeps its "Disconnect", worded for a feed.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { bearer } from '../support/test-app.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { CALENDAR_LABEL, DANA, importFile, subscribeFeed, useSignedInPage } from './ui-env.js';
import { at } from './dashboard-env.js';

const FEED_LABEL = 'Team holidays';
const OLD_FILE = 'Old export';

const icsTime = (days: number, hour: number) => at(days, hour).replace(/[-:]|\.\d+/g, '');

/** One meeting a week from now, in a file of its own. */
const oldExport = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//calintel//ui test//EN',
  'BEGIN:VEVENT',
  'UID:old@ui.test',
  'DTSTAMP:20260101T000000Z',
  `DTSTART:${icsTime(7, 9)}`,
  `DTEND:${icsTime(7, 10)}`,
  'SUMMARY:Pricing call',
  `ORGANIZER;CN=Dana Reyes:mailto:${DANA}`,
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:elena@aperture.io',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describeInBrowser('deleting an imported file on the connections page', () => {
  const ui = useSignedInPage({
    prepare: async (env) => {
      await importFile(env, oldExport, OLD_FILE);
      const feed = await subscribeFeed(env, FEED_LABEL);
      return () => feed.close();
    },
  });

  const card = (name: string): Locator => ui.page.getByRole('article', { name });
  const isFocused = (locator: Locator) => locator.evaluate((element) => element.matches(':focus'));

  async function openConflicts(): Promise<number> {
    const response = await ui.env.api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/conflicts/`,
      headers: bearer(ui.env.token),
    });
    const { items } = response.json() as { items: { status: string }[] };
    return items.filter((conflict) => conflict.status === 'open').length;
  }

  async function calendarNames(): Promise<string[]> {
    const calendars = await ui.env.api.app.store.calendars.list(ui.env.dana);
    return calendars.map((c) => c.name);
  }

  it('offers "Delete calendar" for a file, not "Disconnect", and says so beside its calendar', async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    const file = card(`Imported file: ${CALENDAR_LABEL}`);
    await file.getByRole('button', { name: 'Delete calendar' }).waitFor();
    expect(await file.getByRole('button', { name: 'Disconnect' }).count()).toBe(0);
    expect(await file.innerText()).toMatch(/delete the calendar to remove it and its events/);
    expect(await file.innerText()).not.toMatch(/disconnect it/i);
  });

  it('keeps focus on "Confirm delete" while it works and when it fails', async () => {
    const { page } = ui;
    await page.goto(`${ui.env.base}/connections`);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/calendars\/[^/]+\/$/, async (route) => {
      if (route.request().method() !== 'DELETE') return route.fallback();
      await held;
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'server down' } }),
      });
    });
    await card(`Imported file: ${CALENDAR_LABEL}`)
      .getByRole('button', { name: 'Delete calendar' })
      .click();
    const dialog = page.getByRole('dialog', { name: `Delete ${CALENDAR_LABEL}?` });
    const confirm = dialog.getByRole('button', { name: /^(Confirm delete|Deleting…)$/ });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Deleting…' }).waitFor();
    // Before, the button was disabled while it worked: focus fell to the document.
    expect(await isFocused(confirm)).toBe(true);
    release();
    await dialog.getByRole('alert').filter({ hasText: 'Could not delete. server down' }).waitFor();
    expect(await isFocused(confirm)).toBe(true);
    await page.unroute(/\/calendars\/[^/]+\/$/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await calendarNames()).toContain(CALENDAR_LABEL);
  });

  it('asks first, gives focus back when cancelled, then deletes the file and its conflict', async () => {
    const { page } = ui;
    expect(await openConflicts()).toBe(1);
    await page.goto(`${ui.env.base}/connections`);
    const file = card(`Imported file: ${CALENDAR_LABEL}`);
    const remove = file.getByRole('button', { name: 'Delete calendar' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Delete ${CALENDAR_LABEL}?` });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(
      /deletes this imported file's calendar and its 3 events/,
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(remove)).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Confirm delete' }).click();
    await file.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'is deleted, with its events' }).waitFor();
    expect(await isFocused(page.getByRole('heading', { name: 'Your calendar connections' }))).toBe(
      true,
    );
    expect(await calendarNames()).not.toContain(CALENDAR_LABEL);
    await expect.poll(openConflicts, { timeout: 10_000 }).toBe(0);
  });

  it('deletes a file that an earlier version disconnected, keeping its events', async () => {
    const { store } = ui.env.api.app;
    const connection = (await store.connections.list(ui.env.dana)).find(
      (c) => c.label === OLD_FILE,
    );
    if (!connection) throw new Error('the old export is missing');
    await store.connections.updateStatus(ui.env.dana, connection.id, 'disconnected', null);
    await ui.page.goto(`${ui.env.base}/connections`);
    const file = card(`Imported file: ${OLD_FILE}`);
    await file.getByText('Disconnected', { exact: true }).waitFor();
    expect(await file.innerText()).toMatch(/its events stay until you delete the calendar/);
    await file.getByRole('button', { name: 'Delete calendar' }).click();
    await ui.page.getByRole('button', { name: 'Confirm delete' }).click();
    await file.waitFor({ state: 'detached' });
    expect(await calendarNames()).not.toContain(OLD_FILE);
  });

  it("keeps a feed's Disconnect, worded for a feed, and keeps focus in its card", async () => {
    const { page } = ui;
    await page.goto(`${ui.env.base}/connections`);
    const disconnect = card(`ICS feed: ${FEED_LABEL}`).getByRole('button', {
      name: 'Disconnect',
      exact: true,
    });
    await disconnect.click();
    const dialog = page.getByRole('dialog', { name: `Disconnect ${FEED_LABEL}?` });
    expect(await dialog.innerText()).toMatch(/stops fetching this feed/);
    expect(await dialog.innerText()).not.toMatch(/account|access/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await isFocused(disconnect)).toBe(true);

    // Disconnected, the button is gone: focus is on the card's heading, not the document.
    await disconnect.click();
    await dialog.getByRole('button', { name: 'Confirm disconnect' }).click();
    await disconnect.waitFor({ state: 'detached' });
    const feed = card(`ICS feed: ${FEED_LABEL}`);
    expect(await isFocused(feed.getByRole('heading', { name: `ICS feed: ${FEED_LABEL}` }))).toBe(
      true,
    );
  });
});
