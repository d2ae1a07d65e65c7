/**
 * The conflicts page writes every date one way, the dashboard's (`Tue, 1 Dec 2026, 15:30` in
 * the profile's zone, which the page's caption names): the suggestions' reasons and the advice
 * recorded when a suggestion is applied are made on the server, which words its dates as
 * `Tue 2026-12-01 15:30 (UTC)`; the page writes their dates itself.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { DEMO_TITLE, useSignedInPage } from './ui-env.js';

/** How the server writes an instant in words: a weekday, an ISO date, a time and the zone. */
const SERVER_DATE = /\d{4}-\d{2}-\d{2}|\((UTC|[A-Za-z]+\/[A-Za-z_]+)\)/;
/** How the dashboard writes one (en-GB, as the browser here is). */
const DASHBOARD_DATE = /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/;

describeInBrowser('dates in conflict advice', () => {
  const ui = useSignedInPage();

  it('words the reasons and the recorded advice’s dates as the rest of the page', async () => {
    await ui.page.goto(`${ui.env.base}/conflicts?days=14`);
    const card = ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
    const hints = card.locator('.suggestions .hint');
    await hints.first().waitFor();
    const reasons = await hints.allInnerTexts();
    expect(reasons.filter((why) => DASHBOARD_DATE.test(why)).length).toBeGreaterThan(0);
    for (const why of reasons) expect(why).not.toMatch(SERVER_DATE);

    // A move is only recorded: the advice names the time to move it to.
    const move = card.locator('.suggestions li').filter({ hasText: /^Move / });
    await move.getByRole('button', { name: 'Apply' }).click();
    const status = ui.page.getByRole('status').filter({ hasText: /^Recorded:/ });
    await status.waitFor();
    const said = await status.innerText();
    expect(said).toMatch(new RegExp(`to do yourself: move it to ${DASHBOARD_DATE.source}`));
    expect(said).not.toMatch(SERVER_DATE);

    await ui.page.goto(`${ui.env.base}/conflicts?days=14&status=resolved`);
    const resolved = ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
    await resolved.getByText(/^Resolved on /).waitFor();
    const text = await resolved.innerText();
    expect(text).toMatch(new RegExp(`to do yourself: move it to ${DASHBOARD_DATE.source}`));
    expect(text).not.toMatch(SERVER_DATE);
  });
});
