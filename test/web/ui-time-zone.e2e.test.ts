/**
 * Every page with times says which zone they are in: the profile's, which need not be the
 * browser's. Dana's profile says UTC; her browser here is in Los Angeles, where a 15:00 UTC
 * meeting is at 07:00 or 08:00, so a page that said nothing would be read wrong.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { dayOf } from './dashboard-env.js';
import { ACCOUNT, openSignedIn, REVIEW_TITLE, startUiEnv, type UiEnv } from './ui-env.js';

const NOTE = 'Times in UTC, your profile’s time zone, not this browser’s (America/Los Angeles).';

describeInBrowser('the time zone of the dashboard’s times', () => {
  let env: UiEnv;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    env = await startUiEnv();
    ({ browser, page } = await openSignedIn(env, { timezoneId: 'America/Los_Angeles' }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  async function captionOf(path: string, heading: string): Promise<string> {
    await page.goto(`${env.base}${path}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    return page.getByText(/^Times in /).innerText();
  }

  it('says the times are in the profile zone, not the browser’s, on every page with times', async () => {
    expect(await captionOf(`/meetings?from=${dayOf(0)}&to=${dayOf(6)}`, 'Meetings')).toBe(NOTE);
    await page.getByRole('heading', { name: REVIEW_TITLE }).waitFor();
    expect(await captionOf('/conflicts?days=14', 'Conflicts')).toBe(NOTE);
    // "Last sync" and "Next run" of the imported calendar.
    expect(await captionOf('/connections', 'Connections')).toBe(NOTE);
    expect(await captionOf('/relationships', 'Relationships')).toBe(NOTE);
    await page.getByRole('link', { name: ACCOUNT }).first().click();
    await page.getByRole('heading', { name: ACCOUNT, level: 1 }).waitFor();
    expect(await page.getByText(/^Times in /).innerText()).toBe(NOTE);
  });
});
