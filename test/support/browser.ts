/**
 * Debian's Chromium driven by playwright-core, for the dashboard's browser tests. Without it the
 * tests are skipped with a message, except in CI (CI=true), where that is a failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { describe, it } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumProblem = existsSync(CHROMIUM_PATH)
  ? null
  : `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;

/** Where the tests write screenshots for a reviewer (not committed: test-results/ is ignored). */
export const SCREENSHOT_DIR = join('test-results', 'screenshots');

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** `describe(name)` when Chromium is here; otherwise a skip outside CI and a failure in it. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (!chromiumProblem) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium in CI', () => {
        throw new Error(`${chromiumProblem}: CI must run the browser tests`);
      });
    });
    return;
  }
  console.warn(`${chromiumProblem}: skipping the browser tests`);
  describe.skip(name, () => {
    it('needs Chromium', () => {});
  });
}
