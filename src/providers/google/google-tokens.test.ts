import { describe, expect, it } from 'vitest';
import { ProviderError, type ProviderConnection } from '../provider.js';
import type { GoogleClient, GoogleTokens } from './google-client.js';
import { secretsToTokens, TokenKeeper, tokensToSecrets } from './google-tokens.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function fakeClient(rotate = false) {
  const calls: GoogleTokens[] = [];
  const client = {
    refresh: async (tokens: GoogleTokens): Promise<GoogleTokens> => {
      calls.push(tokens);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return {
        accessToken: `access-${calls.length}`,
        refreshToken: rotate ? `refresh-${calls.length}` : tokens.refreshToken,
        expiresAt: NOW + 3_600_000,
        scope: tokens.scope,
      };
    },
  } as unknown as GoogleClient;
  return { client, calls };
}

function connection(expiresAt: number, saved: Record<string, string>[]): ProviderConnection {
  return {
    id: 'conn-1',
    secrets: tokensToSecrets({
      accessToken: 'old',
      refreshToken: 'refresh-0',
      expiresAt,
      scope: 's',
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
    const keeper = new TokenKeeper(client, () => NOW);
    const tokens = await keeper.fresh(connection(NOW + 30 * 60_000, []));
    expect(tokens.accessToken).toBe('old');
    expect(calls).toHaveLength(0);
  });

  it('refreshes ahead of expiry once for concurrent callers, and saves the rotated token', async () => {
    const { client, calls } = fakeClient(true);
    const keeper = new TokenKeeper(client, () => NOW);
    const saved: Record<string, string>[] = [];
    const conn = connection(NOW + 60_000, saved);
    const results = await Promise.all([keeper.fresh(conn), keeper.fresh(conn), keeper.fresh(conn)]);
    expect(calls).toHaveLength(1);
    expect(results.map((r) => r.accessToken)).toEqual(['access-1', 'access-1', 'access-1']);
    expect(saved).toEqual([tokensToSecrets(results[0] as GoogleTokens)]);
    expect(saved[0]?.refreshToken).toBe('refresh-1');
    // Later calls in this process use the refreshed token, not the stale secrets they were given.
    expect((await keeper.fresh(conn)).accessToken).toBe('access-1');
    expect(calls).toHaveLength(1);
  });

  it('keeps nothing for a connection forgotten while its refresh was running', async () => {
    const { client, calls } = fakeClient();
    const keeper = new TokenKeeper(client, () => NOW);
    const conn = connection(NOW + 60_000, []);
    const running = keeper.fresh(conn);
    keeper.forget(conn.id);
    expect((await running).accessToken).toBe('access-1');
    // The stored secrets are stale again: the keeper refreshes rather than reuse what it forgot.
    expect((await keeper.fresh(conn)).accessToken).toBe('access-2');
    expect(calls).toHaveLength(2);
  });

  it('refuses a connection without stored tokens as an auth problem', () => {
    expect(() => secretsToTokens({})).toThrow(ProviderError);
    try {
      secretsToTokens({});
    } catch (error) {
      expect((error as ProviderError).kind).toBe('auth');
    }
  });
});

describe('two processes refreshing one connection with rotating refresh tokens', () => {
  /** Google with rotation: only the newest refresh token works; each refresh issues the next. */
  function rotatingGoogle() {
    let valid = 'refresh-0';
    let issued = 0;
    const client = {
      refresh: async (tokens: GoogleTokens): Promise<GoogleTokens> => {
        if (tokens.refreshToken !== valid)
          throw new ProviderError(
            'google',
            'auth',
            'Google refused the stored authorisation (invalid_grant)',
          );
        issued += 1;
        valid = `refresh-${issued}`;
        return {
          accessToken: `access-${issued}`,
          refreshToken: valid,
          expiresAt: NOW + 3_600_000,
          scope: 's',
        };
      },
    } as unknown as GoogleClient;
    return { client, refreshes: () => issued };
  }

  /** A connection as one process loaded it, over a store both processes share. */
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

  const stale = () => ({
    secrets: tokensToSecrets({
      accessToken: 'old',
      refreshToken: 'refresh-0',
      expiresAt: NOW - 1,
      scope: 's',
    }),
  });

  it('the slower one adopts the tokens the other stored instead of failing on the rotated token', async () => {
    const google = rotatingGoogle();
    const store = stale();
    const worker = loaded(store);
    const cli = loaded(store);
    const first = await new TokenKeeper(google.client, () => NOW).fresh(worker);
    const second = await new TokenKeeper(google.client, () => NOW).fresh(cli);
    expect(second).toEqual(first);
    expect(google.refreshes()).toBe(1);
    expect(secretsToTokens(store.secrets).refreshToken).toBe('refresh-1');
  });

  it('refreshes with the stored token when the one it adopts is already stale', async () => {
    const google = rotatingGoogle();
    const store = stale();
    const cli = loaded(store);
    await new TokenKeeper(google.client, () => NOW).fresh(loaded(store));
    // The other process's token has aged past the margin by the time this one looks.
    const later = NOW + 3_600_000;
    const renewed = await new TokenKeeper(google.client, () => later).fresh(cli);
    expect(renewed.refreshToken).toBe('refresh-2');
    expect(secretsToTokens(store.secrets).refreshToken).toBe('refresh-2');
  });

  it('a grant revoked for good still fails: the stored tokens did not change', async () => {
    const google = rotatingGoogle();
    const store = {
      secrets: tokensToSecrets({
        accessToken: 'old',
        refreshToken: 'revoked',
        expiresAt: NOW - 1,
        scope: 's',
      }),
    };
    await expect(
      new TokenKeeper(google.client, () => NOW).fresh(loaded(store)),
    ).rejects.toMatchObject({
      kind: 'auth',
    });
  });
});
