/**
 * Filters and the browser's history, as a user expects them: each filter chosen is an entry, so
 * Back returns to the filters before it (and the list they show) instead of leaving the page;
 * a control changed key by key is one entry, not one per key; opening a page adds none.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { dayOf } from './dashboard-env.js';
import { REVIEW_TITLE, useSignedInPage } from './ui-env.js';

describeInBrowser('filters and the browser’s Back and Forward', () => {
  const ui = useSignedInPage();

  const form = (): Locator => ui.page.getByRole('form', { name: 'Meeting filters' });
  const entries = (): Promise<number> => ui.page.evaluate<number>('history.length');

  /** The list once it has loaded: the titles of its cards, or its empty state's words. */
  async function shownList(): Promise<string[]> {
    const loaded = ui.page.getByRole('article').or(ui.page.getByText(/^No sales meeting/));
    await loaded.first().waitFor();
    await ui.page.getByText('Loading meetings…').waitFor({ state: 'detached' });
    const titles = await ui.page
      .getByRole('article')
      .getByRole('heading', { level: 3 })
      .allInnerTexts();
    return titles.length > 0 ? titles : [await ui.page.getByText(/^No sales meeting/).innerText()];
  }

  async function filtersShown() {
    return {
      from: await form().getByLabel('From').inputValue(),
      type: await form().getByLabel('Type').inputValue(),
      confidence: await form().getByLabel('Minimum confidence').inputValue(),
    };
  }

  async function openMeetings(): Promise<void> {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=${dayOf(7)}`);
    await ui.page.getByRole('heading', { name: REVIEW_TITLE }).waitFor();
  }

  it('Back undoes one filter at a time, list and all, and Forward redoes it', async () => {
    // From before last week's kickoff (a discovery call) to after the demos of tomorrow.
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-8)}&to=${dayOf(7)}`);
    await ui.page.getByRole('heading', { name: REVIEW_TITLE }).waitFor();
    const opened = await entries();
    const first = { filters: await filtersShown(), list: await shownList() };

    await form().getByLabel('Type').selectOption('discovery');
    await ui.page.getByRole('heading', { name: REVIEW_TITLE }).waitFor({ state: 'detached' });
    const second = { filters: await filtersShown(), list: await shownList() };
    await form().getByRole('button', { name: 'This week' }).click();
    await ui.page.getByRole('heading', { name: /^Kickoff/ }).waitFor({ state: 'detached' });
    const third = { filters: await filtersShown(), list: await shownList() };
    expect(second.filters.type).toBe('discovery');
    expect(third.filters.from).not.toBe(second.filters.from);
    // Each step shows another list, so that Back is seen to bring the list back too.
    expect(first.list).toHaveLength(3);
    expect(second.list).toHaveLength(1);
    expect(third.list[0]).toMatch(/^No sales meeting/);
    expect(await entries()).toBe(opened + 2);

    await ui.page.goBack();
    expect(await filtersShown()).toEqual(second.filters);
    expect(await shownList()).toEqual(second.list);
    await ui.page.goBack();
    expect(await filtersShown()).toEqual(first.filters);
    expect(await shownList()).toEqual(first.list);
    expect(new URL(ui.page.url()).pathname).toBe('/meetings');

    await ui.page.goForward();
    expect(await filtersShown()).toEqual(second.filters);
    expect(await shownList()).toEqual(second.list);
  });

  it('makes one entry for a select moved with the arrow keys and for a date typed', async () => {
    await openMeetings();
    const opened = await entries();
    const before = await filtersShown();

    // Chromium changes a closed select at each arrow key: three changes, one choice.
    const type = form().getByLabel('Type');
    await type.focus();
    await ui.page.keyboard.press('ArrowDown');
    await ui.page.keyboard.press('ArrowDown');
    await ui.page.keyboard.press('ArrowDown');
    await ui.page.keyboard.press('Tab');
    expect(await type.inputValue()).not.toBe(before.type);
    expect(await entries()).toBe(opened + 1);

    // Two digits for the first part of the date, two for the second: a change at the end of
    // each, and half a date (empty) after the first digit of each. The field keeps what was
    // typed: it had put this week's Monday back under the keys, which gave the 23rd.
    const from = form().getByLabel('From');
    await from.click({ position: { x: 8, y: 8 } });
    await ui.page.keyboard.type('0101');
    await ui.page.keyboard.press('Tab');
    expect(await from.inputValue()).toBe(`${before.from.slice(0, 4)}-01-01`);
    expect(await entries()).toBe(opened + 2);

    await ui.page.goBack();
    expect((await filtersShown()).from).toBe(before.from);
    await ui.page.goBack();
    expect(await filtersShown()).toEqual(before);
  });

  it('keeps the conflicts and relationships pages’ filters in the history too', async () => {
    await ui.page.goto(`${ui.env.base}/conflicts`);
    const filters = ui.page.getByRole('form', { name: 'Conflict filters' });
    await filters.getByLabel('Days ahead').selectOption('14');
    await filters.getByLabel('Show').selectOption('all');
    await ui.page.goBack();
    expect(await filters.getByLabel('Days ahead').inputValue()).toBe('14');
    expect(await filters.getByLabel('Show').inputValue()).toBe('open');
    await ui.page.goBack();
    expect(await filters.getByLabel('Days ahead').inputValue()).toBe('7');

    await ui.page.goto(`${ui.env.base}/relationships`);
    const relationships = ui.page.getByRole('form', { name: 'Relationship filters' });
    await relationships.getByLabel('Stage').selectOption('at_risk');
    await relationships.getByLabel('Trend').selectOption('slowing');
    await ui.page.goBack();
    expect(await relationships.getByLabel('Stage').inputValue()).toBe('at_risk');
    expect(await relationships.getByLabel('Trend').inputValue()).toBe('');
    await ui.page.goBack();
    expect(await relationships.getByLabel('Stage').inputValue()).toBe('');
    expect(new URL(ui.page.url()).pathname).toBe('/relationships');
  });
});
