/**
 * Every page with times says which zone they are in: the profile's, which need not be the
 * browser's. Dana's profile says UTC; her browser here is in Los Angeles, where a 15:00 UTC
 * meeting is at 07:00 or 08:00, so a page that said nothing would be read wrong.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { dayOf } from './dashboard-env.js';
import { ACCOUNT, REVIEW_TITLE, useSignedInPage } from './ui-env.js';

const NOTE = 'Times in UTC, your profile’s time zone, not this browser’s (America/Los Angeles).';

describeInBrowser('the time zone of the dashboard’s times', () => {
  const ui = useSignedInPage({ timezoneId: 'America/Los_Angeles' });

  async function captionOf(path: string, heading: string): Promise<string> {
    await ui.page.goto(`${ui.env.base}${path}`);
    await ui.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    return ui.page.getByText(/^Times in /).innerText();
  }

  it('says the times are in the profile zone, not the browser’s, on every page with times', async () => {
    expect(await captionOf(`/meetings?from=${dayOf(0)}&to=${dayOf(6)}`, 'Meetings')).toBe(NOTE);
    await ui.page.getByRole('heading', { name: REVIEW_TITLE }).waitFor();
    expect(await captionOf('/conflicts?days=14', 'Conflicts')).toBe(NOTE);
    // "Last sync" and "Next run" of the imported calendar.
    expect(await captionOf('/connections', 'Connections')).toBe(NOTE);
    expect(await captionOf('/relationships', 'Relationships')).toBe(NOTE);
    await ui.page.getByRole('link', { name: ACCOUNT }).first().click();
    await ui.page.getByRole('heading', { name: ACCOUNT, level: 1 }).waitFor();
    expect(await ui.page.getByText(/^Times in /).innerText()).toBe(NOTE);
  });
});
