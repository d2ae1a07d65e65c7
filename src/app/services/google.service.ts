/**
 * Google Calendar connections: the OAuth code flow (state bound to the user, single use and
 * expiring, PKCE), checking and disconnecting; push channels are google-channels.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import type { GoogleTokens } from '../../providers/google/google-client.js';
import type { GoogleProvider } from '../../providers/google/google-provider.js';
import { secretsToTokens, tokensToSecrets } from '../../providers/google/google-tokens.js';
import { ProviderError, type RemoteCalendar } from '../../providers/provider.js';
import type { Connection, ConnectionWithSecrets, Scope } from '../../store/store.js';
import { providerConnectionOf } from '../provider-connection.js';
import { GoogleChannels } from './google-channels.js';
import type { GoogleServiceDeps } from './google-deps.js';

export { GOOGLE_WEBHOOK_PATH } from './google-channels.js';
export type { GoogleServiceDeps, NotificationOutcome } from './google-deps.js';

/** How long a user has to finish the Google consent screen. */
const STATE_TTL_MS = 10 * 60_000;

export const GOOGLE_CALLBACK_PATH = '/api/calendar/callback/google/';

export interface ConnectStarted {
  authorizationUrl: string;
  expiresAt: string;
}

export interface ConnectionCheck {
  connectionId: string;
  label: string;
  ok: boolean;
  status: Connection['status'];
  calendars: number | null;
  error: string | null;
}

export class GoogleService {
  constructor(private readonly deps: GoogleServiceDeps) {
    this.channels = new GoogleChannels(deps);
  }

  get redirectUri(): string {
    return this.deps.settings?.redirectUri ?? `${this.deps.publicUrl}${GOOGLE_CALLBACK_PATH}`;
  }

  async startConnect(
    scope: Scope,
    input: { loginHint?: string; writeAccess?: boolean } = {},
  ): Promise<ConnectStarted> {
    const provider = this.requireProvider();
    const state = randomBytes(32).toString('base64url');
    const codeVerifier = randomBytes(48).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + STATE_TTL_MS);
    await this.deps.store.oauthStates.create(scope, {
      state,
      provider: 'google',
      codeVerifier,
      redirectUri: this.redirectUri,
      expiresAt,
    });
    const authorizationUrl = provider.client.authorizationUrl({
      state,
      codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      ...(input.loginHint ? { loginHint: input.loginHint } : {}),
      writeAccess: input.writeAccess === true,
    });
    return { authorizationUrl, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The end of the code flow: checks the state, exchanges the code, stores the tokens sealed,
   * lists the calendars, opens push channels and queues the first sync of each calendar.
   */
  async finishConnect(input: {
    state?: string;
    code?: string;
    error?: string;
  }): Promise<{ scope: Scope; connection: Connection; calendars: number }> {
    const provider = this.requireProvider();
    if (!input.state) throw invalidInput('state: missing; start again from "connect"');
    const pending = await this.deps.store.oauthStates.consume(
      { state: input.state, provider: 'google' },
      this.now(),
    );
    if (!pending) {
      throw invalidInput(
        'state: unknown, expired or already used; start the Google connection again',
      );
    }
    if (input.error) throw invalidInput(`Google did not grant access: ${input.error}`);
    if (!input.code) throw invalidInput('code: missing from the Google callback');
    const tokens = await provider.client
      .exchangeCode(input.code, pending.codeVerifier)
      .catch((error: unknown) => {
        throw asConnectError(error);
      });
    const probe = { id: 'new', secrets: tokensToSecrets(tokens), settings: {} };
    const remotes = await provider.listCalendars(probe).catch((error: unknown) => {
      throw asConnectError(error);
    });
    const connection = await this.saveConnection(pending.scope, tokens, remotes);
    const calendars = await this.saveCalendars(pending.scope, connection, remotes);
    provider.tokens.forget(connection.id);
    await this.channels.openChannels(pending.scope, connection.id);
    for (const calendarId of calendars)
      await this.deps.sync.queueCalendar(pending.scope, calendarId);
    return { scope: pending.scope, connection, calendars: calendars.length };
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
    const checks: ConnectionCheck[] = [];
    for (const connection of await this.connectionsOf(scope, connectionId)) {
      const full = await this.deps.store.connections.get(scope, connection.id);
      if (!full) continue;
      try {
        const calendars = await provider.listCalendars(this.providerConnection(scope, full));
        await this.deps.store.connections.updateStatus(scope, full.id, 'active', null);
        checks.push({ ...checkOf(full), ok: true, status: 'active', calendars: calendars.length });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const auth = error instanceof ProviderError && error.kind === 'auth';
        if (auth) {
          await this.deps.store.connections.updateStatus(
            scope,
            full.id,
            'reauth_required',
            message,
          );
        }
        checks.push({
          ...checkOf(full),
          ok: false,
          status: auth ? 'reauth_required' : full.status,
          error: message,
        });
      }
    }
    return checks;
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
    for (const connection of await this.connectionsOf(scope, input.connectionId)) {
      const full = await this.deps.store.connections.get(scope, connection.id);
      if (!full) continue;
      await this.channels.stopChannels(scope, full);
      await this.revoke(full);
      this.deps.provider?.tokens.forget(full.id);
      if (input.keepEvents) {
        await this.deps.store.connections.updateSecrets(scope, full.id, {});
        await this.deps.store.connections.updateStatus(
          scope,
          full.id,
          'disconnected',
          'disconnected by the user; events kept, no longer synced',
        );
      } else {
        await this.deps.store.connections.delete(scope, full.id);
      }
      disconnected.push(full.id);
    }
    return { disconnected, eventsKept: input.keepEvents };
  }

  /**
   * `refresh_calendar_tokens`: refreshes access tokens that expire within the window, so that a
   * sync or a renewal never waits on a refresh, and finds revoked grants before a sync does.
   */
  async refreshTokens(withinMs = 15 * 60_000): Promise<{ refreshed: number; revoked: number }> {
    const provider = this.deps.provider;
    if (!provider) return { refreshed: 0, revoked: 0 };
    let refreshed = 0;
    let revoked = 0;
    for (const { scope, connection } of await this.deps.store.connections.listActive()) {
      if (connection.provider !== 'google') continue;
      const full = await this.deps.store.connections.get(scope, connection.id);
      if (!full) continue;
      const tokens = safeTokens(full.secrets);
      if (!tokens || tokens.expiresAt - this.now().getTime() > withinMs) continue;
      try {
        await provider.tokens.forceRefresh(this.providerConnection(scope, full));
        refreshed += 1;
      } catch (error) {
        if (!(error instanceof ProviderError) || error.kind !== 'auth') throw error;
        await this.deps.store.connections.updateStatus(
          scope,
          full.id,
          'reauth_required',
          error.message,
        );
        revoked += 1;
      }
    }
    return { refreshed, revoked };
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

  private async saveConnection(
    scope: Scope,
    tokens: GoogleTokens,
    remotes: RemoteCalendar[],
  ): Promise<ConnectionWithSecrets> {
    const primary = remotes.find((r) => r.isPrimary) ?? remotes[0];
    const account = primary?.providerCalendarId ?? 'Google account';
    const secrets = tokensToSecrets(tokens);
    const existing = (await this.deps.store.connections.list(scope)).find(
      (c) => c.provider === 'google' && c.settings['account'] === account,
    );
    if (existing) {
      // Connecting the same Google account again renews its grant instead of duplicating it.
      await this.deps.store.connections.updateSecrets(scope, existing.id, secrets);
      await this.deps.store.connections.updateStatus(scope, existing.id, 'active', null);
      const renewed = await this.deps.store.connections.get(scope, existing.id);
      if (!renewed) throw new AppError('internal', `connection ${existing.id} vanished`, true);
      return renewed;
    }
    return this.deps.store.connections.create(scope, {
      provider: 'google',
      label: account,
      secrets,
      settings: { account },
    });
  }

  private async saveCalendars(
    scope: Scope,
    connection: Connection,
    remotes: RemoteCalendar[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const remote of remotes) {
      const calendar = await this.deps.store.calendars.upsert(scope, connection.id, remote);
      if (calendar?.selected) ids.push(calendar.id);
    }
    return ids;
  }

  private async connectionsOf(scope: Scope, connectionId?: string): Promise<Connection[]> {
    const google = (await this.deps.store.connections.list(scope)).filter(
      (c) => c.provider === 'google' && (!connectionId || c.id === connectionId),
    );
    if (connectionId && google.length === 0) throw notFound(`Google connection ${connectionId}`);
    return google;
  }

  private providerConnection(scope: Scope, connection: ConnectionWithSecrets) {
    return providerConnectionOf(this.deps.store, scope, connection);
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

  private now(): Date {
    return this.deps.clock();
  }
}

function checkOf(connection: Connection): Omit<ConnectionCheck, 'ok' | 'status' | 'calendars'> & {
  calendars: null;
  error: null;
} {
  return { connectionId: connection.id, label: connection.label, calendars: null, error: null };
}

function safeTokens(secrets: Record<string, string>): GoogleTokens | null {
  try {
    return secretsToTokens(secrets);
  } catch {
    return null;
  }
}

/** Google refusing the code or the grant is the caller's to fix (400); Google failing is a 502. */
function asConnectError(error: unknown): AppError {
  if (error instanceof ProviderError) {
    const code =
      error.kind === 'transient' || error.kind === 'rate_limit'
        ? 'provider_error'
        : 'invalid_input';
    return new AppError(code, error.message, false, { cause: error });
  }
  return new AppError('internal', 'the Google connection could not be completed', true, {
    cause: error,
  });
}
