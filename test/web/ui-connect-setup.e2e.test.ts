/**
 * The connections page on a server where Exchange, Google and Outlook are not set up: every one
 * of them is offered disabled with the reason beside it; an Exchange connect sent anyway (the
 * page was loaded before the server's setup changed) is answered with an error the page shows in
 * words and the form then turns itself off. The page names the time zone only when it shows
 * times.
 */
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';
import { DANA, useSignedInPage } from './ui-env.js';

const NOT_SET_UP = 'Exchange is not set up on this server; ask your administrator.';

describeInBrowser('connecting on a server without every provider set up', () => {
  const ui = useSignedInPage();

  const exchangeForm = (): Locator => ui.page.getByRole('form', { name: 'Connect Exchange' });

  /** The text a control's aria-describedby points at. */
  async function descriptionOf(control: Locator): Promise<string> {
    const id = await control.getAttribute('aria-describedby');
    return id ? ui.page.locator(`[id="${id}"]`).innerText() : '';
  }

  async function openConnections(): Promise<void> {
    await ui.page.goto(`${ui.env.base}/connections`);
    await ui.page.getByRole('heading', { name: 'Your calendar connections' }).waitFor();
    await ui.page.getByText('Loading your connections…').waitFor({ state: 'detached' });
    await exchangeForm().waitFor();
  }

  it('offers Exchange disabled with the reason, as it offers Google and Outlook', async () => {
    await openConnections();
    const google = ui.page.getByRole('button', { name: 'Connect Google Calendar' });
    expect(await google.isDisabled()).toBe(true);
    expect(await descriptionOf(google)).toMatch(/not set up on this server/);

    const submit = exchangeForm().getByRole('button', { name: 'Connect Exchange' });
    await expect.poll(() => submit.isDisabled()).toBe(true);
    expect(await descriptionOf(submit)).toBe(NOT_SET_UP);
    for (const field of ['Email', 'Username', 'Password']) {
      expect(await exchangeForm().getByLabel(field).isDisabled(), field).toBe(true);
    }
  });

  it('answers an Exchange connect sent anyway with a 409 not_configured', async () => {
    const response = await ui.env.api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/providers/exchange/connect/`,
      headers: bearer(ui.env.token),
      payload: { email: DANA, username: 'dana', authType: 'basic', password: 'secret' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: { code: 'not_configured' } });
  });

  it('shows that answer in words when the page still offered the form, then turns it off', async () => {
    // The page was loaded while the server said Exchange was set up.
    await ui.page.route('**/api/v1/calendar/providers/', async (route) => {
      const answer = await route.fetch();
      const body = (await answer.json()) as { providers: { provider: string }[] };
      const providers = body.providers.map((p) =>
        p.provider === 'exchange' ? { ...p, configured: true } : p,
      );
      await route.fulfill({ response: answer, json: { providers } });
    });
    await openConnections();
    const submit = exchangeForm().getByRole('button', { name: 'Connect Exchange' });
    await expect.poll(() => submit.isEnabled()).toBe(true);
    await ui.page.unroute('**/api/v1/calendar/providers/');

    await exchangeForm().getByLabel('Email').fill(DANA);
    await exchangeForm().getByLabel('Username').fill('dana');
    await exchangeForm().getByLabel('Password').fill('secret');
    await submit.click();

    const alert = exchangeForm().getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(NOT_SET_UP);
    await expect.poll(() => submit.isDisabled()).toBe(true);
    await ui.page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
  });

  it('names the time zone only when the page shows times', async () => {
    await openConnections();
    // The imported file's last sync is a time.
    await ui.page.getByRole('columnheader', { name: 'Last sync', exact: true }).waitFor();
    expect(await ui.page.getByText(/^Times in /).count()).toBe(1);

    const providers = await ui.env.api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/providers/`,
      headers: bearer(ui.env.token),
    });
    const body = providers.json<{ providers: { connections: { id: string }[] }[] }>();
    for (const connection of body.providers.flatMap((p) => p.connections)) {
      const removed = await ui.env.api.server.inject({
        method: 'POST',
        url: `${CALENDAR_BASE}/providers/${connection.id}/disconnect/`,
        headers: bearer(ui.env.token),
        payload: { keepEvents: false },
      });
      if (removed.statusCode >= 300) throw new Error(`remove: ${removed.body}`);
    }
    await openConnections();
    await ui.page
      .getByRole('columnheader', { name: 'Last sync', exact: true })
      .waitFor({ state: 'detached' });
    expect(await ui.page.getByText(/^Times in /).count()).toBe(0);
  });
});
