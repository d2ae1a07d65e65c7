/**
 * A list paged with "Load more" keeps what the user loaded when the day moves on: the new day's
 * list is asked for as many items as were on screen, not one page. Dana's calendar gets 110
 * pairs of clashing holds, days 2 to 6 (inside "the next 7 days" before midnight and after it),
 * which is more than the conflicts page's 100 a page.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { at, dayOf } from './dashboard-env.js';
import { importFile, useSignedInPage } from './ui-env.js';

const PAIRS_PER_DAY = 22;
const DAYS = [2, 3, 4, 5, 6];
const PAIRS = PAIRS_PER_DAY * DAYS.length;

const icsTime = (days: number, hour: number, minute = 0) =>
  at(days, hour, minute).replace(/[-:]|\.\d+/g, '');

/** One pair of holds an hour apart each: 20 minutes long, the second starting 10 minutes in. */
function clashingHolds(): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calintel//ui test//EN'];
  for (const day of DAYS)
    for (let hour = 0; hour < PAIRS_PER_DAY; hour++)
      for (const [side, minute] of [
        ['a', 0],
        ['b', 10],
      ] as const)
        lines.push(
          'BEGIN:VEVENT',
          `UID:hold-${day}-${hour}-${side}@ui.test`,
          'DTSTAMP:20260101T000000Z',
          `DTSTART:${icsTime(day, hour, minute)}`,
          `DTEND:${icsTime(day, hour, minute + 20)}`,
          `SUMMARY:Hold ${day}/${hour}${side}`,
          'END:VEVENT',
        );
  lines.push('END:VCALENDAR');
  return lines.join('\r\n');
}

describeInBrowser('"Load more" and the day moving on', () => {
  const ui = useSignedInPage({
    // Half past eleven tonight: the page's day moves on half an hour in.
    beforeSignIn: (page) => page.clock.install({ time: Date.parse(at(0, 23, 30)) }),
    prepare: (env) => importFile(env, clashingHolds(), 'Holds'),
  });

  it('keeps keyboard focus: from Load more to the first conflict it brought', async () => {
    const { page, env } = ui;
    await page.goto(`${env.base}/conflicts`);
    const cards = page.getByRole('article');
    const loadMore = page.getByRole('button', { name: /^(Load more|Loading more…)$/ });
    await loadMore.waitFor();
    expect(await cards.count()).toBe(100);
    await loadMore.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBeGreaterThan(100);
    // Before, the button was disabled while loading and then went: focus fell to the document.
    await expect.poll(() => cards.nth(100).evaluate((card) => card.matches(':focus'))).toBe(true);
  });

  it('keeps every conflict loaded, without duplicates, after midnight', async () => {
    const { page, env } = ui;
    await page.goto(`${env.base}/conflicts`);
    const cards = page.getByRole('article');
    const loadMore = page.getByRole('button', { name: 'Load more' });
    await loadMore.waitFor();
    expect(await cards.count()).toBe(100);
    await loadMore.click();
    await expect.poll(() => cards.count()).toBeGreaterThan(100);
    // The pairs, and the review and the demo that clash tomorrow.
    const loaded = await cards.count();
    expect(loaded).toBe(PAIRS + 1);
    expect(await loadMore.count()).toBe(0);

    const newDay = page.waitForResponse(
      (response) =>
        response.url().includes('/conflicts/') &&
        response.url().includes(encodeURIComponent(`${dayOf(1)}T00:00:00.000Z`)),
    );
    await page.clock.fastForward('01:00:00');
    // Asked for as many as were on screen, in one request (the API answers up to 500).
    expect(new URL((await newDay).url()).searchParams.get('limit')).toBe(String(loaded));
    // Time for the answer to reach the screen (the page's own clock is held).
    await page.waitForTimeout(1_000);
    expect(await cards.count()).toBe(loaded);
    expect(await loadMore.count()).toBe(0);
    const titles = await cards.locator('h3').allInnerTexts();
    expect(titles).toHaveLength(loaded);
    const events = await cards.locator('.event-list').allInnerTexts();
    expect(new Set(events).size).toBe(loaded);
  });
});
