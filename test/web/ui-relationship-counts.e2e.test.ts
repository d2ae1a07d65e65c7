/**
 * The relationships list and an account's page count meetings the same way and say what they
 * count: Aperture Robotics had one meeting held last week and has two tomorrow, which the page
 * says as "1 held meeting, 2 upcoming"; a list column named only "Meetings" showed 1.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { ACCOUNT, useSignedInPage } from './ui-env.js';

describeInBrowser('meeting counts on the relationships pages', () => {
  const ui = useSignedInPage();

  /** A table's row as { column heading: cell text }. */
  async function rowOf(table: Locator, row: Locator): Promise<Record<string, string>> {
    const headings = await table.locator('thead th').allInnerTexts();
    const cells = await row.locator('th, td').allInnerTexts();
    return Object.fromEntries(headings.map((heading, i) => [heading, cells[i]?.trim() ?? '']));
  }

  it('names the columns by what they count, as the account page does', async () => {
    await ui.page.goto(`${ui.env.base}/relationships`);
    const list = ui.page.getByRole('region', { name: 'Accounts' }).getByRole('table');
    const row = list.getByRole('row').filter({ hasText: ACCOUNT });
    await row.waitFor();
    const counts = await rowOf(list, row);
    expect(counts['Held meetings']).toBe('1');
    expect(counts['Upcoming meetings']).toBe('2');

    await row.getByRole('link', { name: ACCOUNT }).click();
    await ui.page.getByRole('heading', { name: ACCOUNT, level: 1 }).waitFor();
    await ui.page.getByText('1 held meeting, 2 upcoming').waitFor();
    // Elena took part in the held one; she is also invited to one of tomorrow's.
    const stakeholders = ui.page
      .getByRole('region', { name: 'Stakeholders table' })
      .getByRole('table');
    const elena = stakeholders.getByRole('row').filter({ hasText: 'Elena Novak' });
    expect((await rowOf(stakeholders, elena))['Held meetings']).toBe('1');
  });
});
