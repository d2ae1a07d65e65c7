/**
 * QA on Meetings and Relationships: a Today range beside the weeks; a search box on both pages,
 * kept in the address; every attendee of a meeting on its card (a 28-person meeting collapsed to
 * a few until "Show all"), each marked with its CRM match or "not in CRM"; focus after Undo's
 * line goes to the next card, not the document; and a date that is not one is said to be so.
 */
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { at, dayOf } from './dashboard-env.js';
import { ACCOUNT, DANA, DEMO_TITLE, importFile, REVIEW_TITLE, useSignedInPage } from './ui-env.js';

const BIG_TITLE = 'Globex Robotics steering committee';
const LONG_NAME = 'Maximilian Alexander Konstantin von Hohenzollern-Sigmaringen-Wittelsbach';
const ics = (instant: string) => instant.replace(/[-:]|\.\d+/g, '');

/** Today at noon: Dana, Paul Fischer (in the CRM) and 26 people of Globex the CRM does not know. */
function bigMeeting(): string {
  const strangers = Array.from({ length: 25 }, (_, i) => `Globex Person ${i + 1}`);
  const attendee = (name: string, email: string) =>
    `ATTENDEE;CN=${name};PARTSTAT=ACCEPTED:mailto:${email}`;
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//ui test//EN',
    'BEGIN:VEVENT',
    'UID:steering@ui.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${ics(at(0, 12))}`,
    `DTEND:${ics(at(0, 13))}`,
    `SUMMARY:${BIG_TITLE}`,
    `ORGANIZER;CN=Dana Reyes:mailto:${DANA}`,
    attendee('Dana Reyes', DANA),
    attendee('Paul Fischer', 'paul.fischer@globexrobotics.io'),
    attendee(LONG_NAME, 'maximilian.von.hohenzollern@globexrobotics.io'),
    ...strangers.map((name, i) => attendee(name, `person${i + 1}@globexrobotics.io`)),
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

describeInBrowser('meetings and relationships: today, search, attendees, focus, dates', () => {
  const ui = useSignedInPage({
    viewport: { width: 1440, height: 900 },
    prepare: async (env) => {
      await env.api.app.crm.upsertAccounts(env.dana, [
        { externalId: 'acc-globex', name: 'Globex Robotics', domains: ['globexrobotics.io'] },
      ]);
      await env.api.app.crm.upsertContacts(env.dana, [
        {
          externalId: 'con-paul',
          email: 'paul.fischer@globexrobotics.io',
          name: 'Paul Fischer',
          accountExternalId: 'acc-globex',
        },
      ]);
      await importFile(env, bigMeeting(), 'Steering');
    },
  });

  const card = (title: string): Locator =>
    ui.page.getByRole('article').filter({ has: ui.page.getByRole('heading', { name: title }) });
  const titlesOnScreen = (): Promise<string[]> =>
    ui.page.getByRole('article').getByRole('heading', { level: 3 }).allInnerTexts();
  const focused = () =>
    ui.page.evaluate<string>(
      '`${document.activeElement?.tagName} ${document.activeElement?.textContent ?? ""}`',
    );
  const sidewaysScroll = () =>
    ui.page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );

  it('Today lists today’s meetings only, in the address and pressed', async () => {
    await ui.page.goto(`${ui.env.base}/meetings`);
    await card(REVIEW_TITLE).waitFor();
    const today = ui.page.getByRole('button', { name: 'Today', exact: true });
    expect(await today.getAttribute('aria-pressed')).toBe('false');
    await today.click();
    await expect.poll(() => titlesOnScreen()).toEqual([BIG_TITLE]);
    expect(new URL(ui.page.url()).search).toBe(`?from=${dayOf(0)}&to=${dayOf(0)}`);
    expect(await today.getAttribute('aria-pressed')).toBe('true');
    expect(await ui.page.getByLabel('From').inputValue()).toBe(dayOf(0));
  });

  it('searches meetings by attendee, title and account, debounced into the address', async () => {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=${dayOf(7)}`);
    await card(REVIEW_TITLE).waitFor();
    const search = ui.page.getByRole('searchbox', { name: 'Search' });
    await search.pressSequentially('hohenzollern');
    await expect.poll(() => titlesOnScreen()).toEqual([BIG_TITLE]);
    expect(new URL(ui.page.url()).searchParams.get('q')).toBe('hohenzollern');
    // The whole run of keys is one entry: Back goes to the list before the search.
    await ui.page.goBack();
    await expect.poll(() => search.inputValue()).toBe('');
    await expect.poll(async () => (await titlesOnScreen()).length).toBe(3);

    await search.fill(ACCOUNT.toUpperCase());
    await expect.poll(() => titlesOnScreen()).toEqual([REVIEW_TITLE, DEMO_TITLE]);
    await search.fill('no such words');
    await ui.page.getByText(/matches “no such words”/).waitFor();
    await ui.page.reload();
    expect(await search.inputValue()).toBe('no such words');
  });

  it('shows every attendee: a few, then all, each marked, the long name whole', async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await ui.page.setViewportSize(viewport);
      await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(0)}&to=${dayOf(0)}`);
      const big = card(BIG_TITLE);
      await big.waitFor();
      await big
        .getByText('28 attendees: 1 in the CRM, 26 not in the CRM, 1 of your team')
        .waitFor();
      const items = big.getByRole('list', { name: /^28 attendees/ }).getByRole('listitem');
      expect(await items.count()).toBe(6);
      // The CRM's person first, then the strangers: the new stakeholders.
      expect(await items.first().innerText()).toMatch(/^Paul Fischer\s+paul.fischer@\S+\s+contact/);
      expect(await items.nth(1).innerText()).toContain('Globex Person 1\n');
      expect(await items.nth(1).getByText('not in CRM').count()).toBe(1);
      expect(await items.filter({ hasText: LONG_NAME }).count()).toBe(0);
      // Dana organised it, but her team sorts after the customers: her badge is behind Show all.
      const organiserBadge = ui.page.getByText('organiser', { exact: true });
      expect(await items.filter({ has: organiserBadge }).count()).toBe(0);
      await ui.page.screenshot({
        path: join(SCREENSHOT_DIR, `meeting-attendees-collapsed-${viewport.width}.png`),
        fullPage: true,
      });

      const more = big.getByRole('button', { name: 'Show all 28 attendees' });
      expect(await more.getAttribute('aria-expanded')).toBe('false');
      await more.click();
      expect(await items.count()).toBe(28);
      expect(await items.filter({ hasText: 'not in CRM' }).count()).toBe(26);
      const dana = items.filter({ hasText: DANA });
      expect(await dana.innerText()).toContain('your team');
      const organisers = items.filter({ has: organiserBadge });
      expect(await organisers.count()).toBe(1);
      expect(await organisers.innerText()).toContain(DANA);
      expect(await big.getByRole('button', { name: 'Show fewer attendees' }).count()).toBe(1);
      // The long name wraps within the card (its whole is in the item's title as well).
      const long = items.filter({ hasText: LONG_NAME });
      expect(await long.getAttribute('title')).toContain(LONG_NAME);
      const box = await long.boundingBox();
      const cardBox = await big.boundingBox();
      expect(box && cardBox && box.x + box.width <= cardBox.x + cardBox.width).toBe(true);
      expect(await sidewaysScroll()).toBeLessThanOrEqual(0);
      await ui.page.screenshot({
        path: join(SCREENSHOT_DIR, `meeting-attendees-expanded-${viewport.width}.png`),
        fullPage: true,
      });
    }
    await ui.page.setViewportSize({ width: 1440, height: 900 });
  });

  it('searches relationships by name or domain', async () => {
    await ui.page.goto(`${ui.env.base}/relationships`);
    const rows = ui.page.getByRole('table').getByRole('row');
    await ui.page.getByRole('link', { name: 'Globex Robotics' }).waitFor();
    const search = ui.page.getByRole('searchbox', { name: 'Search' });
    await search.fill('aperture.io');
    await expect.poll(() => rows.count()).toBe(2); // the header and Aperture
    expect(await ui.page.getByRole('link', { name: ACCOUNT }).count()).toBe(1);
    expect(new URL(ui.page.url()).searchParams.get('q')).toBe('aperture.io');
    await search.fill('globex');
    await ui.page.getByRole('link', { name: 'Globex Robotics' }).waitFor();
    expect(await ui.page.getByRole('link', { name: ACCOUNT }).count()).toBe(0);
    await search.fill('initech');
    await ui.page.getByText('No account matches “initech”. Search for other words').waitFor();
  });

  it('after rejecting by keyboard and reaching Undo, Tab goes to the next card', async () => {
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=${dayOf(7)}`);
    await card(DEMO_TITLE).waitFor();
    expect(await titlesOnScreen()).toEqual([BIG_TITLE, REVIEW_TITLE, DEMO_TITLE]);
    await card(REVIEW_TITLE).getByRole('button', { name: 'Not a sales meeting' }).focus();
    await ui.page.keyboard.press('Enter');
    const undo = ui.page.getByRole('status').getByRole('button', { name: 'Undo' });
    await undo.waitFor();
    await expect.poll(focused).toBe('BUTTON Undo');
    await ui.page.keyboard.press('Tab');
    expect(await focused()).toBe(`H3 ${DEMO_TITLE}`);
    await ui.page.keyboard.press('Tab');
    expect(await focused()).toBe('BUTTON Confirm');
    // Put back, for the tests after this one.
    await undo.click();
    await card(REVIEW_TITLE).waitFor();
  });

  it('says a date that is not one is not valid', async () => {
    // This week's start in its place would be after "To": the list cannot be shown.
    await ui.page.goto(`${ui.env.base}/meetings?from=garbage&to=2000-01-01`);
    await ui.page
      .getByRole('alert')
      .getByText(
        '“From” (“garbage”) is not a valid date: choose a date, or clear the field for none.',
      )
      .waitFor();
    expect(await ui.page.getByText('must be a date on or before').count()).toBe(0);
    // This week's end in its place leaves a range: listed, and the page says with what.
    await ui.page.goto(`${ui.env.base}/meetings?from=${dayOf(-1)}&to=garbage`);
    await card(REVIEW_TITLE).waitFor();
    await ui.page.getByText(/^“To” \(“garbage”\) is not a valid date: the list ends on /).waitFor();
  });
});
