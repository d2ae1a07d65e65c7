/**
 * Keeps a connection's Google access token fresh: refreshed ahead of expiry, one refresh at a
 * time per connection in this process (concurrent syncs of its calendars share it), rotated
 * tokens saved, and another process's refresh adopted when it rotated the token first.
 */
import { ProviderError, type ProviderConnection } from '../provider.js';
import { refreshOrAdopt, storedTokensOf } from '../token-adoption.js';
import type { GoogleClient, GoogleTokens } from './google-client.js';

/** Refreshed this long before Google says the access token expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export function tokensToSecrets(tokens: GoogleTokens): Record<string, string> {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: String(tokens.expiresAt),
    scope: tokens.scope,
  };
}

export function secretsToTokens(secrets: Record<string, string>): GoogleTokens {
  const { accessToken, refreshToken, expiresAt, scope } = secrets;
  if (!accessToken || !refreshToken) {
    throw new ProviderError(
      'google',
      'auth',
      'the Google connection has no stored tokens; reconnect it',
    );
  }
  return { accessToken, refreshToken, expiresAt: Number(expiresAt ?? 0), scope: scope ?? '' };
}

export class TokenKeeper {
  private readonly refreshing = new Map<string, Promise<GoogleTokens>>();
  /** The newest tokens this process holds per connection, newer than a run's loaded secrets. */
  private readonly latest = new Map<string, GoogleTokens>();

  constructor(
    private readonly client: GoogleClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tokens whose access token is valid for at least the refresh margin. */
  async fresh(connection: ProviderConnection): Promise<GoogleTokens> {
    const tokens = this.current(connection);
    if (tokens.expiresAt - this.now() > REFRESH_MARGIN_MS) return tokens;
    return this.refresh(connection, tokens);
  }

  /** Refreshes now: after a 401, the access token was refused however long it had left. */
  forceRefresh(connection: ProviderConnection): Promise<GoogleTokens> {
    return this.refresh(connection, this.current(connection));
  }

  /**
   * Drops what the keeper holds for a connection (disconnected, or a connect's stand-in whose
   * listing is done). A refresh still running for it then keeps its result to its own callers.
   */
  forget(connectionId: string): void {
    this.latest.delete(connectionId);
    this.refreshing.delete(connectionId);
  }

  private current(connection: ProviderConnection): GoogleTokens {
    const stored = secretsToTokens(connection.secrets);
    const held = this.latest.get(connection.id);
    return held && held.expiresAt >= stored.expiresAt ? held : stored;
  }

  private refresh(connection: ProviderConnection, tokens: GoogleTokens): Promise<GoogleTokens> {
    const running = this.refreshing.get(connection.id);
    if (running) return running;
    // Whether this refresh is still the connection's (it was not forgotten meanwhile).
    const current = () => this.refreshing.get(connection.id) === refresh;
    const refresh = (async () => {
      const { renewed, adopted } = await refreshOrAdopt({
        tokens,
        refresh: (from) => this.client.refresh(from),
        load: storedTokensOf(connection, secretsToTokens),
        sameGrant: (a, b) => a.refreshToken === b.refreshToken,
        isFresh: (t) => t.expiresAt - this.now() > REFRESH_MARGIN_MS,
      });
      if (!adopted) await connection.saveSecrets?.(tokensToSecrets(renewed));
      if (current()) this.latest.set(connection.id, renewed);
      return renewed;
    })().finally(() => {
      if (current()) this.refreshing.delete(connection.id);
    });
    this.refreshing.set(connection.id, refresh);
    return refresh;
  }
}
