/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the real
 * service and the Google emulator: sign in, connect Google on the emulator's consent page, see
 * the synced meetings, correct one and see it stick, apply a conflict suggestion, open an
 * account's timeline, and watch a push-synced change appear without a reload. Each main page is
 * checked with axe-core and photographed into test-results/screenshots for a reviewer.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, SCREENSHOT_DIR } from '../support/browser.js';
import { at, REP, REP_PASSWORD, startDashboardEnv, type DashboardEnv } from './dashboard-env.js';

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };

/** Browser waits: generous, since a sync and detection run between some steps. */
const WAIT_MS = 20_000;

describeInBrowser('the dashboard in Chromium', () => {
  let env: DashboardEnv;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    env = await startDashboardEnv();
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: WIDE,
      locale: 'en-GB',
      timezoneId: 'UTC',
      // The Microsoft emulator serves HTTPS with a certificate made at start, which a person
      // accepts once (or imports); the service itself trusts it through its CA.
      ignoreHTTPSErrors: true,
    });
    context.setDefaultTimeout(WAIT_MS);
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** No serious or critical accessibility problem on the page as it is now. */
  async function expectAccessible(name: string): Promise<void> {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `${name}: accessibility`).toEqual([]);
  }

  /** Both widths, for a reviewer; and at 390 px nothing may scroll sideways. */
  async function photograph(name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize(NARROW);
    // Charts re-measure after the resize, a frame or two later: wait for the layout to settle.
    // (A string, not a function: this file is compiled without the DOM's types.)
    await expect
      .poll(
        () =>
          page.evaluate<number>(
            'document.documentElement.scrollWidth - document.documentElement.clientWidth',
          ),
        { message: `${name}: horizontal overflow at 390 px`, timeout: 5_000 },
      )
      .toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-390.png`), fullPage: true });
    await page.setViewportSize(WIDE);
  }

  /** Shows a fortnight around today, whichever weekday the test runs on. */
  async function showMeetingsAroundToday(): Promise<void> {
    const filters = page.getByRole('form', { name: 'Meeting filters' });
    await filters.getByLabel('From', { exact: true }).fill(at(-7, 0).slice(0, 10));
    await filters.getByLabel('To', { exact: true }).fill(at(7, 0).slice(0, 10));
  }

  it('signs in with email and password', async () => {
    await page.goto(`${env.base}/meetings`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('heading', { name: 'Sign in to calintel' }).waitFor();
    await expectAccessible('sign-in');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'sign-in-1280.png') });

    await page.getByLabel('Email').fill(REP);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /email or password is not right/i })
      .waitFor();

    await page.getByLabel('Password').fill(REP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/meetings');
    await page.getByText(REP).first().waitFor();
  });

  it("connects Google through the emulator's consent page", async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Connections' })
      .click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();

    // The emulator's page, as Google's: choose the account and allow.
    await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await page.getByLabel(/Dana Reyes/).check();
    await page.getByRole('button', { name: 'Allow' }).click();

    await expect.poll(() => new URL(page.url()).pathname).toBe('/connections');
    await page
      .getByText(/Google Calendar connected|connected/i)
      .first()
      .waitFor();
    await env.api.app.queue.drain();
    const connection = page.getByRole('article', { name: /Google Calendar/ });
    await connection.waitFor();
    await connection.getByText('Connected', { exact: true }).waitFor();
    await connection.getByRole('checkbox', { name: /Dana Reyes/ }).waitFor();
    await expectAccessible('connections');
    await photograph('connections');
  });

  it("connects Outlook through the Microsoft emulator's consent page", async () => {
    const authorize = page.waitForRequest((r) => r.url().includes('/oauth2/v2.0/authorize'));
    await page.getByRole('button', { name: 'Connect Outlook' }).click();
    // The signed-in user's own account is the one the sign-in page offers first.
    expect(new URL((await authorize).url()).searchParams.get('login_hint')).toBe(REP);
    await page.getByRole('heading', { name: 'Pick an account' }).waitFor();
    await page.getByLabel(/Dana Reyes/).check();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/connections');
    await env.api.app.queue.drain();
    const connection = page.getByRole('article', { name: /Outlook/ });
    await connection.getByText('Connected', { exact: true }).waitFor();
    expect(await env.api.app.store.connections.list(env.rep)).toHaveLength(2);
  });

  it('shows the synced meetings with type, confidence, account and reasons', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Meetings' })
      .click();
    await showMeetingsAroundToday();
    const discovery = page.getByRole('article', { name: 'Discovery call: Acme' });
    await discovery.waitFor();
    await discovery.getByText('Acme Corp').first().waitFor();
    await discovery.getByText(/%/).first().waitFor();
    expect(await discovery.getByRole('listitem').count()).toBeGreaterThan(0);
    await page.getByRole('article', { name: 'Product demo for Globex' }).waitFor();
    await expectAccessible('meetings');
    await photograph('meetings');
  });

  it('corrects a meeting type, and the correction sticks after a reload', async () => {
    const discovery = page.getByRole('article', { name: 'Discovery call: Acme' });
    await discovery.getByLabel('Meeting type').selectOption('negotiation');
    await page.getByRole('status').filter({ hasText: /Saved/ }).waitFor();
    await page.reload();
    await showMeetingsAroundToday();
    const reloaded = page.getByRole('article', { name: 'Discovery call: Acme' });
    await expect.poll(() => reloaded.getByLabel('Meeting type').inputValue()).toBe('negotiation');
    const stored = await env.api.app.meetings.list(env.rep, { limit: 100 });
    expect(stored.items.find((m) => m.title === 'Discovery call: Acme')?.meetingType).toBe(
      'negotiation',
    );
  });

  it('applies a correction to the rest of its series at once', async () => {
    const weekly = page.getByRole('article', { name: 'Acme weekly sync' });
    await weekly.first().waitFor();
    expect(await weekly.count()).toBeGreaterThan(1);
    await weekly.first().getByLabel('Meeting type').selectOption('closing');
    await page.getByRole('status').filter({ hasText: /Saved/ }).waitFor();
    await expect
      .poll(async () => {
        const types = [];
        for (const occurrence of await weekly.all())
          types.push(await occurrence.getByLabel('Meeting type').inputValue());
        return [...new Set(types)];
      })
      .toEqual(['closing']);
  });

  it('applies a suggestion to a conflict', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Conflicts' })
      .click();
    await page.getByRole('heading', { name: 'Conflicts', level: 1 }).waitFor();
    const overlap = page.getByRole('article', { name: /^Overlap/ }).first();
    await overlap.waitFor();
    await overlap.getByText('Product demo for Globex').first().waitFor();
    await overlap.getByText('Initech pricing negotiation').first().waitFor();
    await expectAccessible('conflicts');
    await photograph('conflicts');
    await overlap.getByRole('button', { name: 'Apply' }).first().click();
    await page
      .getByRole('status')
      .filter({ hasText: /^(Applied|Recorded):/ })
      .waitFor();
    await expect
      .poll(async () => {
        const conflicts = await env.api.app.conflicts.list(env.rep, { limit: 100 });
        return conflicts.items.map((c) => c.status);
      })
      .toContain('resolved');
  });

  it("opens an account's relationship timeline", async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Relationships' })
      .click();
    await page.getByRole('heading', { name: 'Relationships', level: 1 }).waitFor();
    await expectAccessible('relationships');
    await photograph('relationships');
    await page.getByRole('link', { name: 'Acme Corp' }).click();
    await page.getByRole('heading', { name: 'Acme Corp', level: 1 }).waitFor();
    await page.getByRole('figure').filter({ hasText: 'Meetings over time by type' }).waitFor();
    await page.getByRole('heading', { name: 'Cadence' }).waitFor();
    await page.getByRole('heading', { name: 'Stakeholders' }).waitFor();
    await page.getByRole('heading', { name: 'Stage history' }).waitFor();
    await page.getByText('Sam Lee').first().waitFor();
    await expectAccessible('account');
    await photograph('account');
  });

  it('shows a change synced by push without a reload', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Meetings' })
      .click();
    await showMeetingsAroundToday();
    await page.getByRole('article', { name: 'Product demo for Globex' }).waitFor();
    const loads = { count: 0 };
    page.on('load', () => {
      loads.count += 1;
    });
    env.emulator.state.addEvent(REP, {
      id: 'acmeclosing',
      summary: 'Acme contract signing',
      description: 'Final signature on the order form.',
      start: { dateTime: at(3, 15), timeZone: 'UTC' },
      end: { dateTime: at(3, 16), timeZone: 'UTC' },
      attendees: [
        { email: REP, self: true, organizer: true, responseStatus: 'accepted' },
        { email: 'cfo@acme.com', responseStatus: 'accepted' },
      ],
      hangoutLink: 'https://meet.google.com/acm-sign-now',
    });
    await page.getByRole('article', { name: 'Acme contract signing' }).waitFor({ timeout: 30_000 });
    expect(loads.count).toBe(0);
  });

  it('can be used with the keyboard alone', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe(
      'Skip to content',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('main');
    await showMeetingsAroundToday();
    const globex = page.getByRole('article', { name: 'Product demo for Globex' });
    await globex.getByRole('button', { name: 'Confirm' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /Saved/ }).waitFor();
    await expect
      .poll(async () => {
        const meetings = await env.api.app.meetings.list(env.rep, { limit: 100 });
        return meetings.items.find((m) => m.title === 'Product demo for Globex')?.source;
      })
      .toBe('feedback');
  });

  it('signs in with a one-time link in a fresh browser', async () => {
    const link = await env.api.app.webAuth.createSignInLink(env.rep);
    const fresh = await browser.newContext({ viewport: WIDE });
    try {
      const other = await fresh.newPage();
      await other.goto(`${env.base}/auth/link/${link.token}`);
      await other.getByRole('button', { name: 'Continue to calintel' }).click();
      await other.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
      await other.getByText(REP).first().waitFor();
    } finally {
      await fresh.close();
    }
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to calintel' }).waitFor();
    const response = await page.request.get(`${env.base}/api/v1/calendar/meetings/`);
    expect(response.status()).toBe(401);
  });
});
