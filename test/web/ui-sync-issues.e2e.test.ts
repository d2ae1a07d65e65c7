/**
 * What a calendar's last sync found wrong stays on the connections page: after a reload (not
 * only right after an import, where the import form lists it), each calendar says how many
 * issues its last sync had, and a disclosure button lists them, each with its line, what was
 * wrong and what calintel did about it (an event may have been kept, or left out).
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { importFile, useSignedInPage } from './ui-env.js';

const LABEL = 'Broken export';

/** Two events calintel cannot read as written, and one it can. */
const BROKEN_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//calintel//ui test//EN',
  'BEGIN:VEVENT',
  'UID:bad-start@ui.test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:2026-12-01 10:00',
  'SUMMARY:Bad start',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:bad-rule@ui.test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20261202T100000Z',
  'DTEND:20261202T110000Z',
  'RRULE:FREQ=SOMETIMES',
  'SUMMARY:Bad rule',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:fine@ui.test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20261203T100000Z',
  'DTEND:20261203T110000Z',
  'SUMMARY:Fine',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

const LONG_LABEL = 'Long ids';
/** A UID as long as Outlook's item ids (~150 characters). */
const LONG_UID = `040000008200E00074C5B7101A82E008${'0'.repeat(100)}@outlook.test`;

/** An event with a long UID that cannot be read, and an EXDATE whose value holds a "; ". */
const LONG_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//calintel//ui test//EN',
  'BEGIN:VEVENT',
  `UID:${LONG_UID}`,
  'DTSTAMP:20260101T000000Z',
  'SUMMARY:No start',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:exdate@ui.test',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20261201T100000Z',
  'DTEND:20261201T110000Z',
  'RRULE:FREQ=DAILY;COUNT=3',
  'EXDATE:2026; 12',
  'SUMMARY:Daily',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describeInBrowser("a calendar's sync issues on the connections page", () => {
  const ui = useSignedInPage({
    prepare: async (env) => {
      await importFile(env, BROKEN_ICS, LABEL);
      await importFile(env, LONG_ICS, LONG_LABEL);
    },
  });

  const card = (): Locator => ui.page.getByRole('article', { name: `Imported file: ${LABEL}` });

  it('says after a reload how many issues the last sync had, and lists them on demand', async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    await ui.page.reload();
    const toggle = card().getByRole('button', { name: '2 issues' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const listId = await toggle.getAttribute('aria-controls');
    expect(listId).toBeTruthy();
    const list = ui.page.locator(`[id="${listId}"]`);
    expect(await list.isVisible()).toBe(false);
    // A collapsed calendar's issues are not in the page at all (a calendar may have hundreds).
    expect(
      await ui.page.getByRole('table', { name: /found wrong/, includeHidden: true }).count(),
    ).toBe(0);

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await list.waitFor();
    const rows = list.getByRole('row');
    // A header row and one row per issue: the line, what was wrong, what was done.
    await expect.poll(() => rows.count()).toBe(3);
    const headers = await list.getByRole('columnheader').allInnerTexts();
    expect(headers).toEqual(['Line', 'What was wrong', 'What calintel did']);
    const text = await list.innerText();
    expect(text).toMatch(/DTSTART/);
    expect(text).toMatch(/SOMETIMES|RRULE|FREQ/);
    expect(text).toMatch(/\b7\b/);

    await toggle.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await list.isVisible()).toBe(false);
    expect(
      await ui.page.getByRole('table', { name: /found wrong/, includeHidden: true }).count(),
    ).toBe(0);
  });

  it('says nothing of issues for a calendar whose last sync had none', async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    await card().waitFor();
    const others = ui.page
      .getByRole('article')
      .filter({ hasNotText: LABEL })
      .filter({ hasNotText: LONG_LABEL });
    await others.first().waitFor();
    expect(
      await others
        .first()
        .getByRole('button', { name: /issues?$/ })
        .count(),
    ).toBe(0);
  });

  it('shows a long event id shortened, whole on hover, and splits only outside quotes', async () => {
    await ui.page.goto(`${ui.env.base}/connections`);
    const long = ui.page.getByRole('article', { name: `Imported file: ${LONG_LABEL}` });
    await long.getByRole('button', { name: '2 issues' }).click();
    const list = long.getByRole('table', { name: /found wrong/ });
    const noStart = list.getByRole('row').filter({ hasText: 'No DTSTART' });
    const shown = noStart.locator(`[title="${LONG_UID}"]`);
    expect(await shown.innerText()).toBe(`${LONG_UID.slice(0, 12)}…${LONG_UID.slice(-8)}`);
    expect(await noStart.getByRole('cell').nth(2).innerText()).toBe('Event skipped');
    const exdate = list.getByRole('row').filter({ hasText: 'EXDATE' });
    const cells = await exdate.getByRole('cell').allInnerTexts();
    expect(cells[1]).toMatch(
      /^EXDATE "2026; 12" ignored: not a date or date-time \(event exdate@ui\.test\)$/,
    );
    expect(cells[2]).toBe('Synced the rest of the calendar');
  });
});
