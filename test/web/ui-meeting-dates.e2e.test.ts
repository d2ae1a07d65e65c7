/**
 * The meetings page's dates as a user expects them: the preset whose week is on screen is shown
 * pressed (aria-pressed), whichever way its dates were chosen; and a date field emptied, by the
 * picker's "Clear" or by erasing its parts, removes that bound instead of coming back when the
 * field is left. (Playwright's fill('') sends what "Clear" sends: the value emptied, then input
 * and change; the picker itself is not part of the ui.page.)
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { dayOf } from './dashboard-env.js';
import { REVIEW_TITLE, useSignedInPage } from './ui-env.js';

describeInBrowser('the meetings page’s dates', () => {
  const ui = useSignedInPage();

  const form = (): Locator => ui.page.getByRole('form', { name: 'Meeting filters' });
  const pressed = (name: string) =>
    form().getByRole('button', { name }).getAttribute('aria-pressed');
  const address = () => new URL(ui.page.url()).searchParams;
  const kickoff = () => ui.page.getByRole('heading', { name: /^Kickoff/ });

  it('shows which week’s preset is on screen', async () => {
    await ui.page.goto(`${ui.env.base}/meetings`);
    await form().waitFor();
    expect(await pressed('This week')).toBe('true');
    expect(await pressed('Next week')).toBe('false');

    await form().getByRole('button', { name: 'Next week' }).click();
    await expect.poll(() => pressed('Next week')).toBe('true');
    expect(await pressed('This week')).toBe('false');

    await form().getByLabel('To').fill(dayOf(30));
    await expect.poll(() => address().get('to')).toBe(dayOf(30));
    expect(await pressed('This week')).toBe('false');
    expect(await pressed('Next week')).toBe('false');
  });

  it('drops the From date when the field is cleared, and says so', async () => {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=${dayOf(7)}`);
    await ui.page.getByRole('heading', { name: REVIEW_TITLE }).waitFor();
    expect(await kickoff().count()).toBe(0);

    const from = form().getByLabel('From');
    await from.fill('');
    await form().getByLabel('Type').focus();
    await expect.poll(() => address().get('from')).toBe('');
    await expect.poll(() => from.inputValue()).toBe('');
    expect(address().get('to')).toBe(dayOf(7));
    // Held a week ago, before the From that was cleared.
    await kickoff().waitFor();
    await form()
      .getByText(/^No start date: meetings up to /)
      .waitFor();
    expect(await from.getAttribute('aria-describedby')).toBeTruthy();
  });

  it('drops the To date when its parts are erased one by one', async () => {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-8)}&to=${dayOf(-6)}`);
    await kickoff().waitFor();
    const to = form().getByLabel('To');
    await to.focus();
    // Its three parts (month, day and year here), each erased and the next reached by arrow.
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.press('ArrowRight');
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.press('ArrowRight');
    await ui.page.keyboard.press('Backspace');
    await form().getByLabel('Type').focus();

    await expect.poll(() => address().get('to')).toBe('');
    await expect.poll(() => to.inputValue()).toBe('');
    expect(address().get('from')).toBe(dayOf(-8));
    await ui.page.getByRole('heading', { name: REVIEW_TITLE }).waitFor();
  });

  it('keeps the date when only part of it was erased', async () => {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=${dayOf(7)}`);
    await ui.page.getByRole('heading', { name: REVIEW_TITLE }).waitFor();
    const to = form().getByLabel('To');
    await to.focus();
    await ui.page.keyboard.press('Backspace');
    await form().getByLabel('Type').focus();
    expect(await to.inputValue()).toBe(dayOf(7));
    expect(address().get('to')).toBe(dayOf(7));
  });
});
