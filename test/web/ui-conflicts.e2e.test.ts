/** A conflict dismissed with a reason keeps showing that reason on its card. */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { DEMO_TITLE, useSignedInPage } from './ui-env.js';

const REASON = 'Mila joins the review for the demo part: one meeting, not two.';

describeInBrowser('dismissed conflicts in the dashboard', () => {
  const ui = useSignedInPage();

  it('shows the reason a conflict was dismissed with', async () => {
    await ui.page.goto(`${ui.env.base}/conflicts?days=14`);
    const card = ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
    await card.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await card.getByLabel('Reason (optional)').fill(REASON);
    await card.getByRole('button', { name: 'Dismiss conflict' }).click();
    await ui.page
      .getByRole('status')
      .filter({ hasText: /dismissed/i })
      .waitFor();

    await ui.page.goto(`${ui.env.base}/conflicts?days=14&status=dismissed`);
    const dismissed = ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
    await dismissed.getByText('Dismissed', { exact: true }).waitFor();
    expect(await dismissed.innerText()).toContain(REASON);
  });
});
