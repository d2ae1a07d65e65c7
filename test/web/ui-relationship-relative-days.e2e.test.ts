/**
 * An account's page left open: its reasons that count days up to now ("first sales meeting 7
 * days ago (date)") move on without a reload. The server words them as of its last analysis
 * (`computedAt`) and sends them in parts; the page counts from the meeting's instant to now in
 * calendar days of the viewer's zone, since the count sits beside the meeting's date, so it
 * moves on at midnight there. Aperture Robotics' only held meeting is Dana's kickoff a week ago
 * (ui-env); her profile's zone, and the browser's, is UTC.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { at } from './dashboard-env.js';
import { ACCOUNT, useSignedInPage } from './ui-env.js';

describeInBrowser('relative days on an account’s page', () => {
  const ui = useSignedInPage({
    // Half past eleven tonight, the server's analysis made today.
    beforeSignIn: (page) => page.clock.install({ time: Date.parse(at(0, 23, 30)) }),
  });

  it('counts calendar days since the first meeting, moving on at midnight', async () => {
    const { page, env } = ui;
    await page.goto(`${env.base}/relationships`);
    await page.getByRole('link', { name: ACCOUNT }).click();
    const stage = page.getByRole('region', { name: /^Stage:/ });
    const reason = stage.getByRole('listitem').filter({ hasText: /first sales meeting/ });
    // The kickoff was at 09:00 seven days ago.
    await expect.poll(() => reason.innerText()).toMatch(/first sales meeting 7 days ago /);
    // Written as the dashboard writes dates, not as the API's YYYY-MM-DD.
    expect(await reason.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    // Past midnight the kickoff's date is eight days back, though only seven whole 24-hour
    // periods have passed: the count agrees with the date beside it, without a reload.
    await page.clock.fastForward('01:00:00');
    await expect.poll(() => reason.innerText()).toMatch(/first sales meeting 8 days ago /);

    // It stays eight all day, past the kickoff's time of day.
    await page.clock.fastForward('09:00:00');
    await page.waitForTimeout(500);
    expect(await reason.innerText()).toMatch(/first sales meeting 8 days ago /);
    // "What calintel sees" repeats the stage's reasons: it counts the same.
    const seen = page.getByRole('region', { name: 'What calintel sees' });
    expect(await seen.innerText()).toMatch(/first sales meeting 8 days ago /);
  });
});
