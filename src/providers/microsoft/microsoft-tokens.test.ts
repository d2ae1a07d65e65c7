import { describe, expect, it } from 'vitest';
import { ProviderError, type ProviderConnection } from '../provider.js';
import type { MicrosoftTokens } from './microsoft-client.js';
import {
  accountAddressOf,
  secretsToTokens,
  TokenKeeper,
  tokensToSecrets,
} from './microsoft-tokens.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function fakeClient() {
  const calls: MicrosoftTokens[] = [];
  const client = {
    refresh: async (tokens: MicrosoftTokens): Promise<MicrosoftTokens> => {
      calls.push(tokens);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return {
        ...tokens,
        accessToken: `access-${calls.length}`,
        expiresAt: NOW + 3_600_000,
        tokenCache: `{"RefreshToken":{"rotated-${calls.length}":{}}}`,
      };
    },
  };
  return { client, calls };
}

function connection(expiresAt: number, saved: Record<string, string>[]): ProviderConnection {
  return {
    id: 'conn-1',
    secrets: tokensToSecrets({
      accessToken: 'old',
      expiresAt,
      scope: 'Calendars.Read User.Read openid profile',
      homeAccountId: 'uid.utid',
      tokenCache: '{"RefreshToken":{"first":{}}}',
    }),
    settings: {},
    saveSecrets: async (secrets) => {
      saved.push(secrets);
    },
  };
}

describe('TokenKeeper', () => {
  it('uses the stored access token while it has more than the margin left', async () => {
    const { client, calls } = fakeClient();
    const tokens = await new TokenKeeper(client, () => NOW).fresh(
      connection(NOW + 30 * 60_000, []),
    );
    expect(tokens.accessToken).toBe('old');
    expect(calls).toHaveLength(0);
  });

  it('refreshes ahead of expiry once for concurrent callers, and saves the new MSAL cache', async () => {
    const { client, calls } = fakeClient();
    const keeper = new TokenKeeper(client, () => NOW);
    const saved: Record<string, string>[] = [];
    const conn = connection(NOW + 60_000, saved);
    const results = await Promise.all([keeper.fresh(conn), keeper.fresh(conn), keeper.fresh(conn)]);
    expect(calls).toHaveLength(1);
    expect(results.map((t) => t.accessToken)).toEqual(['access-1', 'access-1', 'access-1']);
    expect(saved).toEqual([
      expect.objectContaining({
        accessToken: 'access-1',
        tokenCache: '{"RefreshToken":{"rotated-1":{}}}',
        homeAccountId: 'uid.utid',
      }),
    ]);
    // The refreshed tokens are kept: the same run's stale secrets do not refresh again.
    expect((await keeper.fresh(conn)).accessToken).toBe('access-1');
    expect(calls).toHaveLength(1);
  });

  it('forceRefresh refreshes however long the token has left', async () => {
    const { client, calls } = fakeClient();
    const keeper = new TokenKeeper(client, () => NOW);
    await keeper.forceRefresh(connection(NOW + 50 * 60_000, []));
    expect(calls).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('round-trip, and missing ones are an auth error', () => {
    const tokens: MicrosoftTokens = {
      accessToken: 'a',
      expiresAt: 5,
      scope: 's',
      homeAccountId: 'h',
      tokenCache: '{}',
    };
    expect(secretsToTokens(tokensToSecrets(tokens))).toEqual(tokens);
    expect(() => secretsToTokens({ accessToken: 'a' })).toThrow(ProviderError);
  });
});

describe('accountAddressOf', () => {
  it("reads the signed-in account's address from MSAL's cache, by its home account id", () => {
    const account = (home: string, username: string) => ({
      home_account_id: home,
      environment: 'login.microsoftonline.com',
      realm: 'tenant',
      local_account_id: 'oid',
      username,
      authority_type: 'MSSTS',
    });
    const tokenCache = JSON.stringify({
      Account: {
        'other-login.microsoftonline.com-tenant': account('other', 'bob@contoso.test'),
        'uid.utid-login.microsoftonline.com-tenant': account('uid.utid', 'Alice@Contoso.test'),
      },
    });
    expect(accountAddressOf({ tokenCache, homeAccountId: 'uid.utid' })).toBe('alice@contoso.test');
    expect(accountAddressOf({ tokenCache, homeAccountId: 'missing' })).toBeNull();
    expect(accountAddressOf({ tokenCache: 'not json', homeAccountId: 'uid.utid' })).toBeNull();
    expect(accountAddressOf({})).toBeNull();
  });
});

describe('two processes refreshing one connection whose refresh token MSAL rotates', () => {
  /** Microsoft with rotation: only the newest cache's refresh token works. */
  function rotatingMicrosoft() {
    let valid = 'cache-0';
    let issued = 0;
    const client = {
      refresh: async (tokens: MicrosoftTokens): Promise<MicrosoftTokens> => {
        if (tokens.tokenCache !== valid)
          throw new ProviderError(
            'microsoft',
            'auth',
            'Microsoft refused the stored authorisation (invalid_grant)',
          );
        issued += 1;
        valid = `cache-${issued}`;
        return {
          ...tokens,
          accessToken: `access-${issued}`,
          expiresAt: NOW + 3_600_000,
          tokenCache: valid,
        };
      },
    };
    return { client, refreshes: () => issued };
  }

  function loaded(store: { secrets: Record<string, string> }): ProviderConnection {
    return {
      id: 'conn-1',
      secrets: { ...store.secrets },
      settings: {},
      saveSecrets: async (secrets) => {
        store.secrets = secrets;
      },
      loadSecrets: async () => store.secrets,
    };
  }

  const stale = (tokenCache: string) => ({
    secrets: tokensToSecrets({
      accessToken: 'old',
      expiresAt: NOW - 1,
      scope: 's',
      homeAccountId: 'home',
      tokenCache,
    }),
  });

  it('the slower one adopts the tokens the other stored instead of failing on the rotated token', async () => {
    const microsoft = rotatingMicrosoft();
    const store = stale('cache-0');
    const worker = loaded(store);
    const cli = loaded(store);
    const first = await new TokenKeeper(microsoft.client, () => NOW).fresh(worker);
    const second = await new TokenKeeper(microsoft.client, () => NOW).fresh(cli);
    expect(second).toEqual(first);
    expect(microsoft.refreshes()).toBe(1);
    expect(secretsToTokens(store.secrets).tokenCache).toBe('cache-1');
  });

  it('a grant revoked for good still fails: the stored cache did not change', async () => {
    const microsoft = rotatingMicrosoft();
    await expect(
      new TokenKeeper(microsoft.client, () => NOW).fresh(loaded(stale('revoked'))),
    ).rejects.toMatchObject({ kind: 'auth' });
  });
});
