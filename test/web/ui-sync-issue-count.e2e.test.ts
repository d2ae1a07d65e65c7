/**
 * A calendar whose last sync had more issues than its status keeps (200): the connections page
 * says how many there were, and that the list holds the first 200, rather than "200 issues";
 * the sync status answer carries the total beside the list, and the import's counts say it too.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { useSignedInPage, type UiEnv } from './ui-env.js';

const LABEL = 'Many broken';
const BROKEN = 250;

/** `BROKEN` events without a start, an issue each, and one it reads (a file of none is refused). */
function manyBroken(): string {
  const events = Array.from({ length: BROKEN }, (_, i) => [
    'BEGIN:VEVENT',
    `UID:broken-${i}@ui.test`,
    'DTSTAMP:20260101T000000Z',
    `SUMMARY:Broken ${i}`,
    'END:VEVENT',
  ]).flat();
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//ui test//EN',
    ...events,
    'BEGIN:VEVENT',
    'UID:fine@ui.test',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20261203T100000Z',
    'DTEND:20261203T110000Z',
    'SUMMARY:Fine',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

/** What the import answered: its counts, summed over its calendars. */
let imported: { sync: { issues: number } | null } | null = null;

async function importMany(env: UiEnv): Promise<void> {
  const response = await env.api.server.inject({
    method: 'POST',
    url: `${CALENDAR_BASE}/providers/ics/connect/?label=${encodeURIComponent(LABEL)}`,
    headers: { ...bearer(env.token), 'content-type': 'text/calendar' },
    payload: manyBroken(),
  });
  if (response.statusCode !== 201) throw new Error(`import: ${response.body}`);
  imported = response.json();
  await env.api.app.queue.drain();
}

describeInBrowser('more sync issues than a calendar keeps', () => {
  const ui = useSignedInPage({ prepare: importMany });

  it('the sync status and the import count every issue, and list the first 200', async () => {
    expect(imported?.sync?.issues).toBe(BROKEN);
    const response = await ui.env.api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/sync/status/`,
      headers: bearer(ui.env.token),
    });
    const body = response.json() as {
      calendars: { calendarName: string; issueCount: number; issues: unknown[] }[];
    };
    const status = body.calendars.find((s) => s.calendarName === LABEL);
    expect(status?.issueCount).toBe(BROKEN);
    expect(status?.issues).toHaveLength(200);
  });

  it('the connections page says how many there were, and that 200 are listed', async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    const card = ui.page.getByRole('article', { name: `Imported file: ${LABEL}` });
    const toggle = card.getByRole('button', { name: `${BROKEN} issues (the first 200 listed)` });
    await toggle.click();
    const list = card.getByRole('table', { name: /found wrong/ });
    // A header row and the 200 listed.
    await expect.poll(() => list.getByRole('row').count()).toBe(201);
  });
});
