/**
 * The sign-in page checks whether the browser is already signed in; not being signed in is the
 * expected answer there, so it must not be a 401, which Chromium logs as an error on every load.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium } from '../support/browser.js';
import { DANA, PASSWORD, startUiEnv, type UiEnv } from './ui-env.js';

describeInBrowser('the sign-in page’s console', () => {
  let env: UiEnv;
  let browser: Browser;

  beforeAll(async () => {
    env = await startUiEnv();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('logs no error while signed out, and signs in', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${env.base}/sign-in`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${env.base}/meetings`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
    await page.getByLabel('Email').fill(DANA);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    expect(errors).toEqual([]);
  });
});
