/**
 * The header's time zone setting: Dana's profile says UTC and her browser is in Tokyo. One click
 * makes the browser's zone her profile's; the zone picker sets any other by name; each change is
 * saved in her profile and every page's times are shown again in it.
 */
import { expect, it } from 'vitest';
import { describeInBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { useSignedInPage } from './ui-env.js';

describeInBrowser('changing the profile’s time zone in the dashboard', () => {
  const ui = useSignedInPage({ timezoneId: 'Asia/Tokyo' });

  const caption = () => ui.page.getByText(/^Times in /);
  const profileZone = async () => (await ui.env.api.app.store.users.get(ui.env.dana))?.timeZone;
  /** The imported calendar's last sync, as its row shows it. */
  const lastSync = () => ui.page.getByRole('table').first().getByRole('row').nth(1).innerText();

  it('takes the browser’s zone in one click, then any zone picked by name', async () => {
    const { page } = ui;
    await page.goto(`${ui.env.base}/connections`);
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    expect(await caption().innerText()).toBe(
      'Times in UTC, your profile’s time zone, not this browser’s (Asia/Tokyo).',
    );
    const syncedInUtc = await lastSync();

    await page.getByText('Time zone: UTC').click();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/time-zone-setting.png` });
    await page.getByRole('button', { name: 'Use this browser’s zone (Asia/Tokyo)' }).click();
    await page.getByText('Times in Asia/Tokyo.').waitFor();
    expect(await profileZone()).toBe('Asia/Tokyo');
    expect(await page.getByText('Time zone: Asia/Tokyo').count()).toBe(1);
    // 9 hours ahead of UTC: the same instant reads differently.
    expect(await lastSync()).not.toBe(syncedInUtc);

    const picker = page.getByRole('form', { name: 'Choose a time zone' });
    await picker.getByLabel('Time zone').fill('Mars/Olympus');
    await picker.getByRole('button', { name: 'Save time zone' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Mars' });
    expect(await refused.innerText()).toBe('“Mars/Olympus” is not a time zone this browser knows.');
    expect(await picker.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await picker.getByLabel('Time zone').fill('europe/berlin');
    await picker.getByRole('button', { name: 'Save time zone' }).click();
    await page
      .getByText(
        'Times in Europe/Berlin, your profile’s time zone, not this browser’s (Asia/Tokyo).',
      )
      .waitFor();
    expect(await profileZone()).toBe('Europe/Berlin');

    // Another page, and after a reload: the profile's zone, not the browser's.
    await page.goto(`${ui.env.base}/meetings`);
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    expect(await caption().innerText()).toBe(
      'Times in Europe/Berlin, your profile’s time zone, not this browser’s (Asia/Tokyo).',
    );
  });
});
