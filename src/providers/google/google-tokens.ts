/**
 * Keeps a connection's Google access token fresh: refreshed ahead of expiry, one refresh at a
 * time per connection in this process (concurrent syncs of its calendars share it), rotated
 * tokens saved, and another process's refresh adopted when it rotated the token first.
 */
import { ProviderError, type ProviderConnection } from '../provider.js';
import type { GoogleClient, GoogleTokens } from './google-client.js';

/** Refreshed this long before Google says the access token expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * After a refused refresh, how long to wait before reading the stored tokens a second time: the
 * other process's refresh may have been answered but its save not yet committed.
 */
export const ADOPT_WAIT_MS = 250;

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
      const { renewed, adopted } = await this.refreshOrAdopt(connection, tokens);
      if (!adopted) await connection.saveSecrets?.(tokensToSecrets(renewed));
      if (current()) this.latest.set(connection.id, renewed);
      return renewed;
    })().finally(() => {
      if (current()) this.refreshing.delete(connection.id);
    });
    this.refreshing.set(connection.id, refresh);
    return refresh;
  }

  /**
   * Another process (a worker beside `calintel sync`) may have refreshed with the same refresh
   * token first; if Google rotated it, ours is refused (invalid_grant). The stored tokens then
   * hold another refresh token: theirs are adopted, or refreshed in turn when already stale. A
   * refusal with the stored tokens unchanged is a revoked grant, as before.
   */
  private async refreshOrAdopt(
    connection: ProviderConnection,
    tokens: GoogleTokens,
  ): Promise<{ renewed: GoogleTokens; adopted: boolean }> {
    try {
      return { renewed: await this.client.refresh(tokens), adopted: false };
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'auth' || !connection.loadSecrets)
        throw error;
      for (const wait of [0, ADOPT_WAIT_MS]) {
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const theirs = storedTokens(await connection.loadSecrets());
        if (!theirs || theirs.refreshToken === tokens.refreshToken) continue;
        if (theirs.expiresAt - this.now() > REFRESH_MARGIN_MS)
          return { renewed: theirs, adopted: true };
        return { renewed: await this.client.refresh(theirs), adopted: false };
      }
      throw error;
    }
  }
}

function storedTokens(secrets: Record<string, string> | null): GoogleTokens | null {
  try {
    return secrets ? secretsToTokens(secrets) : null;
  } catch {
    return null;
  }
}
