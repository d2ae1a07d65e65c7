/**
 * "Load more" on the meetings page keeps keyboard focus: the button stays focusable while it
 * loads, and focus moves to the first meeting it brought, also when it was the last page and the
 * button went. Dana's calendar gets 120 demos over five days: pages of 50, 50 and 20.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { at, dayOf } from './dashboard-env.js';
import { DANA, importFile, useSignedInPage } from './ui-env.js';

const FIRST_DAY = 10;
const DAYS = 5;
const PER_DAY = 24;

const icsTime = (days: number, hour: number, minute = 0) =>
  at(days, hour, minute).replace(/[-:]|\.\d+/g, '');

function demos(): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calintel//ui test//EN'];
  for (let day = FIRST_DAY; day < FIRST_DAY + DAYS; day++)
    for (let n = 0; n < PER_DAY; n++)
      lines.push(
        'BEGIN:VEVENT',
        `UID:focus-${day}-${n}@ui.test`,
        'DTSTAMP:20260101T000000Z',
        `DTSTART:${icsTime(day, Math.floor(n / 2), (n % 2) * 30)}`,
        `DTEND:${icsTime(day, Math.floor(n / 2), (n % 2) * 30 + 20)}`,
        `SUMMARY:Product demo and pricing review ${day}/${n}`,
        `ORGANIZER;CN=Dana Reyes:mailto:${DANA}`,
        `ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:${DANA}`,
        'ATTENDEE;PARTSTAT=ACCEPTED:mailto:elena@aperture.io',
        'END:VEVENT',
      );
  lines.push('END:VCALENDAR');
  return lines.join('\r\n');
}

describeInBrowser('"Load more" and keyboard focus', () => {
  const ui = useSignedInPage({ prepare: (env) => importFile(env, demos(), 'Demos') });

  it('keeps focus on the button while loading, then on the first meeting it brought', async () => {
    const { page, env } = ui;
    const from = dayOf(FIRST_DAY);
    const to = dayOf(FIRST_DAY + DAYS - 1);
    await page.goto(`${env.base}/meetings?from=${from}&to=${to}`);
    const cards = page.getByRole('article');
    const loadMore = page.getByRole('button', { name: /^(Load more|Loading more…)$/ });
    await loadMore.waitFor();
    expect(await cards.count()).toBe(50);

    // Slow the next pages down, so that the page is seen while it loads.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/meetings\/\?.*cursor=/, async (route) => {
      await held;
      await route.continue();
    });
    const isFocused = (locator: typeof loadMore) =>
      locator.evaluate((element) => element.matches(':focus'));
    let pagesAsked = 0;
    page.on('request', (request) => {
      if (/\/meetings\/\?.*cursor=/.test(request.url())) pagesAsked += 1;
    });

    await loadMore.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Loading more…' }).waitFor();
    expect(await loadMore.getAttribute('aria-disabled')).toBe('true');
    expect(await loadMore.getAttribute('aria-busy')).toBeNull();
    expect(await page.locator('.stack[aria-busy="true"]').count()).toBe(1);
    expect(await isFocused(loadMore)).toBe(true);
    // Pressed again while loading: nothing more is asked for.
    await page.keyboard.press('Enter');
    release();
    await expect.poll(() => cards.count()).toBe(100);
    expect(pagesAsked).toBe(1);
    // The list says it is being updated while a page loads, not the button.
    expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
    await expect.poll(() => isFocused(cards.nth(50))).toBe(true);
    expect(await cards.nth(50).locator('h3').innerText()).toMatch(/ \d+\/\d+$/);

    // The last page: the button goes, and focus is on the first of its meetings.
    await loadMore.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBe(120);
    expect(await loadMore.count()).toBe(0);
    await expect.poll(() => isFocused(cards.nth(100))).toBe(true);
    expect(await page.evaluate<string>('document.activeElement?.tagName ?? ""')).toBe('ARTICLE');
  });
});
