/**
 * Changing a meeting's type saves the type the user lands on, once. Chromium fires `change` on
 * every ArrowDown of a closed select, so a keyboard user passing through types must not send a
 * verdict for each (each one applies to the whole series); and when saves do overlap, the last
 * choice is what the server keeps, whatever order the answers come back in.
 */
import type { Locator, Request } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { dayOf } from './dashboard-env.js';
import { DEMO_TITLE, REVIEW_TITLE, useSignedInPage } from './ui-env.js';

describeInBrowser('changing a meeting type in the dashboard', () => {
  const saves: string[] = [];
  const ui = useSignedInPage({
    afterSignIn: async (page) => {
      page.on('request', (request: Request) => {
        if (request.method() === 'POST' && request.url().includes('/feedback/'))
          saves.push(request.postData() ?? '');
      });
    },
  });

  async function openMeetings(): Promise<void> {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=${dayOf(7)}`);
    await card(REVIEW_TITLE).waitFor();
  }

  const card = (title: string): Locator =>
    ui.page.getByRole('article').filter({ has: ui.page.getByRole('heading', { name: title }) });

  /** The type the server has for the meeting of this title. */
  async function storedType(title: string): Promise<string | null> {
    const response = await ui.env.api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/meetings/?from=${dayOf(-1)}T00:00:00Z&to=${dayOf(8)}T00:00:00Z`,
      headers: bearer(ui.env.token),
    });
    const items = (response.json() as { items: { title: string; meetingType: string | null }[] })
      .items;
    return items.find((m) => m.title === title)?.meetingType ?? null;
  }

  it('two ArrowDown presses then Enter send one save, of the type landed on', async () => {
    await openMeetings();
    saves.length = 0;
    const select = card(REVIEW_TITLE).getByLabel('Meeting type');
    await select.selectOption('discovery');
    await expect.poll(() => storedType(REVIEW_TITLE)).toBe('discovery');
    saves.length = 0;

    await select.focus();
    await ui.page.keyboard.press('ArrowDown');
    await ui.page.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('negotiation');
    // Passing through "demo" saved nothing, and neither has landing on "negotiation" yet.
    await ui.page.waitForTimeout(500);
    expect(saves).toEqual([]);

    await ui.page.keyboard.press('Enter');
    await expect.poll(() => storedType(REVIEW_TITLE)).toBe('negotiation');
    await ui.page.waitForTimeout(500);
    expect(saves.map((body) => JSON.parse(body) as unknown)).toEqual([
      { verdict: 'confirm', meetingType: 'negotiation' },
    ]);
    await ui.page
      .getByRole('status')
      .filter({ hasText: /is now marked Negotiation/ })
      .waitFor();
  });

  it('leaving the select saves the type moved to with the arrow keys', async () => {
    await openMeetings();
    const select = card(DEMO_TITLE).getByLabel('Meeting type');
    await select.selectOption('demo');
    await expect.poll(() => storedType(DEMO_TITLE)).toBe('demo');
    saves.length = 0;

    await select.focus();
    await ui.page.keyboard.press('ArrowUp');
    await ui.page.keyboard.press('Tab');
    await expect.poll(() => storedType(DEMO_TITLE)).toBe('discovery');
    expect(saves).toHaveLength(1);
  });

  it('keeps the last choice when the first save answers after the second', async () => {
    await openMeetings();
    const select = card(REVIEW_TITLE).getByLabel('Meeting type');
    await select.selectOption('discovery');
    await expect.poll(() => storedType(REVIEW_TITLE)).toBe('discovery');

    let delayed = false;
    await ui.page.route('**/feedback/', async (route) => {
      // The first save is slow, as on a busy network: the second must not be overtaken by it.
      if (!delayed) {
        delayed = true;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      }
      await route.continue();
    });
    try {
      await select.selectOption('closing');
      await select.selectOption('follow_up');
      await ui.page.waitForTimeout(3_000);
      expect(await storedType(REVIEW_TITLE)).toBe('follow_up');
      expect(await select.inputValue()).toBe('follow_up');
    } finally {
      await ui.page.unroute('**/feedback/');
    }
  });
});
