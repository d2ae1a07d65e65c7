/**
 * The dashboard in Chromium with two people: an all-day meeting shown on its own day in a zone
 * west of UTC.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium } from '../support/browser.js';
import { at, dayOf } from './dashboard-env.js';
import { ANA, PASSWORD, startTwoUsersEnv, WORKSHOP, type TwoUsersEnv } from './two-users-env.js';

const WAIT_MS = 20_000;

describeInBrowser('the dashboard with two people', () => {
  let env: TwoUsersEnv;
  let browser: Browser;

  beforeAll(async () => {
    env = await startTwoUsersEnv();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** A browser in New York, as Ana is. */
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'America/New_York',
    });
    context.setDefaultTimeout(WAIT_MS);
    return context;
  }

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${env.base}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
  }

  async function showMeetingsAroundToday(page: Page): Promise<void> {
    const filters = page.getByRole('form', { name: 'Meeting filters' });
    await filters.getByLabel('From', { exact: true }).fill(at(-7, 0).slice(0, 10));
    await filters.getByLabel('To', { exact: true }).fill(at(7, 0).slice(0, 10));
  }

  it(
    'shows an all-day meeting as all day, under its own date, west of UTC',
    { timeout: 60_000 },
    async () => {
      const context = await newContext();
      try {
        const page = await context.newPage();
        await signIn(page, ANA);
        await showMeetingsAroundToday(page);
        const day = page.locator(`section[aria-labelledby="day-${dayOf(2)}"]`);
        const workshop = day.getByRole('article', { name: WORKSHOP });
        await workshop.waitFor();
        const when = workshop.locator('time');
        expect(await when.textContent()).toMatch(/^All day, /);
        expect(await when.getAttribute('datetime')).toBe(dayOf(2));
        // Not also (or instead) on the evening before.
        expect(await page.getByRole('article', { name: WORKSHOP }).count()).toBe(1);
      } finally {
        await context.close();
      }
    },
  );
});
