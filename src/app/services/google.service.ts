/**
 * Google Calendar connections: the OAuth code flow (state bound to the user, single use and
 * expiring, PKCE; shared with Microsoft in oauth-connections.ts), checking and disconnecting;
 * push channels are google-channels.ts.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { GoogleProvider } from '../../providers/google/google-provider.js';
import { secretsToTokens, tokensToSecrets } from '../../providers/google/google-tokens.js';
import type { GoogleTokens } from '../../providers/google/google-client.js';
import type { RemoteCalendar } from '../../providers/provider.js';
import type { Connection, ConnectionWithSecrets, Scope } from '../../store/store.js';
import { GoogleChannels } from './google-channels.js';
import type { GoogleServiceDeps } from './google-deps.js';
import {
  asConnectError,
  OAuthConnections,
  type CallbackInput,
  type ConnectionCheck,
  type ConnectStarted,
  type PendingConnect,
} from './oauth-connections.js';

export { GOOGLE_WEBHOOK_PATH } from './google-channels.js';
export type { GoogleServiceDeps, NotificationOutcome } from './google-deps.js';
export type { ConnectionCheck, ConnectStarted } from './oauth-connections.js';

export const GOOGLE_CALLBACK_PATH = '/api/calendar/callback/google/';

export class GoogleService {
  private readonly oauth: OAuthConnections;

  constructor(private readonly deps: GoogleServiceDeps) {
    this.channels = new GoogleChannels(deps);
    this.oauth = new OAuthConnections(deps.store, 'google', 'Google', deps.clock, deps.redetect);
  }

  get redirectUri(): string {
    return this.deps.settings?.redirectUri ?? `${this.deps.publicUrl}${GOOGLE_CALLBACK_PATH}`;
  }

  async startConnect(
    scope: Scope,
    input: { loginHint?: string; writeAccess?: boolean; browserSession?: string | null } = {},
  ): Promise<ConnectStarted> {
    const provider = this.requireProvider();
    const writeAccess = input.writeAccess === true;
    const started = await this.oauth.startState(scope, {
      redirectUri: this.redirectUri,
      writeAccess,
      browserSession: input.browserSession ?? null,
    });
    const authorizationUrl = provider.client.authorizationUrl({
      state: started.state,
      codeChallenge: started.codeChallenge,
      ...(input.loginHint ? { loginHint: input.loginHint } : {}),
      writeAccess,
    });
    return { authorizationUrl, expiresAt: started.expiresAt.toISOString() };
  }

  /**
   * The end of the code flow: checks the state, exchanges the code, stores the tokens sealed,
   * lists the calendars, opens push channels and queues the first sync of each calendar.
   */
  /** Who a connection in progress would be added to (the callback's confirmation page). */
  pendingConnect(state: string): Promise<PendingConnect | null> {
    return this.oauth.pending(state);
  }

  async finishConnect(
    input: CallbackInput,
  ): Promise<{ scope: Scope; connection: Connection; calendars: number }> {
    const provider = this.requireProvider();
    const granted = await this.oauth.consumeCallback(input);
    const tokens = await provider.client
      .exchangeCode(granted.code, granted.codeVerifier)
      .catch((error: unknown) => {
        throw asConnectError(error, 'Google');
      });
    const listed = await this.listNewAccount(provider, tokens);
    const remotes = listed.remotes;
    const connection = await this.saveConnection(granted.scope, listed.tokens, remotes);
    const calendars = await this.oauth.saveCalendars(granted.scope, connection.id, remotes);
    provider.tokens.forget(connection.id);
    // Reconnecting an account: its old channels may be gone at Google; fresh ones replace them.
    await this.channels.reopenChannels(granted.scope, connection.id);
    for (const calendarId of calendars)
      await this.deps.sync.queueCalendar(granted.scope, calendarId);
    return { scope: granted.scope, connection, calendars: calendars.length };
  }

  /** Push channels: opened per calendar, renewed, stopped; their notifications queue syncs. */
  readonly channels: GoogleChannels;

  /** A notification from Google (see GoogleChannels.handleNotification). */
  handleNotification(headers: Record<string, string | string[] | undefined>) {
    return this.channels.handleNotification(headers);
  }

  /** `renew_webhook_channels` (see GoogleChannels.renewChannels). */
  renewChannels() {
    return this.channels.renewChannels();
  }

  /** Checks each (or one) Google connection of the caller by listing its calendars. */
  async test(scope: Scope, connectionId?: string): Promise<ConnectionCheck[]> {
    const provider = this.requireProvider();
    return this.oauth.test(scope, connectionId, (connection) => provider.listCalendars(connection));
  }

  /**
   * Stops the channels, revokes the grant at Google and forgets the tokens. With `keepEvents`
   * the calendars and their events stay (read-only, no longer synced); otherwise they go too.
   */
  async disconnect(
    scope: Scope,
    input: { connectionId?: string; keepEvents: boolean },
  ): Promise<{ disconnected: string[]; eventsKept: boolean }> {
    const disconnected: string[] = [];
    for (const connection of await this.oauth.connectionsOf(scope, input.connectionId)) {
      const full = await this.deps.store.connections.get(scope, connection.id);
      if (!full) continue;
      await this.channels.stopChannels(scope, full);
      await this.revoke(full);
      this.deps.provider?.tokens.forget(full.id);
      await this.oauth.dropConnection(scope, full.id, input.keepEvents);
      disconnected.push(full.id);
    }
    return { disconnected, eventsKept: input.keepEvents };
  }

  /** `refresh_calendar_tokens`: see OAuthConnections.refreshExpiring. */
  async refreshTokens(withinMs = 15 * 60_000): Promise<{ refreshed: number; revoked: number }> {
    const provider = this.deps.provider;
    if (!provider) return { refreshed: 0, revoked: 0 };
    return this.oauth.refreshExpiring(
      withinMs,
      (secrets) => safeTokens(secrets)?.expiresAt ?? null,
      (connection) => provider.tokens.forceRefresh(connection),
    );
  }

  private async revoke(connection: ConnectionWithSecrets): Promise<void> {
    const tokens = safeTokens(connection.secrets);
    if (!tokens || !this.deps.provider) return;
    try {
      // Revoking the refresh token ends the whole grant, access tokens included.
      await this.deps.provider.client.revoke(tokens.refreshToken);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, connectionId: connection.id },
        'Google did not confirm the revocation; the stored tokens are deleted anyway',
      );
    }
  }

  /**
   * Lists a new account's calendars before its connection exists, through a stand-in connection
   * with an id of its own: the token keeper shares refreshes and remembers tokens per connection
   * id, so connects finishing at once must never meet there (with one shared id, one user's
   * calendars were listed with another's tokens). Tokens the listing refreshed are kept for the
   * connection; the keeper's entries for the stand-in are dropped afterwards.
   */
  private async listNewAccount(
    provider: GoogleProvider,
    granted: GoogleTokens,
  ): Promise<{ remotes: RemoteCalendar[]; tokens: GoogleTokens }> {
    let tokens = granted;
    const probe = {
      id: `new:${randomUUID()}`,
      secrets: tokensToSecrets(granted),
      settings: {},
      saveSecrets: async (secrets: Record<string, string>) => {
        tokens = secretsToTokens(secrets);
      },
    };
    try {
      const remotes = await provider.listCalendars(probe);
      return { remotes, tokens };
    } catch (error) {
      throw asConnectError(error, 'Google');
    } finally {
      provider.tokens.forget(probe.id);
    }
  }

  private saveConnection(
    scope: Scope,
    tokens: GoogleTokens,
    remotes: RemoteCalendar[],
  ): Promise<ConnectionWithSecrets> {
    // Google names the account by its primary calendar's id, which is its address.
    const primary = remotes.find((r) => r.isPrimary);
    const account = (primary ?? remotes[0])?.providerCalendarId ?? 'Google account';
    return this.oauth.saveConnection(scope, {
      account,
      // Only the primary calendar's id is the account's address: without one, the first listed
      // may be a colleague's calendar shared into the account, which would refuse the user's own.
      addresses: primary ? [primary.providerCalendarId] : [],
      label: account,
      secrets: tokensToSecrets(tokens),
    });
  }

  private requireProvider(): GoogleProvider {
    if (!this.deps.provider) {
      throw new AppError(
        'not_configured',
        'Google Calendar is not configured: set GOOGLE_CALENDAR_CLIENT_ID and GOOGLE_CALENDAR_CLIENT_SECRET',
      );
    }
    return this.deps.provider;
  }
}

function safeTokens(secrets: Record<string, string>): GoogleTokens | null {
  try {
    return secretsToTokens(secrets);
  } catch {
    return null;
  }
}
