/**
 * "Not a sales meeting" can be undone from the status line: the Undo button is in the announced
 * line, where focus goes when the card it was on is gone, stays while the user reads or reaches
 * it, and sends the verdict that restores the meeting as it was (the model's word withdrawn back
 * to, or the team's corrected type sent again), which comes back in its place in the list.
 */
import type { Locator, Request, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { dayOf } from './dashboard-env.js';
import { DEMO_TITLE, REVIEW_TITLE, useSignedInPage } from './ui-env.js';

/** How long the offer stays once neither focus nor the pointer is on it (use-action-status.ts). */
const ACTION_SHOWN_MS = 20_000;

describeInBrowser('undoing "Not a sales meeting" in the dashboard', () => {
  const saves: unknown[] = [];
  const ui = useSignedInPage({
    // The page's clock, so that the test can move past the line's time without waiting for it.
    beforeSignIn: (fresh) => fresh.clock.install(),
    afterSignIn: async (page) => {
      page.on('request', (request: Request) => {
        if (request.method() === 'POST' && request.url().includes('/feedback/'))
          saves.push(JSON.parse(request.postData() ?? 'null'));
      });
    },
  });

  async function openMeetings(title: string): Promise<void> {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=${dayOf(7)}`);
    await card(title).waitFor();
  }

  const card = (title: string): Locator =>
    ui.page.getByRole('article').filter({ has: ui.page.getByRole('heading', { name: title }) });
  const undo = (): Locator => ui.page.getByRole('status').getByRole('button', { name: /^Undo/ });

  /** The meetings the server lists, by title, with their types. */
  async function stored(): Promise<Map<string, string | null>> {
    const response = await ui.env.api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/meetings/?from=${dayOf(-1)}T00:00:00Z&to=${dayOf(8)}T00:00:00Z`,
      headers: bearer(ui.env.token),
    });
    const items = (response.json() as { items: { title: string; meetingType: string | null }[] })
      .items;
    return new Map(items.map((m) => [m.title, m.meetingType]));
  }

  /** Where each listed meeting's word comes from (`model` or `feedback`), by title. */
  async function sources(): Promise<Map<string, string>> {
    const response = await ui.env.api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/meetings/?from=${dayOf(-1)}T00:00:00Z&to=${dayOf(8)}T00:00:00Z`,
      headers: bearer(ui.env.token),
    });
    const items = (response.json() as { items: { title: string; source: string }[] }).items;
    return new Map(items.map((m) => [m.title, m.source]));
  }

  /** The titles of the meeting cards, in the order on screen. */
  const titlesOnScreen = (): Promise<string[]> =>
    ui.page.getByRole('article').getByRole('heading', { level: 3 }).allInnerTexts();

  it('Undo, reached from the keyboard, brings the meeting back in its place', async () => {
    await openMeetings(REVIEW_TITLE);
    await card(DEMO_TITLE).waitFor();
    const before = await titlesOnScreen();
    expect(before.indexOf(REVIEW_TITLE)).toBeLessThan(before.indexOf(DEMO_TITLE));
    saves.length = 0;

    await card(REVIEW_TITLE).getByRole('button', { name: 'Not a sales meeting' }).click();
    await ui.page
      .getByRole('status')
      .filter({ hasText: /is marked as not a sales meeting/ })
      .waitFor();
    await expect.poll(() => card(REVIEW_TITLE).count()).toBe(0);
    await expect.poll(async () => (await stored()).has(REVIEW_TITLE)).toBe(false);

    // The focused button went with its card: focus is on Undo, not lost to the document.
    await undo().waitFor();
    expect(await ui.page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe(
      'Undo',
    );
    // It stays longer than a plain message (8 s), and while focus is on it.
    await ui.page.clock.fastForward('00:30');
    expect(await undo().isVisible()).toBe(true);

    await ui.page.keyboard.press('Enter');
    await card(REVIEW_TITLE).waitFor();
    // Focus is back where it was: on the restored meeting's button.
    await expect
      .poll(() => ui.page.evaluate<string>('document.activeElement?.textContent ?? ""'))
      .toBe('Not a sales meeting');
    expect(await titlesOnScreen()).toEqual(before);
    await expect.poll(async () => (await stored()).has(REVIEW_TITLE)).toBe(true);
    // The rejection is withdrawn, not turned into a confirmation: the model's word stands.
    expect(saves).toEqual([{ verdict: 'reject' }, { verdict: 'withdraw' }]);
    expect(await card(REVIEW_TITLE).getByText('Confirmed by your team').count()).toBe(0);
    expect((await sources()).get(REVIEW_TITLE)).toBe('model');
    await ui.page
      .getByRole('status')
      .filter({ hasText: /is listed again/ })
      .waitFor();
    expect(await undo().count()).toBe(0);
  });

  it('Undo keeps a type the team had corrected', async () => {
    await openMeetings(DEMO_TITLE);
    await card(DEMO_TITLE).getByLabel('Meeting type').selectOption('closing');
    await expect.poll(async () => (await stored()).get(DEMO_TITLE)).toBe('closing');
    saves.length = 0;

    await card(DEMO_TITLE).getByRole('button', { name: 'Not a sales meeting' }).click();
    await undo().click();
    await card(DEMO_TITLE).waitFor();
    await expect.poll(async () => (await stored()).get(DEMO_TITLE)).toBe('closing');
    expect(await card(DEMO_TITLE).getByLabel('Meeting type').inputValue()).toBe('closing');
    expect(saves).toEqual([{ verdict: 'reject' }, { verdict: 'confirm', meetingType: 'closing' }]);
  });

  it('a failed Undo says so and offers Undo again, focused, which then works', async () => {
    await openMeetings(REVIEW_TITLE);
    const refuse = (route: Route) =>
      route.request().method() === 'POST' &&
      (JSON.parse(route.request().postData() ?? '{}') as { verdict?: string }).verdict ===
        'withdraw'
        ? route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }),
          })
        : route.fallback();
    await ui.page.route('**/feedback/', refuse);
    await card(REVIEW_TITLE).getByRole('button', { name: 'Not a sales meeting' }).click();
    await undo().click();

    const failed = ui.page.getByRole('alert').filter({ hasText: /^Could not undo “Demo:/ });
    await failed.waitFor();
    // The meeting is still rejected on the server, so its card is gone again; the offer is not.
    await expect.poll(() => card(REVIEW_TITLE).count()).toBe(0);
    const again = ui.page.locator('.action-status').getByRole('button', { name: 'Undo' });
    await again.waitFor();
    await expect
      .poll(() => ui.page.evaluate<string>('document.activeElement?.textContent ?? ""'))
      .toBe('Undo');
    // An error stays: it asks for something.
    await ui.page.clock.fastForward(ACTION_SHOWN_MS * 3);
    expect(await again.isVisible()).toBe(true);

    await ui.page.unroute('**/feedback/', refuse);
    await ui.page.keyboard.press('Enter');
    await card(REVIEW_TITLE).waitFor();
    await expect.poll(async () => (await stored()).has(REVIEW_TITLE)).toBe(true);
    expect(await failed.count()).toBe(0);
  });

  it('the offer to undo goes away 20 s after focus left it, not before', async () => {
    await openMeetings(REVIEW_TITLE);
    await card(REVIEW_TITLE).getByRole('button', { name: 'Not a sales meeting' }).click();
    await undo().waitFor();
    await ui.page.getByRole('heading', { name: 'Meetings', level: 1 }).click();
    await ui.page.clock.fastForward(ACTION_SHOWN_MS - 500);
    expect(await undo().isVisible()).toBe(true);
    await ui.page.clock.fastForward(1_000);
    await expect.poll(() => undo().count()).toBe(0);
  });

  it('the offer to undo stays while the pointer is on its message, then its time again', async () => {
    // The review meeting was rejected by the test before, and not undone.
    await openMeetings(DEMO_TITLE);
    await card(DEMO_TITLE).getByRole('button', { name: 'Not a sales meeting' }).click();
    await undo().waitFor();
    await ui.page.getByRole('heading', { name: 'Meetings', level: 1 }).click();
    // On the words, not the button: a mouse user reading the line.
    const words = ui.page.getByRole('status').getByText(/is marked as not a sales meeting/);
    const box = await words.boundingBox();
    if (!box) throw new Error('the message is not on screen');
    await ui.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await ui.page.clock.fastForward(ACTION_SHOWN_MS * 3);
    expect(await undo().isVisible()).toBe(true);

    await ui.page.mouse.move(1, 1);
    await ui.page.clock.fastForward(ACTION_SHOWN_MS - 500);
    expect(await undo().isVisible()).toBe(true);
    await ui.page.clock.fastForward(1_000);
    await expect.poll(() => undo().count()).toBe(0);
  });
});
