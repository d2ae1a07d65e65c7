/**
 * The relationship page writes the dates of its stage history's reasons as it writes every other
 * date ("Sat, 21 Nov 2026"), not as the API's YYYY-MM-DD; those reasons are of earlier stages, so
 * their days are not counted again. Aperture Robotics' meetings are Dana's kickoff a week ago and
 * two tomorrow (ui-env); her profile's zone is UTC.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { ACCOUNT, useSignedInPage } from './ui-env.js';

describeInBrowser('dates in an account’s stage history', () => {
  const ui = useSignedInPage();

  it('writes the dates of the history’s reasons as the page writes dates', async () => {
    const { page, env } = ui;
    await page.goto(`${env.base}/relationships`);
    await page.getByRole('link', { name: ACCOUNT }).click();
    const history = page.getByRole('region', { name: 'Stage history', exact: true });
    const reason = history
      .getByRole('table')
      .getByRole('listitem')
      .filter({ hasText: /first sales meeting/ });
    await reason.waitFor();
    // The kickoff's date, as the page writes it in the table's "Since" column.
    const since = await history.getByRole('table').getByRole('cell').first().innerText();
    expect(since).toMatch(/^\w{3}, \d{1,2} \w+ \d{4}$/);
    // Historical: still "on" the first meeting's day, as the server wrote it then.
    expect(await reason.innerText()).toMatch(new RegExp(`^first sales meeting on ${since}, `));
    expect(await history.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
