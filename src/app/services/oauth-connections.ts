/**
 * What OAuth providers (Google, Microsoft) share in the service: the single-use state with its
 * PKCE verifier, the callback's checks, one connection per account (connecting it again renews
 * it), the calendars stored, checking connections and refreshing tokens before they expire.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import type { ProviderKind } from '../../domain/event.js';
import {
  ProviderError,
  type ProviderConnection,
  type RemoteCalendar,
} from '../../providers/provider.js';
import type { Connection, ConnectionWithSecrets, Scope, Store } from '../../store/store.js';
import { providerConnectionOf } from '../provider-connection.js';
import { refuseColleaguesAccount } from './colleague-account.js';
import { ownAddressesOf, ownershipChanged } from '../../domain/calendars/others-calendars.js';
import { accountAddressOf } from './colleague-connections.js';
import { deleteConnectionWithEvents, type RedetectOrganisation } from './connection-deletion.js';

/** How long a user has to finish the provider's consent screen. */
const STATE_TTL_MS = 10 * 60_000;

/**
 * The state says whether write access was asked for: the callback must ask for the same scopes.
 * Only the state's hash is stored, so changing this part makes the state unknown.
 */
const WRITE_MARK = '.w';

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

export interface StartedState {
  state: string;
  codeChallenge: string;
  expiresAt: Date;
}

export interface CallbackInput {
  state?: string;
  code?: string;
  error?: string;
  /** The dashboard session the browser came back with (`session:<id>`), if any. */
  browserSession?: string | null;
}

export interface GrantedCode {
  scope: Scope;
  code: string;
  codeVerifier: string;
  writeAccess: boolean;
}

/** Who a connection in progress would be added to, for the callback's confirmation page. */
export interface PendingConnect {
  /** Started in a dashboard session (that browser alone may finish it, without asking). */
  startedInBrowser: boolean;
  userEmail: string;
  organisationName: string;
}

export class OAuthConnections {
  constructor(
    private readonly store: Store,
    private readonly provider: ProviderKind,
    /** How users know the provider, in messages: "Google", "Microsoft". */
    private readonly name: string,
    private readonly clock: () => Date,
    /** After a connection went with its events, or a calendar changed whose it is. */
    private readonly redetect: RedetectOrganisation,
  ) {}

  /** Stores a single-use, expiring state bound to the user, with its PKCE verifier (sealed). */
  async startState(
    scope: Scope,
    input: { redirectUri: string; writeAccess: boolean; browserSession?: string | null },
  ): Promise<StartedState> {
    const state = `${randomBytes(32).toString('base64url')}${input.writeAccess ? WRITE_MARK : ''}`;
    const codeVerifier = randomBytes(48).toString('base64url');
    const expiresAt = new Date(this.clock().getTime() + STATE_TTL_MS);
    await this.store.oauthStates.create(scope, {
      state,
      provider: this.provider,
      codeVerifier,
      redirectUri: input.redirectUri,
      expiresAt,
      browserSession: input.browserSession ?? null,
    });
    const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
    return { state, codeChallenge, expiresAt };
  }

  /** Who an unused, unexpired state would connect the account to; null for any other state. */
  async pending(state: string): Promise<PendingConnect | null> {
    const pending = await this.store.oauthStates.peek(
      { state, provider: this.provider },
      this.clock(),
    );
    if (!pending) return null;
    const [user, organisation] = await Promise.all([
      this.store.users.get(pending.scope),
      this.store.organisations.get({ orgId: pending.scope.orgId }),
    ]);
    if (!user || !organisation) return null;
    return {
      startedInBrowser: pending.browserSession !== null,
      userEmail: user.email,
      organisationName: organisation.name,
    };
  }

  /** The callback's checks: a known, unused, unexpired state, then the code or the refusal. */
  async consumeCallback(input: CallbackInput): Promise<GrantedCode> {
    if (!input.state) throw invalidInput('state: missing; start again from "connect"');
    const pending = await this.store.oauthStates.consume(
      { state: input.state, provider: this.provider },
      this.clock(),
    );
    if (!pending) {
      throw invalidInput(
        `state: unknown, expired or already used; start the ${this.name} connection again`,
      );
    }
    // Started in a dashboard session: only that browser may finish it. Otherwise a consent link
    // sent to someone else would connect their account to the sender's user.
    if (pending.browserSession && pending.browserSession !== input.browserSession)
      throw invalidInput(
        `this ${this.name} connection was started in another browser session; start it again from the dashboard`,
      );
    if (input.error) throw invalidInput(`${this.name} did not grant access: ${input.error}`);
    if (!input.code) throw invalidInput(`code: missing from the ${this.name} callback`);
    return {
      scope: pending.scope,
      code: input.code,
      codeVerifier: pending.codeVerifier,
      writeAccess: input.state.endsWith(WRITE_MARK),
    };
  }

  /**
   * One connection per account: connecting the same account again renews its grant. A
   * colleague's own account is refused before anything is stored (colleague-account.ts); the
   * grant is not revoked, since at the provider it is the colleague's grant to calintel too.
   */
  async saveConnection(
    scope: Scope,
    input: {
      account: string;
      /** The account's email addresses as the provider names them (mail, sign-in name). */
      addresses: readonly string[];
      label: string;
      secrets: Record<string, string>;
    },
  ): Promise<ConnectionWithSecrets> {
    await refuseColleaguesAccount(this.store, scope, input.addresses);
    const { connection: existing, created } = await this.store.connections.claim(scope, {
      provider: this.provider,
      label: input.label,
      secrets: input.secrets,
      settings: { account: input.account },
    });
    if (created) return existing;
    await this.store.connections.updateSecrets(scope, existing.id, input.secrets);
    await this.store.connections.updateStatus(scope, existing.id, 'active', null);
    const renewed = await this.store.connections.get(scope, existing.id);
    if (!renewed) throw new AppError('internal', `connection ${existing.id} vanished`, true);
    return renewed;
  }

  /**
   * Stores the listed calendars; returns the ids of those selected for syncing. A reconnected
   * account's calendar that is now another person's, or no longer, has the user's scans forgotten
   * (calendars.upsert), so detection is queued: its syncs may change nothing, and queue none.
   */
  async saveCalendars(
    scope: Scope,
    connectionId: string,
    remotes: RemoteCalendar[],
  ): Promise<string[]> {
    const stored = await this.store.calendars.list(scope, { connectionId });
    const own = await this.ownAddresses(scope, connectionId, [...stored, ...remotes]);
    const ids: string[] = [];
    let reowned = false;
    for (const remote of remotes) {
      const current = stored.find((c) => c.providerCalendarId === remote.providerCalendarId);
      if (current && ownershipChanged(current, remote, own)) reowned = true;
      const calendar = await this.store.calendars.upsert(scope, connectionId, remote, own);
      if (calendar?.selected) ids.push(calendar.id);
    }
    if (reowned) await this.redetect(scope);
    return ids;
  }

  /** The addresses that are the user's own on the connection (others-calendars.ts). */
  private async ownAddresses(
    scope: Scope,
    connectionId: string,
    calendars: readonly { isPrimary: boolean; ownerAddress?: string | null }[],
  ): Promise<string[]> {
    const [user, connection] = await Promise.all([
      this.store.users.get(scope),
      this.store.connections.get(scope, connectionId),
    ]);
    const account = connection ? accountAddressOf(connection) : null;
    return ownAddressesOf(this.provider, user?.email ?? null, account, calendars);
  }

  /** The caller's connections of this provider (or the one named, else 404). */
  async connectionsOf(scope: Scope, connectionId?: string): Promise<Connection[]> {
    const mine = (await this.store.connections.list(scope)).filter(
      (c) => c.provider === this.provider && (!connectionId || c.id === connectionId),
    );
    if (connectionId && mine.length === 0)
      throw notFound(`${this.name} connection ${connectionId}`);
    return mine;
  }

  /** Checks each (or one) connection by listing its calendars; a refused grant is marked. */
  async test(
    scope: Scope,
    connectionId: string | undefined,
    listCalendars: (connection: ProviderConnection) => Promise<RemoteCalendar[]>,
  ): Promise<ConnectionCheck[]> {
    const checks: ConnectionCheck[] = [];
    for (const connection of await this.connectionsOf(scope, connectionId)) {
      const full = await this.store.connections.get(scope, connection.id);
      if (!full) continue;
      const base = { connectionId: full.id, label: full.label };
      try {
        const calendars = await listCalendars(this.providerConnection(scope, full));
        await this.store.connections.updateStatus(scope, full.id, 'active', null);
        checks.push({
          ...base,
          ok: true,
          status: 'active',
          calendars: calendars.length,
          error: null,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const auth = await this.markIfRevoked(scope, full.id, error);
        const status = auth ? 'reauth_required' : full.status;
        checks.push({ ...base, ok: false, status, calendars: null, error: message });
      }
    }
    return checks;
  }

  /**
   * `refresh_calendar_tokens`: refreshes access tokens that expire within the window, so that a
   * sync never waits on a refresh, and finds revoked grants before a sync does.
   */
  async refreshExpiring(
    withinMs: number,
    expiresAt: (secrets: Record<string, string>) => number | null,
    refresh: (connection: ProviderConnection) => Promise<unknown>,
  ): Promise<{ refreshed: number; revoked: number; failed: number }> {
    let refreshed = 0;
    let revoked = 0;
    let failed = 0;
    for (const { scope, connection } of await this.store.connections.listActive()) {
      if (connection.provider !== this.provider) continue;
      const full = await this.store.connections.get(scope, connection.id);
      const expiry = full ? expiresAt(full.secrets) : null;
      if (!full || expiry === null || expiry - this.clock().getTime() > withinMs) continue;
      try {
        await refresh(this.providerConnection(scope, full));
        refreshed += 1;
      } catch (error) {
        // Passing trouble with one connection must not keep the others from being refreshed:
        // it is counted, and the next run (or the sync itself) tries it again.
        if (await this.markIfRevoked(scope, full.id, error)) revoked += 1;
        else failed += 1;
      }
    }
    return { refreshed, revoked, failed };
  }

  /** A refused grant (ProviderError of kind auth) marks the connection reauth_required. */
  async markIfRevoked(scope: Scope, connectionId: string, error: unknown): Promise<boolean> {
    if (!(error instanceof ProviderError) || error.kind !== 'auth') return false;
    await this.store.connections.updateStatus(
      scope,
      connectionId,
      'reauth_required',
      error.message,
    );
    return true;
  }

  /** Forgets the tokens: the connection stays, disconnected, or goes with its events. */
  async dropConnection(scope: Scope, connectionId: string, keepEvents: boolean): Promise<void> {
    if (!keepEvents) {
      await deleteConnectionWithEvents(this.store, scope, connectionId, this.redetect);
      return;
    }
    await this.store.connections.updateSecrets(scope, connectionId, {});
    await this.store.connections.updateStatus(
      scope,
      connectionId,
      'disconnected',
      'disconnected by the user; events kept, no longer synced',
    );
  }

  providerConnection(scope: Scope, connection: ConnectionWithSecrets): ProviderConnection {
    return providerConnectionOf(this.store, scope, connection);
  }
}

/** The provider refusing the code or the grant is the caller's to fix (400); failing is a 502. */
export function asConnectError(error: unknown, name: string): AppError {
  if (error instanceof ProviderError) {
    const code =
      error.kind === 'transient' || error.kind === 'rate_limit'
        ? 'provider_error'
        : 'invalid_input';
    return new AppError(code, error.message, false, { cause: error });
  }
  return new AppError('internal', `the ${name} connection could not be completed`, true, {
    cause: error,
  });
}
