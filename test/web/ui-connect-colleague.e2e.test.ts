/**
 * Choosing a colleague's account in Google's account picker (the emulator's, as a QA tester
 * did: Dana chose Lukas Becker, who uses calintel in her organisation). The connections page
 * says the calendar was not connected because it is the colleague's to connect, and no Google
 * connection appears; her own account, chosen next, connects.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { findDashboardDist } from '../../src/app/web-auth/dashboard-files.js';
import { describeInBrowser, launchChromium } from '../support/browser.js';
import { openTestStore } from '../support/databases.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { freePort } from '../support/ports.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const LUKAS = 'lukas@northwind.io';
const PASSWORD = 'colleague test password';

function googleUser(email: string, name: string) {
  return {
    email,
    name,
    calendars: [{ id: email, summary: name, timeZone: 'UTC', primary: true, events: [] }],
  };
}

describeInBrowser("choosing a colleague's Google account on the dashboard", () => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let cleanup: () => Promise<void>;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!findDashboardDist())
      throw new Error('the dashboard is not built (web/dist): run `npm run build` first');
    const opened = await openTestStore('sqlite');
    cleanup = opened.cleanup;
    emulator = await startGoogleEmulator({
      seed: { users: [googleUser(DANA, 'Dana Reyes'), googleUser(LUKAS, 'Lukas Becker')] },
      consent: 'form',
    });
    base = `http://127.0.0.1:${await freePort()}`;
    api = await buildTestApi(
      opened.context.store,
      { ...googleEmulatorEnv(emulator), CALINTEL_PUBLIC_URL: base },
      () => new Date(),
    );
    await api.server.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
    for (const [email, name] of [
      [DANA, 'Dana Reyes'],
      [LUKAS, 'Lukas Becker'],
    ] as const) {
      const created = await api.app.admin.createUser({
        email,
        orgName: 'Northwind',
        name,
        timeZone: 'UTC',
        internalDomains: ['northwind.io'],
      });
      const scope = { orgId: created.organisation.id, userId: created.user.id };
      await api.app.webAuth.setPassword(scope, PASSWORD);
    }
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email').fill(DANA);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await emulator?.close();
    await cleanup?.();
  });

  async function connectGoogleChoosing(name: RegExp): Promise<void> {
    await page.goto(`${base}/connections`);
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await page.getByLabel(name).check();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/connections');
  }

  it("says Lukas's calendar is his to connect, and connects nothing", async () => {
    await connectGoogleChoosing(/Lukas Becker/);
    const alert = page.getByRole('alert').filter({ hasText: 'The calendar was not connected' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain(
      'the account you chose belongs to a colleague who uses calintel in your organisation',
    );
    await page.getByText('Loading your connections…').waitFor({ state: 'detached' });
    expect(await page.getByRole('article', { name: /Google Calendar/ }).count()).toBe(0);
  });

  it('connects her own account when she chooses it', async () => {
    await connectGoogleChoosing(/Dana Reyes/);
    await page.getByRole('status').filter({ hasText: 'Google Calendar is connected' }).waitFor();
    await page.getByRole('article', { name: /Google Calendar/ }).waitFor();
  });
});
