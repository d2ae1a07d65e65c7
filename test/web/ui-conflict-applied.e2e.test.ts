/**
 * A conflict resolved by applying a suggestion says, on its card after a reload, what was
 * decided and what became of it in the calendar: a move is only recorded (moving her meeting to
 * the new time is Dana's to do, and calintel says it did not change her calendar), and the card
 * is where she finds what is left to do.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { DEMO_TITLE, useSignedInPage } from './ui-env.js';

describeInBrowser('applied conflicts in the dashboard', () => {
  const ui = useSignedInPage();

  it('shows the applied suggestion on the resolved card', async () => {
    await ui.page.goto(`${ui.env.base}/conflicts?days=14`);
    const card = ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
    const first = card.locator('.suggestions li').first();
    const suggestion = (await first.locator('.suggestion__text').innerText()).trim();
    await first.getByRole('button', { name: 'Apply' }).click();
    await ui.page
      .getByRole('status')
      .filter({ hasText: /^Recorded:/ })
      .waitFor();

    await ui.page.goto(`${ui.env.base}/conflicts?days=14&status=resolved`);
    const resolved = ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
    await resolved.getByText(/^Resolved on /).waitFor();
    const text = await resolved.innerText();
    expect(text).toContain(`Recorded: ${suggestion}.`);
    // And what became of it in the calendar: nothing was written there; the move of her own
    // meeting is hers to make.
    expect(suggestion).toMatch(/^Move /);
    expect(text).toMatch(
      /Recorded: [^\n]*\. Calintel did not change your calendar \([^)]*\); to do yourself: move it to /,
    );
    expect(text).not.toContain('Applied');
  });
});
