/**
 * Outlook / Microsoft 365 connections through Microsoft Graph: the code flow through MSAL (state
 * and PKCE as for Google, oauth-connections.ts), one connection per Microsoft account (its
 * homeAccountId), checking and disconnecting. Subscriptions are microsoft-subscriptions.ts, the
 * webhook microsoft-notifications.ts. Every Graph call goes through the provider, which holds the
 * mailbox's gate and refreshes once after a 401.
 */
import { AppError } from '../../domain/errors.js';
import type { MicrosoftProvider } from '../../providers/microsoft/microsoft-provider.js';
import { secretsToTokens, tokensToSecrets } from '../../providers/microsoft/microsoft-tokens.js';
import type { Connection, Scope } from '../../store/store.js';
import type { MicrosoftServiceDeps } from './microsoft-deps.js';
import { MicrosoftNotifications, type OutlookWebhookAnswer } from './microsoft-notifications.js';
import { MicrosoftSubscriptions } from './microsoft-subscriptions.js';
import {
  asConnectError,
  OAuthConnections,
  type CallbackInput,
  type ConnectionCheck,
  type ConnectStarted,
  type PendingConnect,
} from './oauth-connections.js';

export { OUTLOOK_SUBSCRIPTION_LIFECYCLE, OUTLOOK_WEBHOOK_PATH } from './microsoft-subscriptions.js';
export type { MicrosoftServiceDeps } from './microsoft-deps.js';
export type { OutlookWebhookAnswer } from './microsoft-notifications.js';

export const OUTLOOK_CALLBACK_PATH = '/api/calendar/callback/outlook/';

export class MicrosoftService {
  readonly subscriptions: MicrosoftSubscriptions;
  private readonly oauth: OAuthConnections;
  private readonly notifications: MicrosoftNotifications;

  constructor(private readonly deps: MicrosoftServiceDeps) {
    this.oauth = new OAuthConnections(
      deps.store,
      'microsoft',
      'Microsoft',
      deps.clock,
      deps.redetect,
    );
    this.subscriptions = new MicrosoftSubscriptions(deps, this.oauth);
    this.notifications = new MicrosoftNotifications(deps, this.subscriptions);
  }

  get redirectUri(): string {
    return this.deps.settings?.redirectUri ?? `${this.deps.publicUrl}${OUTLOOK_CALLBACK_PATH}`;
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
    const authorizationUrl = await provider.client
      .authorizationUrl({
        state: started.state,
        codeChallenge: started.codeChallenge,
        ...(input.loginHint ? { loginHint: input.loginHint } : {}),
        writeAccess,
      })
      .catch((error: unknown) => {
        throw asConnectError(error, 'Microsoft');
      });
    return { authorizationUrl, expiresAt: started.expiresAt.toISOString() };
  }

  /**
   * The end of the code flow: checks the state, redeems the code through MSAL, stores its token
   * cache sealed, lists the calendars, subscribes each and queues its first sync.
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
    const { tokens, account } = await provider.client
      .exchangeCode({
        code: granted.code,
        codeVerifier: granted.codeVerifier,
        writeAccess: granted.writeAccess,
      })
      .catch((error: unknown) => {
        throw asConnectError(error, 'Microsoft');
      });
    const secrets = tokensToSecrets(tokens);
    const probe = { id: `new:${account.homeAccountId}`, secrets, settings: {} };
    const [remotes, user] = await Promise.all([
      provider.listCalendars(probe),
      provider.account(probe),
    ]).catch((error: unknown) => {
      throw asConnectError(error, 'Microsoft');
    });
    provider.tokens.forget(probe.id);
    const connection = await this.oauth.saveConnection(granted.scope, {
      account: account.homeAccountId,
      // The sign-in name (MSAL's username) is often not the mailbox's address: Graph's mail and
      // userPrincipalName are checked as well.
      addresses: [account.email, ...user.addresses],
      label: account.email,
      secrets,
    });
    const calendars = await this.oauth.saveCalendars(granted.scope, connection.id, remotes);
    // A reconnected account must not go on with tokens held from its previous grant.
    provider.tokens.forget(connection.id);
    // Reconnecting an account: its old subscriptions may be gone at Graph; fresh ones replace them.
    await this.subscriptions.resubscribeAll(granted.scope, connection.id);
    for (const calendarId of calendars)
      await this.deps.sync.queueCalendar(granted.scope, calendarId);
    return { scope: granted.scope, connection, calendars: calendars.length };
  }

  /** POST /webhook/outlook/ (see MicrosoftNotifications). */
  handleNotification(request: {
    query: Record<string, unknown>;
    body: unknown;
  }): Promise<OutlookWebhookAnswer> {
    return this.notifications.handle(request);
  }

  /** `renew_webhook_channels` for Graph subscriptions. */
  renewSubscriptions() {
    return this.subscriptions.renewExpiring();
  }

  /** The job a lifecycle notification queues. */
  runLifecycleJob(payload: unknown) {
    return this.subscriptions.runLifecycleJob(payload);
  }

  /** Checks each (or one) Microsoft connection of the caller by listing its calendars. */
  async test(scope: Scope, connectionId?: string): Promise<ConnectionCheck[]> {
    const provider = this.requireProvider();
    return this.oauth.test(scope, connectionId, (connection) => provider.listCalendars(connection));
  }

  /**
   * Deletes the subscriptions and forgets the token cache (Microsoft has no call that revokes one
   * app's delegated grant; the user removes it under My Apps). With `keepEvents` the calendars
   * and events stay, no longer synced; otherwise they go too.
   */
  async disconnect(
    scope: Scope,
    input: { connectionId?: string; keepEvents: boolean },
  ): Promise<{ disconnected: string[]; eventsKept: boolean }> {
    const disconnected: string[] = [];
    for (const connection of await this.oauth.connectionsOf(scope, input.connectionId)) {
      const full = await this.deps.store.connections.get(scope, connection.id);
      if (!full) continue;
      await this.subscriptions.unsubscribeAll(scope, full);
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
    return this.oauth.refreshExpiring(withinMs, expiresAtOf, (connection) =>
      provider.tokens.forceRefresh(connection),
    );
  }

  private requireProvider(): MicrosoftProvider {
    if (!this.deps.provider) {
      throw new AppError(
        'not_configured',
        'Outlook is not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET',
      );
    }
    return this.deps.provider;
  }
}

function expiresAtOf(secrets: Record<string, string>): number | null {
  try {
    return secretsToTokens(secrets).expiresAt;
  } catch {
    return null;
  }
}
