/**
 * The demo's emulators ask who is signing in, as Google and Microsoft do: the dashboard's
 * "Connect" sends no account (the service cannot know which one the person wants), so an
 * emulator that redirected at once would hand over its first seeded mailbox to whoever asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTrusting } from '../../emulators/microsoft/index.js';
import {
  OUTLOOK_PEOPLE,
  startDemoEmulators,
  type DemoEmulators,
} from '../../src/app/demo/demo-emulators.js';
import { buildNorthwind } from '../../src/app/demo/northwind-org.js';
import { consentAs } from '../../src/app/demo/provider-consent.js';

const REDIRECT = 'http://127.0.0.1:8000/api/calendar/callback/';

describe('the demo emulators ask which account connects', () => {
  let emulators: DemoEmulators;

  beforeAll(async () => {
    emulators = await startDemoEmulators(buildNorthwind(new Date('2026-03-02T00:00:00Z')));
  }, 60_000);

  afterAll(async () => emulators?.close());

  /** The authorisation URL the service makes when the dashboard connects without a hint. */
  const googleUrl = () =>
    `${emulators.google.url}/o/oauth2/v2/auth?${new URLSearchParams({
      client_id: emulators.google.clientId,
      redirect_uri: `${REDIRECT}google/`,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/calendar.readonly',
      access_type: 'offline',
      state: 'google-state',
    }).toString()}`;
  const outlookUrl = () =>
    `${emulators.outlook.url}/common/oauth2/v2.0/authorize?${new URLSearchParams({
      client_id: emulators.outlook.clientId,
      redirect_uri: `${REDIRECT}outlook/`,
      response_type: 'code',
      response_mode: 'query',
      scope: 'Calendars.Read offline_access openid profile',
      prompt: 'select_account',
      state: 'outlook-state',
    }).toString()}`;

  it("Google's authorisation page lists the accounts to choose from instead of redirecting", async () => {
    const page = await fetch(googleUrl(), { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="dana@northwind.io"');
    expect(html).toContain('value="sam@northwind.io"');
  });

  it("Microsoft's authorisation page lists the Outlook accounts instead of redirecting", async () => {
    const page = await fetchTrusting(emulators.outlook.ca)(outlookUrl(), { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const email of OUTLOOK_PEOPLE) expect(html).toContain(`value="${email}"`);
  });

  it('connects the account the demo picks on the Google page, not the first one listed', async () => {
    const callback = await consentAs(googleUrl(), 'sam@northwind.io');
    expect(callback.searchParams.get('state')).toBe('google-state');
    const tokens = (await (
      await fetch(`${emulators.google.url}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: `${REDIRECT}google/`,
          client_id: emulators.google.clientId,
          client_secret: emulators.google.clientSecret,
        }),
      })
    ).json()) as { access_token: string };
    const calendars = (await (
      await fetch(`${emulators.google.url}/calendar/v3/users/me/calendarList`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      })
    ).json()) as { items: { id: string; primary?: boolean }[] };
    expect(calendars.items.find((c) => c.primary)?.id).toBe('sam@northwind.io');
  });

  it('connects the account the demo picks on the Microsoft page, not the first one listed', async () => {
    const trusted = fetchTrusting(emulators.outlook.ca);
    const callback = await consentAs(outlookUrl(), 'ines@northwind.io', trusted);
    expect(callback.searchParams.get('state')).toBe('outlook-state');
    const tokens = (await (
      await trusted(`${emulators.outlook.url}/common/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: `${REDIRECT}outlook/`,
          client_id: emulators.outlook.clientId,
          client_secret: emulators.outlook.clientSecret,
          scope: 'Calendars.Read offline_access openid profile',
        }),
      })
    ).json()) as { id_token: string };
    const claims = JSON.parse(
      Buffer.from(tokens.id_token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { preferred_username: string };
    expect(claims.preferred_username).toBe('ines@northwind.io');
  });

  it('refuses to sign in as someone the page does not offer', async () => {
    await expect(consentAs(googleUrl(), 'chloe@northwind.io')).rejects.toThrow(
      /does not offer chloe@northwind.io/,
    );
  });
});
