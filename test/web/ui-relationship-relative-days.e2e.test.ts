/**
 * An account's page left open: its reasons that count days up to now ("first sales meeting 7
 * days ago") move on without a reload. The server words them as of its last analysis
 * (`computedAt`), so that asking it again does not move them on; the page counts as it does,
 * whole 24-hour periods from the meeting to now, which move on at the meeting's time of day. Aperture Robotics' only held meeting is
 * Dana's kickoff a week ago (ui-env); her profile's zone, and the browser's, is UTC.
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

  it('counts whole days since the first meeting, moving on at its time of day', async () => {
    const { page, env } = ui;
    await page.goto(`${env.base}/relationships`);
    await page.getByRole('link', { name: ACCOUNT }).click();
    const stage = page.getByRole('region', { name: /^Stage:/ });
    const reason = stage.getByRole('listitem').filter({ hasText: /first sales meeting/ });
    // The kickoff was at 09:00 seven days ago: seven whole days and 14½ hours.
    await expect.poll(() => reason.innerText()).toMatch(/first sales meeting 7 days ago /);
    // Written as the dashboard writes dates, not as the API's YYYY-MM-DD.
    expect(await reason.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    // Past midnight it is still seven whole days, as the server counts (its stages do too).
    await page.clock.fastForward('01:00:00');
    await page.waitForTimeout(500);
    expect(await reason.innerText()).toMatch(/first sales meeting 7 days ago /);

    // 09:30: eight whole days since the kickoff, without a reload.
    await page.clock.fastForward('09:00:00');
    await expect.poll(() => reason.innerText()).toMatch(/first sales meeting 8 days ago /);
    // "What calintel sees" repeats the stage's reasons: it counts the same.
    const seen = page.getByRole('region', { name: 'What calintel sees' });
    expect(await seen.innerText()).toMatch(/first sales meeting 8 days ago /);
  });
});
