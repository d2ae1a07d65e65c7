/**
 * Colleagues' calendars on an Exchange card of the connections page, against the EWS emulator's
 * permission table: a calendar shared with Reviewer is added and listed with its sync state; an
 * unknown address and a calendar not shared are refused in words beside the field (which points
 * at them and is marked invalid until it changes); Remove asks first, saying that the events
 * leave calintel, then takes it away. Photographed at 1440 and 390 px, checked with axe-core.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { describeInBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { at } from './dashboard-env.js';
import { openSignedIn, startUiEnv, type UiEnv } from './ui-env.js';

const BOSS = 'boss@contoso.test';
/** In the emulator's seed, with a Calendar shared with no one. */
const STRANGER = 'bob@contoso.test';

describeInBrowser("a colleague's Exchange calendar on the connections page", () => {
  let emulator: RunningExchangeEmulator;
  let env: UiEnv;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const seed = buildSeed([]);
    seed.mailboxes.push({
      email: BOSS,
      name: 'Bea Boss',
      password: 'Boss-Secret-1',
      items: [
        buildItem({ id: 'AAMkBoard', subject: 'Board review', start: at(2, 15), end: at(2, 16) }),
      ],
      delegates: [{ email: ALICE, level: 'reviewer' }],
    });
    emulator = await startExchangeEmulator({ protocol: 'http', seed });
    env = await startUiEnv({
      EXCHANGE_SERVER_URL: emulator.ewsUrl,
      EXCHANGE_VERSION: 'Exchange2013_SP1',
    });
    const connected = await env.api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/providers/exchange/connect/`,
      headers: bearer(env.token),
      payload: { email: ALICE, username: 'alice', password: ALICE_PASSWORD, authType: 'basic' },
    });
    if (connected.statusCode !== 201) throw new Error(`connect: ${connected.body}`);
    await env.api.app.queue.drain();
    ({ browser, page } = await openSignedIn(env, { viewport: { width: 1440, height: 900 } }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    await emulator?.close();
  });

  const section = (): Locator =>
    page
      .getByRole('article', { name: /^Exchange: / })
      .getByRole('region', { name: 'Shared calendars' });
  const form = (): Locator => section().getByRole('form', { name: "Add a colleague's calendar" });
  const emailField = (): Locator => form().getByLabel('Their email address');
  const item = (owner: string): Locator =>
    section().getByRole('listitem').filter({ hasText: owner });

  async function add(email: string): Promise<void> {
    await emailField().fill(email);
    await form().getByRole('button', { name: 'Add calendar' }).click();
  }

  /** The text of what a control's aria-describedby points at. */
  async function descriptionOf(control: Locator): Promise<string> {
    const ids = (await control.getAttribute('aria-describedby'))?.split(' ') ?? [];
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
    return texts.join(' ');
  }

  async function sharedOwners(): Promise<string[]> {
    const calendars = await env.api.app.store.calendars.list(env.dana);
    return calendars.flatMap((c) =>
      c.providerCalendarId.includes('@') ? [c.providerCalendarId] : [],
    );
  }

  it('says once that these calendars are read but their events are not your meetings', async () => {
    await page.goto(`${env.base}/connections`);
    await section().waitFor();
    expect(await section().getByText('None added yet.').count()).toBe(1);
    const text = await page.locator('main').innerText();
    const said = 'calintel reads these calendars but does not count their events as your meetings.';
    expect(text.split(said).length - 1).toBe(1);
  });

  it('refuses an unknown address in words, beside the field, until the field changes', async () => {
    await add('boss@contoso.tset');
    const alert = form().getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      'Exchange has no mailbox with the address boss@contoso.tset. Check the spelling.',
    );
    expect(await emailField().getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(emailField())).toContain('Check the spelling.');

    await emailField().fill('boss@contoso.test');
    await alert.waitFor({ state: 'detached' });
    expect(await emailField().getAttribute('aria-invalid')).toBeNull();
    expect(await descriptionOf(emailField())).not.toContain('Check the spelling.');
    expect(await sharedOwners()).toEqual([]);
  });

  it('refuses a calendar not shared with this mailbox, saying what to ask for', async () => {
    await add(STRANGER);
    const alert = form().getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(
      /^bob@contoso\.test has not shared their calendar with you\. Ask them to give you the Reviewer permission/,
    );
    expect(await sharedOwners()).toEqual([]);
    await section().screenshot({ path: join(SCREENSHOT_DIR, 'exchange-shared-refused.png') });
  });

  it('adds a calendar shared with Reviewer: listed with its sync state, the field emptied', async () => {
    await add(BOSS);
    await item(BOSS).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Added ${BOSS}'s calendar` })
      .waitFor();
    expect(await emailField().inputValue()).toBe('');
    expect(await form().getByRole('alert').count()).toBe(0);
    // Its first sync runs in the background; the live stream brings the page its outcome.
    await item(BOSS)
      .getByText(/^Synced /)
      .waitFor();
    expect(await sharedOwners()).toEqual([BOSS]);
    await expectAccessible();
    await page.screenshot({
      path: join(SCREENSHOT_DIR, 'exchange-shared-1440.png'),
      fullPage: true,
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() =>
        page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        ),
      )
      .toBeLessThanOrEqual(0);
    await section().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'exchange-shared-390.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('removes it after saying its events leave calintel, focus on the section', async () => {
    const remove = item(BOSS).getByRole('button', { name: `Remove ${BOSS}'s calendar` });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: `Remove ${BOSS}'s calendar?` });
    expect(await dialog.innerText()).toMatch(/its one event leaves calintel/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await sharedOwners()).toEqual([BOSS]);

    await remove.click();
    await dialog.getByRole('button', { name: 'Confirm remove' }).click();
    await item(BOSS).waitFor({ state: 'detached' });
    await section().getByText('None added yet.').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `${BOSS}'s calendar is removed` })
      .waitFor();
    const heading = section().getByRole('heading', { name: 'Shared calendars' });
    expect(await heading.evaluate((element) => element.matches(':focus'))).toBe(true);
    expect(await sharedOwners()).toEqual([]);
  });

  /** No serious or critical accessibility problem on the page as it is now. */
  async function expectAccessible(): Promise<void> {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }
});
