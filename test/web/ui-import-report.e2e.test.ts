/**
 * The report of an .ics import counts the file's issues, not "events that could not be read":
 * some issues are about events it imported (a DTEND before DTSTART is read the other way round),
 * so a 9-event file gave "6 added" and "4 could not be read". Each issue says what was done, and
 * the events left out are counted from them.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { at } from './dashboard-env.js';
import { useSignedInPage } from './ui-env.js';

const FILE = 'broken-export.ics';

const icsTime = (days: number, hour: number) => at(days, hour).replace(/[-:]|\.\d+/g, '');

const event = (uid: string, start: string | null, end: string) => [
  'BEGIN:VEVENT',
  `UID:${uid}@ui.test`,
  'DTSTAMP:20260101T000000Z',
  ...(start ? [`DTSTART:${start}`] : []),
  `DTEND:${end}`,
  `SUMMARY:Call ${uid}`,
  'END:VEVENT',
];

/** Nine events: five fine, one whose DTEND comes first (kept), three without a start (left out). */
const brokenExport = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//calintel//ui test//EN',
  ...[1, 2, 3, 4, 5].flatMap((n) => event(`fine-${n}`, icsTime(n + 2, 9), icsTime(n + 2, 10))),
  ...event('swapped', icsTime(3, 14), icsTime(3, 13)),
  ...[1, 2, 3].flatMap((n) => event(`nostart-${n}`, null, icsTime(4, 12))),
  'END:VCALENDAR',
].join('\r\n');

describeInBrowser('the report of an import with issues', () => {
  const ui = useSignedInPage();

  it('counts issues and the events left out, and says what was done for each', async () => {
    const { page } = ui;
    await page.goto(`${ui.env.base}/connections`);
    const form = page.getByRole('form', { name: 'Import an .ics file' });
    await form.getByLabel('Calendar file').setInputFiles({
      name: FILE,
      mimeType: 'text/calendar',
      buffer: Buffer.from(brokenExport),
    });
    await form.getByRole('button', { name: 'Import file' }).click();

    const status = page.getByRole('status').filter({ hasText: 'Imported' });
    await status.waitFor();
    expect(await status.innerText()).toContain(
      `Imported “${FILE}”: 6 events added, 0 updated. 4 issues, 3 events left out, 1 kept despite an issue: see the list under the import form.`,
    );
    expect(await page.getByText('could not be read').count()).toBe(0);
    expect(await page.getByText(/Left out of/).count()).toBe(0);

    const table = form.getByRole('table', { name: `4 issues in “${FILE}”` });
    await table.waitFor();
    const rows = await table.getByRole('row').allInnerTexts();
    // A header row and the four issues.
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/What was wrong\s+What calintel did/);
    const issues = rows.slice(1);
    expect(issues.filter((row) => /Event skipped$/.test(row))).toHaveLength(3);
    expect(issues.filter((row) => /DTEND.*before DTSTART/.test(row))).toHaveLength(1);
    expect(issues.find((row) => /DTEND.*before DTSTART/.test(row))).toMatch(
      /read as running from DTEND to DTSTART$/,
    );
  });
});
