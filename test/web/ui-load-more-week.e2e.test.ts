/**
 * The meetings page's default week moves on at Monday's midnight; a user who had loaded more
 * than one page of last week's meetings sees as many of the new week's, not one page. Dana's
 * calendar gets nine demos a day with Aperture Robotics over last week and this week: 63 a
 * week, more than the page's 50.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { at, dayOf } from './dashboard-env.js';
import { DANA, importFile, useSignedInPage } from './ui-env.js';

const PER_DAY = 9;
const PER_WEEK = PER_DAY * 7;

/** Days from today to the Monday the default week moves on to (that of tomorrow's week). */
const monday = (() => {
  const tomorrow = Date.parse(`${dayOf(1)}T00:00:00Z`);
  const sinceMonday = (new Date(tomorrow).getUTCDay() + 6) % 7;
  return 1 - sinceMonday;
})();

const icsTime = (days: number, hour: number, minute = 0) =>
  at(days, hour, minute).replace(/[-:]|\.\d+/g, '');

/** Nine half-hour demos a day, each with Elena of Aperture Robotics, over the two weeks. */
function demos(): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calintel//ui test//EN'];
  for (let day = monday - 7; day < monday + 7; day++)
    for (let n = 0; n < PER_DAY; n++)
      lines.push(
        'BEGIN:VEVENT',
        `UID:demo-${day}-${n}@ui.test`,
        'DTSTAMP:20260101T000000Z',
        `DTSTART:${icsTime(day, 6 + n)}`,
        `DTEND:${icsTime(day, 6 + n, 30)}`,
        `SUMMARY:Product demo and pricing review ${day}/${n}`,
        `ORGANIZER;CN=Dana Reyes:mailto:${DANA}`,
        `ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:${DANA}`,
        'ATTENDEE;PARTSTAT=ACCEPTED:mailto:elena@aperture.io',
        'END:VEVENT',
      );
  lines.push('END:VCALENDAR');
  return lines.join('\r\n');
}

describeInBrowser('"Load more" and the week moving on', () => {
  const ui = useSignedInPage({
    // Sunday, half past eleven: the default week moves on half an hour in.
    beforeSignIn: (page) => page.clock.install({ time: Date.parse(at(monday - 1, 23, 30)) }),
    prepare: (env) => importFile(env, demos(), 'Demos'),
  });

  it('shows as many of the new week’s meetings as were loaded of the last', async () => {
    const { page, env } = ui;
    await page.goto(`${env.base}/meetings`);
    const cards = page.getByRole('article');
    const loadMore = page.getByRole('button', { name: 'Load more' });
    await loadMore.waitFor();
    expect(await cards.count()).toBe(50);
    await loadMore.click();
    await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(PER_WEEK);
    const loaded = await cards.count();
    expect(await loadMore.count()).toBe(0);

    const from = new Date(Date.parse(`${dayOf(monday)}T00:00:00Z`)).toISOString();
    const newWeek = page.waitForResponse(
      (response) =>
        response.url().includes('/meetings/') &&
        response.url().includes(`from=${encodeURIComponent(from)}`),
    );
    await page.clock.fastForward('01:00:00');
    expect(new URL((await newWeek).url()).searchParams.get('limit')).toBe(String(loaded));
    await page.waitForTimeout(1_000);
    const shown = await cards.count();
    expect(shown).toBeGreaterThanOrEqual(PER_WEEK);
    const titles = await cards.locator('h3').allInnerTexts();
    expect(new Set(titles).size).toBe(shown);
    expect(titles.some((title) => title.includes(` ${monday}/0`))).toBe(true);
  });
});
