/**
 * Deciding a conflict can be taken back: the status line offers Undo after Apply or Dismiss (Reopen
 * when the Apply changed the calendar, which taking it back does not undo), and a decided card
 * offers Reopen; either makes the conflict open again. What the status line says
 * is what happened: with write-back off a move is recorded, not made. After each action keyboard
 * focus moves on to the next card's heading (or the page's), never to the document.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { DEMO_TITLE, useSignedInPage } from './ui-env.js';

describeInBrowser('taking a conflict decision back in the dashboard', () => {
  const ui = useSignedInPage();

  const demoCard = (): Locator => ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
  const status = (text: RegExp): Locator => ui.page.getByRole('status').filter({ hasText: text });
  /** The focused element: its tag, and whether it is in the demo conflict's card. */
  const focused = async () => ({
    tag: await ui.page.evaluate<string>('document.activeElement?.tagName ?? ""'),
    inDemoCard: await ui.page.evaluate<boolean>(
      `document.activeElement?.closest('article')?.textContent?.includes(${JSON.stringify(DEMO_TITLE)}) ?? false`,
    ),
  });

  async function openList(filter = ''): Promise<void> {
    await ui.page.goto(`${ui.env.base}/conflicts?days=14${filter}`);
  }

  it('applies a move from the keyboard: recorded, focus moves on, and Undo brings it back', async () => {
    await openList();
    const apply = demoCard().locator('.suggestions li').first().getByRole('button', {
      name: 'Apply',
    });
    await apply.focus();
    await ui.page.keyboard.press('Enter');
    const line = status(/^Recorded: Move /);
    await line.waitFor();
    expect(await line.innerText()).toMatch(
      /Calintel did not change your calendar \(it only declines meetings and deletes your own holds\); to do yourself: move it to /,
    );
    expect(await line.innerText()).not.toMatch(/Applied/);
    await expect.poll(async () => demoCard().count()).toBe(0);
    // Not the document: the next card's heading, or the page's when none is left.
    const after = await focused();
    expect(['H3', 'H1']).toContain(after.tag);
    expect(after.inDemoCard).toBe(false);

    await line.getByRole('button', { name: 'Undo' }).click();
    await status(/^Undone: the conflict is open again\. Nothing had been changed/).waitFor();
    await demoCard().getByRole('button', { name: 'Apply' }).first().waitFor();
    await expect.poll(focused).toEqual({ tag: 'H3', inDemoCard: true });
  });

  it('after an Apply that changed the calendar, the status line offers Reopen, not Undo', async () => {
    // The calendar here is an imported file, which calintel never writes: the answer is made to
    // say what one from a writable connection says (status done: changed in the calendar).
    const resolveUrl = '**/conflicts/*/resolve/';
    await ui.page.route(resolveUrl, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { writeBack: Record<string, unknown> };
      body.writeBack = { status: 'done', message: 'changed in your calendar' };
      await route.fulfill({ response, json: body });
    });
    try {
      await openList();
      await demoCard().getByRole('button', { name: 'Apply' }).first().click();
      const line = status(/^Applied in your calendar: /);
      await line.waitFor();
      expect(await line.getByRole('button', { name: 'Undo' }).count()).toBe(0);
      await line.getByRole('button', { name: 'Reopen' }).click();
      await status(/^Reopened: the conflict is open again\./).waitFor();
      await demoCard().getByRole('button', { name: 'Apply' }).first().waitFor();
    } finally {
      await ui.page.unroute(resolveUrl);
    }
  });

  it('shows a recorded decision honestly on its card, and reopens it from there', async () => {
    await openList();
    await demoCard().getByRole('button', { name: 'Apply' }).first().click();
    await status(/^Recorded: /).waitFor();

    await openList('&status=resolved');
    const card = demoCard();
    await card.getByText(/^Resolved on /).waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/Recorded: Move [^\n]*\. Calintel did not change your calendar/);
    expect(text).not.toContain('Applied');
    const reopen = card.getByRole('button', { name: 'Reopen' });
    await reopen.focus();
    await ui.page.keyboard.press('Enter');
    await status(/^Reopened: the conflict is open again\./).waitFor();
    await expect.poll(async () => demoCard().count()).toBe(0);
    expect((await focused()).tag).not.toBe('BODY');

    await openList();
    await demoCard().getByRole('button', { name: 'Apply' }).first().waitFor();
  });

  it('dismisses from the keyboard: focus moves on to a heading, and Undo reopens it', async () => {
    await openList();
    await demoCard().getByRole('button', { name: 'Dismiss', exact: true }).click();
    await demoCard().getByLabel('Reason (optional)').fill('not a real clash');
    await demoCard().getByRole('button', { name: 'Dismiss conflict' }).focus();
    await ui.page.keyboard.press('Enter');
    const line = status(/^Conflict dismissed/);
    await line.waitFor();
    await expect.poll(async () => demoCard().count()).toBe(0);
    const after = await focused();
    expect(['H3', 'H1']).toContain(after.tag);
    expect(after.inDemoCard).toBe(false);
    await line.getByRole('button', { name: 'Undo' }).click();
    await demoCard().getByRole('button', { name: 'Apply' }).first().waitFor();
  });
});
