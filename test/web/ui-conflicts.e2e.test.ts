/** A conflict dismissed with a reason keeps showing that reason on its card. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { DEMO_TITLE, openSignedIn, startUiEnv, type UiEnv } from './ui-env.js';

const REASON = 'Mila joins the review for the demo part: one meeting, not two.';

describeInBrowser('dismissed conflicts in the dashboard', () => {
  let env: UiEnv;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    env = await startUiEnv();
    ({ browser, page } = await openSignedIn(env));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shows the reason a conflict was dismissed with', async () => {
    await page.goto(`${env.base}/conflicts?days=14`);
    const card = page.getByRole('article').filter({ hasText: DEMO_TITLE });
    await card.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await card.getByLabel('Reason (optional)').fill(REASON);
    await card.getByRole('button', { name: 'Dismiss conflict' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /dismissed/i })
      .waitFor();

    await page.goto(`${env.base}/conflicts?days=14&status=dismissed`);
    const dismissed = page.getByRole('article').filter({ hasText: DEMO_TITLE });
    await dismissed.getByText('Dismissed', { exact: true }).waitFor();
    expect(await dismissed.innerText()).toContain(REASON);
  });
});
