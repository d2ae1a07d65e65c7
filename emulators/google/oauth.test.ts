import { calendar } from '@googleapis/calendar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from './index.js';
import {
  authorize,
  buildSeed,
  CALENDAR_SCOPE,
  connect,
  failure,
  NO_RETRY,
  oauthClient,
  REDIRECT_URI,
} from './test-kit.js';

const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description: 'Token has been expired or revoked.',
};

let emulator: RunningGoogleEmulator;

beforeEach(async () => {
  emulator = await startGoogleEmulator({ seed: buildSeed([]) });
});

afterEach(async () => {
  await emulator.close();
});

describe('OAuth code flow', () => {
  it('redirects with a code and the state, and exchanges it (PKCE) for tokens that open the API', async () => {
    const client = oauthClient(emulator);
    const { code, codeVerifier, state, location } = await authorize(client);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(state).toBe('xyz-state');
    const { tokens } = await client.getToken({ code, codeVerifier });
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: CALENDAR_SCOPE });
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    client.setCredentials(tokens);
    const api = calendar({ version: 'v3', auth: client, rootUrl: `${emulator.url}/` });
    const { data } = await api.calendarList.list();
    expect(data.items?.map((c) => [c.id, c.primary ?? false, c.accessRole])).toEqual([
      ['alice@example.com', true, 'owner'],
      ['team@example.com', false, 'owner'],
    ]);
  });

  it('gives no refresh token without access_type=offline', async () => {
    const client = oauthClient(emulator);
    const { code, codeVerifier } = await authorize(client, { offline: false });
    const { tokens } = await client.getToken({ code, codeVerifier });
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('accepts a code once only, and only with the right code verifier', async () => {
    const client = oauthClient(emulator);
    const first = await authorize(client);
    const wrong = await failure(
      client.getToken({ code: first.code, codeVerifier: 'x'.repeat(64) }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    });
    await client.getToken({ code: first.code, codeVerifier: first.codeVerifier });
    const reused = await failure(
      client.getToken({ code: first.code, codeVerifier: first.codeVerifier }),
    );
    expect([reused.status, reused.data]).toEqual([400, INVALID_GRANT]);
  });

  it('refuses a redirect_uri other than the authorize one, and a code older than 10 minutes', async () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const timed = await startGoogleEmulator({ seed: buildSeed([]), now: () => now });
    try {
      const client = oauthClient(timed);
      const first = await authorize(client);
      const mismatch = await failure(
        client.getToken({ ...first, redirect_uri: 'http://127.0.0.1:9/elsewhere' }),
      );
      expect([mismatch.status, mismatch.data]).toEqual([
        400,
        { error: 'redirect_uri_mismatch', error_description: 'Bad Request' },
      ]);
      const late = await authorize(client);
      now = new Date(now.getTime() + 10 * 60_000 + 1);
      const expired = await failure(client.getToken(late));
      expect([expired.status, expired.data]).toEqual([400, INVALID_GRANT]);
    } finally {
      await timed.close();
    }
  });

  it('answers invalid_client (401) for a wrong client secret', async () => {
    const good = oauthClient(emulator);
    const { code, codeVerifier } = await authorize(good);
    const bad = oauthClient(emulator, 'not-the-secret');
    const error = await failure(bad.getToken({ code, codeVerifier }));
    expect([error.status, error.data]).toEqual([
      401,
      { error: 'invalid_client', error_description: 'Unauthorized' },
    ]);
  });

  it('shows a 400 page, not a redirect, for an unknown client or a bad redirect_uri', async () => {
    const base = `${emulator.url}/o/oauth2/v2/auth?response_type=code&scope=${CALENDAR_SCOPE}`;
    const unknown = await fetch(`${base}&client_id=nope&redirect_uri=${REDIRECT_URI}`, {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('invalid_client');
    const badRedirect = await fetch(`${base}&client_id=${emulator.clientId}&redirect_uri=nowhere`, {
      redirect: 'manual',
    });
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain('redirect_uri_mismatch');
  });

  it('signs in the user named by login_hint, who sees only their own calendars', async () => {
    const bob = await connect(emulator, 'bob@example.com');
    const { data } = await bob.api.calendarList.list();
    expect(data.items?.map((c) => c.id)).toEqual(['bob@example.com']);
    const error = await failure(bob.api.events.list({ calendarId: 'alice@example.com' }, NO_RETRY));
    expect(error.status).toBe(404);
  });
});

describe('tokens', () => {
  it('answers 401 with Google’s authError body for an expired token; the client refreshes and retries', async () => {
    const { oauth } = await connect(emulator);
    const { access_token: old, refresh_token: refresh } = oauth.credentials;
    emulator.state.expireAccessTokens();
    const raw = await fetch(`${emulator.url}/calendar/v3/users/me/calendarList`, {
      headers: { authorization: `Bearer ${old}` },
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({
      error: {
        code: 401,
        message:
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        errors: [
          {
            domain: 'global',
            reason: 'authError',
            message: 'Invalid Credentials',
            locationType: 'header',
            location: 'Authorization',
          },
        ],
        status: 'UNAUTHENTICATED',
      },
    });
    // Without expiry_date google-auth-library refreshes reactively on the 401, once.
    oauth.setCredentials({ access_token: old, refresh_token: refresh });
    const api = calendar({ version: 'v3', auth: oauth, rootUrl: `${emulator.url}/` });
    const { data } = await api.calendarList.list();
    expect(data.items).toHaveLength(2);
    expect(oauth.credentials.access_token).not.toBe(old);
  });

  it('makes the client refresh ahead of time when tokens are short-lived', async () => {
    emulator.state.updateSettings({ accessTokenLifetimeSeconds: 60 });
    const { oauth, api } = await connect(emulator);
    const refreshed: unknown[] = [];
    oauth.on('tokens', (tokens) => refreshed.push(tokens));
    await api.calendarList.list();
    // 60 s is inside the library's 5-minute eager threshold: it refreshed before the call.
    expect(refreshed).toHaveLength(1);
  });

  it('answers invalid_grant for the refresh token after a revoke, and 401 for the access token', async () => {
    const { oauth, api } = await connect(emulator);
    const access = oauth.credentials.access_token ?? '';
    await oauth.revokeToken(access);
    const error = await failure(oauth.refreshAccessToken());
    expect([error.status, error.data]).toEqual([400, INVALID_GRANT]);
    const denied = await failure(api.calendarList.list({}, NO_RETRY));
    expect(denied.status).toBe(401);
  });

  it('revokes a token sent in a form body too', async () => {
    const { oauth } = await connect(emulator);
    const response = await fetch(`${emulator.url}/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ token: oauth.credentials.refresh_token ?? '' }),
    });
    expect(response.status).toBe(200);
    expect((await failure(oauth.refreshAccessToken())).data).toEqual(INVALID_GRANT);
  });

  it('answers invalid_token when revoking an unknown token', async () => {
    const response = await fetch(`${emulator.url}/revoke?token=unknown`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'Token expired or revoked',
    });
  });

  it('answers invalid_grant once the control API invalidated the user’s refresh tokens', async () => {
    const { oauth } = await connect(emulator);
    expect(emulator.state.invalidateRefreshTokens('alice@example.com')).toBe(1);
    const error = await failure(oauth.refreshAccessToken());
    expect([error.status, error.data]).toEqual([400, INVALID_GRANT]);
  });

  it('rotates refresh tokens when told to: the new one works, the old one is invalid_grant', async () => {
    emulator.state.updateSettings({ rotateRefreshTokens: true });
    const { oauth } = await connect(emulator);
    const old = oauth.credentials.refresh_token ?? '';
    // google-auth-library puts the old refresh token back into its credentials after a
    // refresh (and into the very object it emitted): only a synchronous 'tokens' listener
    // sees the rotated one.
    const emitted: string[] = [];
    oauth.on('tokens', (tokens) => emitted.push(tokens.refresh_token ?? ''));
    await oauth.refreshAccessToken();
    const [rotated = ''] = emitted;
    expect(rotated).toMatch(/^1\/\//);
    expect(rotated).not.toBe(old);
    expect(oauth.credentials.refresh_token).toBe(old);
    expect((await failure(oauth.refreshAccessToken())).data).toEqual(INVALID_GRANT);
    oauth.setCredentials({ refresh_token: rotated });
    await expect(oauth.refreshAccessToken()).resolves.toBeTruthy();
  });
});

describe('consent form', () => {
  async function formFor(client: ReturnType<typeof oauthClient>) {
    const { codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      access_type: 'offline',
      scope: [CALENDAR_SCOPE],
      state: 's1',
      code_challenge: codeChallenge,
      code_challenge_method: 'S256' as never,
    });
    return new URL(url).searchParams;
  }

  async function submit(params: URLSearchParams, decision: string, user: string) {
    const body = new URLSearchParams(params);
    body.set('decision', decision);
    body.set('user', user);
    const response = await fetch(`${emulator.url}/o/oauth2/v2/auth/consent`, {
      method: 'POST',
      body,
      redirect: 'manual',
    });
    return new URL(response.headers.get('location') ?? '');
  }

  it('shows the seeded users, and Allow redirects with a code for the chosen one', async () => {
    emulator.state.updateSettings({ consent: 'form' });
    const client = oauthClient(emulator);
    const params = await formFor(client);
    const page = await fetch(`${emulator.url}/o/oauth2/v2/auth?${params}`);
    const html = await page.text();
    expect(html).toContain('bob@example.com');
    expect(html).toContain('value="allow"');
    const location = await submit(params, 'allow', 'bob@example.com');
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('redirects with error=access_denied on Deny', async () => {
    emulator.state.updateSettings({ consent: 'form' });
    const location = await submit(
      await formFor(oauthClient(emulator)),
      'deny',
      'alice@example.com',
    );
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.has('code')).toBe(false);
  });
});
