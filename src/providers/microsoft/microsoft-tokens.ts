/**
 * Keeps a connection's Microsoft access token fresh: refreshed ahead of expiry, one refresh at a
 * time per connection in this process (concurrent syncs of its calendars share it), MSAL's token
 * cache saved after every refresh, because the refresh token inside it may have been rotated, and
 * another process's refresh adopted when it rotated it first (token-adoption.ts).
 *
 * Stored is MSAL's serialised cache rather than a bare refresh token: msal-node does not hand the
 * refresh token out (acquireTokenByRefreshToken is for migrating into MSAL), and the cache is what
 * its silent flow refreshes from, so a restored cache survives a restart exactly as MSAL left it.
 */
import { ProviderError, type ProviderConnection } from '../provider.js';
import { refreshOrAdopt, storedTokensOf } from '../token-adoption.js';
import type { MicrosoftClient, MicrosoftTokens } from './microsoft-client.js';

/** Refreshed this long before the access token expires (MSAL's own margin is the same). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export function tokensToSecrets(tokens: MicrosoftTokens): Record<string, string> {
  return {
    accessToken: tokens.accessToken,
    expiresAt: String(tokens.expiresAt),
    scope: tokens.scope,
    homeAccountId: tokens.homeAccountId,
    tokenCache: tokens.tokenCache,
  };
}

export function secretsToTokens(secrets: Record<string, string>): MicrosoftTokens {
  const { accessToken, expiresAt, scope, homeAccountId, tokenCache } = secrets;
  if (!accessToken || !homeAccountId || !tokenCache) {
    throw new ProviderError(
      'microsoft',
      'auth',
      'the Microsoft connection has no stored tokens; reconnect it',
    );
  }
  return {
    accessToken,
    expiresAt: Number(expiresAt ?? 0),
    scope: scope ?? '',
    homeAccountId,
    tokenCache,
  };
}

/**
 * The signed-in account's address (MSAL's `username`, the preferred_username Microsoft gave), read
 * from the stored token cache: MSAL's cache schema keeps each account under `Account` with its
 * `home_account_id`. Null when the cache holds no such account.
 */
export function accountAddressOf(secrets: Record<string, string>): string | null {
  const { tokenCache, homeAccountId } = secrets;
  if (!tokenCache || !homeAccountId) return null;
  try {
    const accounts = (JSON.parse(tokenCache) as { Account?: Record<string, unknown> }).Account;
    for (const entry of Object.values(accounts ?? {})) {
      const account = entry as { home_account_id?: unknown; username?: unknown };
      if (account.home_account_id !== homeAccountId || typeof account.username !== 'string')
        continue;
      const address = account.username.trim().toLowerCase();
      return address.includes('@') ? address : null;
    }
  } catch {
    // A cache that is not JSON names nobody; the tokens' own reader reports it.
  }
  return null;
}

export class TokenKeeper {
  private readonly refreshing = new Map<string, Promise<MicrosoftTokens>>();
  /** The newest tokens this process holds per connection, newer than a run's loaded secrets. */
  private readonly latest = new Map<string, MicrosoftTokens>();

  constructor(
    private readonly client: Pick<MicrosoftClient, 'refresh'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tokens whose access token is valid for at least the refresh margin. */
  async fresh(connection: ProviderConnection): Promise<MicrosoftTokens> {
    const tokens = this.current(connection);
    if (tokens.expiresAt - this.now() > REFRESH_MARGIN_MS) return tokens;
    return this.refresh(connection, tokens);
  }

  /** Refreshes now: after a 401, the access token was refused however long it had left. */
  forceRefresh(connection: ProviderConnection): Promise<MicrosoftTokens> {
    return this.refresh(connection, this.current(connection));
  }

  forget(connectionId: string): void {
    this.latest.delete(connectionId);
  }

  private current(connection: ProviderConnection): MicrosoftTokens {
    const stored = secretsToTokens(connection.secrets);
    const held = this.latest.get(connection.id);
    return held && held.expiresAt >= stored.expiresAt ? held : stored;
  }

  private refresh(
    connection: ProviderConnection,
    tokens: MicrosoftTokens,
  ): Promise<MicrosoftTokens> {
    const running = this.refreshing.get(connection.id);
    if (running) return running;
    const refresh = (async () => {
      const { renewed, adopted } = await refreshOrAdopt({
        tokens,
        refresh: (from) => this.client.refresh(from),
        load: storedTokensOf(connection, secretsToTokens),
        // MSAL's cache holds the refresh token: another process's refresh changed it.
        sameGrant: (a, b) => a.tokenCache === b.tokenCache,
        isFresh: (t) => t.expiresAt - this.now() > REFRESH_MARGIN_MS,
      });
      if (!adopted) await connection.saveSecrets?.(tokensToSecrets(renewed));
      this.latest.set(connection.id, renewed);
      return renewed;
    })().finally(() => this.refreshing.delete(connection.id));
    this.refreshing.set(connection.id, refresh);
    return refresh;
  }
}
