/**
 * A feed or an account disconnected with "Keep the synced events" (the default) keeps its events
 * with nothing left to update them: its card says so and offers "Remove its events", which asks
 * first (a dialog that gives focus back when cancelled), then deletes the connection with its
 * calendars, events and the conflict they caused, and focus goes to the list.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { startFeedServer } from '../support/feed-server.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { at } from './dashboard-env.js';
import { DANA, useSignedInPage, type UiEnv } from './ui-env.js';

const FEED_LABEL = 'Sales feed';
const TITLE = `ICS feed: ${FEED_LABEL}`;

const icsTime = (days: number, hour: number) => at(days, hour).replace(/[-:]|\.\d+/g, '');

/** Two of Dana's calls that overlap, the day after tomorrow: a conflict of the feed's own. */
const meeting = (uid: string, title: string, start: number, end: number) => [
  'BEGIN:VEVENT',
  `UID:${uid}@feed.test`,
  'DTSTAMP:20260101T000000Z',
  `DTSTART:${icsTime(2, start)}`,
  `DTEND:${icsTime(2, end)}`,
  `SUMMARY:${title}`,
  `ORGANIZER;CN=Dana Reyes:mailto:${DANA}`,
  `ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:${DANA}`,
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:elena@aperture.io',
  'END:VEVENT',
];
const salesFeed = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//calintel//ui test//EN',
  ...meeting('pricing', 'Pricing call', 10, 12),
  ...meeting('renewal', 'Renewal call', 11, 13),
  'END:VCALENDAR',
].join('\r\n');

/** The feed, subscribed to and synced. */
async function subscribeOverlapping(env: UiEnv): Promise<() => Promise<void>> {
  const feed = await startFeedServer(salesFeed);
  const response = await env.api.server.inject({
    method: 'POST',
    url: `${CALENDAR_BASE}/providers/ics/connect/`,
    headers: bearer(env.token),
    payload: { url: feed.url(), label: FEED_LABEL },
  });
  if (response.statusCode !== 201) throw new Error(`subscribe: ${response.body}`);
  await env.api.app.queue.drain();
  return () => feed.close();
}

describeInBrowser('removing the events a disconnected connection kept', () => {
  const ui = useSignedInPage({ prepare: subscribeOverlapping });

  const card = (): Locator => ui.page.getByRole('article', { name: TITLE });
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

  async function feedEvents(): Promise<number> {
    const { store } = ui.env.api.app;
    const calendars = await store.calendars.list(ui.env.dana);
    let events = 0;
    for (const calendar of calendars.filter((c) => c.name === FEED_LABEL))
      events += await store.events.count(ui.env.dana, { calendarId: calendar.id });
    return events;
  }

  it('keeps the events on disconnect, says so on the card and offers to remove them', async () => {
    const { page } = ui;
    await expect.poll(openConflicts, { timeout: 10_000 }).toBeGreaterThan(1);
    const events = await feedEvents();
    expect(events).toBeGreaterThan(0);
    await page.goto(`${ui.env.base}/connections`);
    await card().getByRole('button', { name: 'Disconnect', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Disconnect ${FEED_LABEL}?` });
    expect(await dialog.getByLabel(/Keep the synced events/).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Confirm disconnect' }).click();
    await card().getByText('Disconnected', { exact: true }).waitFor();
    expect(await feedEvents()).toBe(events);

    const text = await card().innerText();
    expect(text).toMatch(/Its events were kept when it was disconnected/);
    expect(text).toMatch(/Use “Remove its events” to delete them/);
    expect(await card().getByRole('button', { name: 'Disconnect', exact: true }).count()).toBe(0);
    await card().getByRole('button', { name: 'Remove its events' }).waitFor();
  });

  it('asks first, gives focus back when cancelled, then removes the events and their conflict', async () => {
    const { page } = ui;
    const before = await openConflicts();
    await page.goto(`${ui.env.base}/connections`);
    const remove = card().getByRole('button', { name: 'Remove its events' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Remove the events of ${FEED_LABEL}?` });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/deletes the \d+ events this disconnected connection/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(remove)).toBe(true);
    expect(await feedEvents()).toBeGreaterThan(0);

    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Confirm remove' }).click();
    await card().waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: 'is removed, with its calendars and events' })
      .waitFor();
    expect(await isFocused(page.getByRole('heading', { name: 'Your calendar connections' }))).toBe(
      true,
    );
    expect(await feedEvents()).toBe(0);
    await expect.poll(openConflicts, { timeout: 10_000 }).toBeLessThan(before);
  });
});
