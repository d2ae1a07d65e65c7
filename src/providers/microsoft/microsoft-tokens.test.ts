import { describe, expect, it } from 'vitest';
import { ProviderError, type ProviderConnection } from '../provider.js';
import type { MicrosoftTokens } from './microsoft-client.js';
import { secretsToTokens, TokenKeeper, tokensToSecrets } from './microsoft-tokens.js';

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
