/**
 * An account's page left open overnight: its reasons that count days up to now ("first sales
 * meeting 7 days ago") say the next day's count after midnight, without a reload. The server
 * words them as of its last analysis (`computedAt`), so that asking it again does not move them
 * on; the page counts from the meeting's date itself. Aperture Robotics' only held meeting is
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

  it('counts the days since the first meeting again after midnight', async () => {
    const { page, env } = ui;
    await page.goto(`${env.base}/relationships`);
    await page.getByRole('link', { name: ACCOUNT }).click();
    const stage = page.getByRole('region', { name: /^Stage:/ });
    const reason = stage.getByRole('listitem').filter({ hasText: /first sales meeting/ });
    await expect.poll(() => reason.innerText()).toMatch(/first sales meeting 7 days ago /);

    await page.clock.fastForward('01:00:00');
    await expect.poll(() => reason.innerText()).toMatch(/first sales meeting 8 days ago /);
    // "What calintel sees" repeats the stage's reasons: it counts the same.
    const seen = page.getByRole('region', { name: 'What calintel sees' });
    expect(await seen.innerText()).toMatch(/first sales meeting 8 days ago /);
  });
});
