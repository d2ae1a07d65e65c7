import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMicrosoftEmulator, type RunningMicrosoftEmulator } from './index.js';
import { ALICE, authorize, buildSeed, msalApp, REDIRECT_URI, SCOPES, signIn } from './test-kit.js';
import { fetchTrusting } from './trusted-fetch.js';

let emulator: RunningMicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ seed: buildSeed([]) });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.state.reset();
});

/** What a failed MSAL call threw, for assertions on its class and codes. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('OpenID Connect discovery', () => {
  it('serves the configuration for any tenant segment, with endpoints under that segment', async () => {
    const fetchCa = fetchTrusting(emulator.ca);
    for (const tenant of ['common', 'organizations', emulator.tenantId, 'contoso.test']) {
      const response = await fetchCa(
        `${emulator.url}/${tenant}/v2.0/.well-known/openid-configuration`,
      );
      const document = (await response.json()) as Record<string, string>;
      expect(document.authorization_endpoint).toBe(
        `${emulator.url}/${tenant}/oauth2/v2.0/authorize`,
      );
      expect(document.token_endpoint).toBe(`${emulator.url}/${tenant}/oauth2/v2.0/token`);
    }
    const unknown = await fetchCa(
      `${emulator.url}/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration`,
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });
});

describe('MSAL authorization code flow with PKCE', () => {
  it('redirects with a code, client_info and the state, and exchanges it for tokens and an account', async () => {
    const app = msalApp(emulator);
    const { code, codeVerifier, location } = await authorize(emulator, app, { loginHint: ALICE });
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('xyz-state');
    expect(location.searchParams.get('client_info')).toBeTruthy();
    const result = await app.acquireTokenByCode({
      code,
      codeVerifier,
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
    });
    const [user] = emulator.state.users();
    expect(result.account).toMatchObject({
      homeAccountId: `${user?.id}.${emulator.tenantId}`,
      tenantId: emulator.tenantId,
      username: ALICE,
      name: 'Alice Example',
    });
    expect(result.idTokenClaims).toMatchObject({
      aud: emulator.clientId,
      oid: user?.id,
      tid: emulator.tenantId,
    });
    expect(result.scopes).toContain('Calendars.Read');
    expect(result.accessToken.split('.')).toHaveLength(3);
  });

  it('refuses a wrong code verifier (AADSTS501481) and a code used twice (AADSTS54005)', async () => {
    const app = msalApp(emulator);
    const first = await authorize(emulator, app);
    const wrong = await rejection(
      app.acquireTokenByCode({
        code: first.code,
        codeVerifier: 'x'.repeat(43),
        scopes: SCOPES,
        redirectUri: REDIRECT_URI,
      }),
    );
    expect(wrong).toBeInstanceOf(ServerError);
    expect(wrong).toMatchObject({ errorCode: 'invalid_grant' });
    expect((wrong as ServerError).errorMessage).toContain('AADSTS501481:');
    await app.acquireTokenByCode({
      code: first.code,
      codeVerifier: first.codeVerifier,
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
    });
    const reused = await rejection(
      msalApp(emulator).acquireTokenByCode({
        code: first.code,
        codeVerifier: first.codeVerifier,
        scopes: SCOPES,
        redirectUri: REDIRECT_URI,
      }),
    );
    expect((reused as ServerError).errorMessage).toContain('AADSTS54005:');
  });

  it('refuses a wrong client secret with invalid_client (AADSTS7000215)', async () => {
    const app = msalApp(emulator, 'not-the-secret');
    const { code, codeVerifier } = await authorize(emulator, app);
    const error = await rejection(
      app.acquireTokenByCode({ code, codeVerifier, scopes: SCOPES, redirectUri: REDIRECT_URI }),
    );
    expect(error).toMatchObject({ errorCode: 'invalid_client' });
    expect((error as ServerError).errorMessage).toContain('AADSTS7000215:');
  });
});

describe('refresh', () => {
  it('acquireTokenSilent answers from the cache, then refreshes once the token is expired', async () => {
    const { app, result } = await signIn(emulator);
    const account = result.account!;
    const cached = await app.acquireTokenSilent({ account, scopes: SCOPES });
    expect(cached.accessToken).toBe(result.accessToken);
    const refreshed = await app.acquireTokenSilent({ account, scopes: SCOPES, forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(result.accessToken);
    expect(refreshed.account?.homeAccountId).toBe(account.homeAccountId);
  });

  it('imports a refresh token kept elsewhere (acquireTokenByRefreshToken)', async () => {
    const { app, result } = await signIn(emulator);
    const cache = JSON.parse(app.getTokenCache().serialize()) as {
      RefreshToken: Record<string, { secret: string }>;
    };
    const refreshToken = Object.values(cache.RefreshToken)[0]?.secret ?? '';
    const fresh = msalApp(emulator);
    const imported = await fresh.acquireTokenByRefreshToken({ refreshToken, scopes: SCOPES });
    expect(imported?.account?.homeAccountId).toBe(result.account?.homeAccountId);
  });

  it('a revoked grant is invalid_grant (AADSTS50173): a ServerError, the user must reconnect', async () => {
    const { app, result } = await signIn(emulator);
    emulator.state.setGrantTrouble(ALICE, 'revoked');
    const error = await rejection(
      app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBeInstanceOf(InteractionRequiredAuthError);
    expect(error).toMatchObject({ errorCode: 'invalid_grant' });
    expect((error as ServerError).errorMessage).toContain('AADSTS50173:');
  });

  it('an expired refresh token is invalid_grant AADSTS700082', async () => {
    const { app, result } = await signIn(emulator);
    emulator.state.setGrantTrouble(ALICE, 'expired');
    const error = await rejection(
      app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true }),
    );
    expect((error as ServerError).errorMessage).toContain('AADSTS700082:');
  });

  it('multi-factor required is interaction_required: an InteractionRequiredAuthError', async () => {
    const { app, result } = await signIn(emulator);
    emulator.state.setGrantTrouble(ALICE, 'interaction_required');
    const error = await rejection(
      app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true }),
    );
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error).toMatchObject({ errorCode: 'interaction_required' });
  });

  it('a throttled token endpoint answers 429 with Retry-After, which MSAL reports', async () => {
    const { app, result } = await signIn(emulator);
    emulator.state.addFault({
      match: { pathIncludes: '/oauth2/v2.0/token' },
      fault: 'tooManyRequests',
      times: 1,
      retryAfterSeconds: 7,
    });
    const error = await rejection(
      app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ errorCode: 'temporarily_unavailable' });
    // MSAL keeps the Retry-After and refuses the same request locally until then.
    const before = emulator.state.load().requests;
    const again = await rejection(
      app.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true }),
    );
    expect(again).toBeInstanceOf(ServerError);
    expect(emulator.state.load().requests).toBe(before);
  });
});

describe('consent form', () => {
  it('shows the accounts, and redirects with a code on accept and access_denied on cancel', async () => {
    emulator.state.updateSettings({ consent: 'form' });
    const app = msalApp(emulator);
    const url = await app.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
      state: 's1',
    });
    const fetchCa = fetchTrusting(emulator.ca);
    const page = await (await fetchCa(url)).text();
    expect(page).toContain('bob@contoso.test');
    const action = /action="([^"]+)"/.exec(page)?.[1] ?? '';
    const fields = new URLSearchParams(new URL(url).searchParams);
    fields.set('user', 'bob@contoso.test');
    fields.set('decision', 'accept');
    const accepted = await fetchCa(`${emulator.url}${action}`, {
      method: 'POST',
      body: fields,
      redirect: 'manual',
    });
    const location = new URL(accepted.headers.get('location') ?? '');
    expect(location.searchParams.get('code')).toBeTruthy();
    fields.set('decision', 'cancel');
    const cancelled = await fetchCa(`${emulator.url}${action}`, {
      method: 'POST',
      body: fields,
      redirect: 'manual',
    });
    expect(new URL(cancelled.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'access_denied',
    );
  });
});
