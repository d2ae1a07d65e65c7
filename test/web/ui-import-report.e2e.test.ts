/**
 * The report of an .ics import counts the file's issues, not "events that could not be read":
 * some issues are about events it imported (a DTEND before DTSTART is read the other way round),
 * so a 9-event file gave "6 added" and "4 could not be read". Each issue says what was done, and
 * the events left out are counted from them.
 */
import { expect, it } from 'vitest';
import { describeInBrowser, SCREENSHOT_DIR } from '../support/browser.js';
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

/**
 * Ten events: five fine, one whose DTEND comes first (kept), three without a start and one whose
 * start is no date (left out).
 */
const brokenExport = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//calintel//ui test//EN',
  ...[1, 2, 3, 4, 5].flatMap((n) => event(`fine-${n}`, icsTime(n + 2, 9), icsTime(n + 2, 10))),
  ...event('swapped', icsTime(3, 14), icsTime(3, 13)),
  ...[1, 2, 3].flatMap((n) => event(`nostart-${n}`, null, icsTime(4, 12))),
  ...event('baddate', '2026-13-45T99:00', icsTime(4, 12)),
  'END:VCALENDAR',
].join('\r\n');

describeInBrowser('the report of an import with issues', () => {
  // A desktop window: the import card is a third of the forms' row until its issues are shown.
  const ui = useSignedInPage({ viewport: { width: 1440, height: 900 } });

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
      `Imported “${FILE}”: 6 events added, 0 updated. 5 issues, 4 events left out, 1 kept despite an issue: listed below.`,
    );
    expect(await page.getByText('could not be read').count()).toBe(0);
    expect(await page.getByText(/Left out of/).count()).toBe(0);

    const table = form.getByRole('table', { name: `5 issues in “${FILE}”` });
    await table.waitFor();
    const rows = await table.getByRole('row').allInnerTexts();
    // A header row and the five issues.
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(/What was wrong\s+What calintel did/);
    const issues = rows.slice(1);
    expect(issues.filter((row) => /Event skipped$/.test(row))).toHaveLength(4);
    expect(
      issues.filter((row) => /"2026-13-45T99:00" not a date or date-time/.test(row)),
    ).toHaveLength(1);
    expect(issues.filter((row) => /DTEND.*before DTSTART/.test(row))).toHaveLength(1);
    expect(issues.find((row) => /DTEND.*before DTSTART/.test(row))).toMatch(
      /read as running from DTEND to DTSTART$/,
    );
  });

  it('shows the whole issue table at desktop width, with nothing over it', async () => {
    const { page } = ui;
    const form = page.getByRole('form', { name: 'Import an .ics file' });
    const table = form.getByRole('table', { name: `5 issues in “${FILE}”` });
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/import-issues-1440.png` });
    const region = form.getByRole('region', { name: `5 issues in “${FILE}”` });
    const widths = await region.evaluate((box) => ({
      box: box.clientWidth,
      table: box.scrollWidth,
    }));
    // Cut off was 441 px of table in a 335 px box.
    expect(widths.table).toBeLessThanOrEqual(widths.box);
    expect(await table.getByRole('columnheader', { name: 'What calintel did' }).isVisible()).toBe(
      true,
    );
    // The summary stands in the card; the floating status line says nothing over the table.
    const floating = page.locator('.action-status [role="status"]');
    expect(await floating.innerText()).toBe('');
  });

  it('says when the file was imported, not that it is connected, and calls no calendar primary', async () => {
    const { page } = ui;
    const card = page.getByRole('article', { name: `Imported file: ${FILE}` });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/Imported \w{3},? \d{1,2} \w{3} \d{4}/);
    expect(await card.getByText('Connected', { exact: true }).count()).toBe(0);
    expect(await card.getByText('(primary)').count()).toBe(0);
  });

  it('forgets a feed’s failed answer once the URL changes or the browser refuses it', async () => {
    const { page } = ui;
    const form = page.getByRole('form', { name: 'Add ICS feed' });
    const url = form.getByLabel('Feed URL');
    // Nothing listens on port 1: the server cannot reach the feed.
    await url.fill('http://127.0.0.1:1/feed.ics');
    await form.getByRole('button', { name: 'Add ICS feed' }).click();
    const error = form.getByRole('alert');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/could not reach the feed/);
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    const errorId = await error.getAttribute('id');
    expect((await url.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);

    await url.fill('not a url');
    await form.getByRole('button', { name: 'Add ICS feed' }).click();
    expect(
      await url.evaluate((input) => (input as { validationMessage?: string }).validationMessage),
    ).not.toBe('');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await url.getAttribute('aria-invalid')).toBeNull();
    expect(await url.getAttribute('aria-describedby')).toBeNull();
  });
});
