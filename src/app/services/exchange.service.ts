/**
 * Exchange on-premise (EWS): connecting a mailbox with the server the organisation configured
 * (EXCHANGE_SERVER_URL, EXCHANGE_VERSION) and the person's own credentials, checked before they
 * are stored (sealed); then a pull subscription per mailbox, polled every minute, turns changes
 * into syncs between the scheduled ones. The subscription watches the folders of the mailbox's
 * synced calendars; when calendar discovery adds one or marks one missing, the next poll replaces
 * it with one that watches the new set. Other people's Calendars added to the connection have a
 * subscription each, polled in the same minute (exchange-shared-watch.ts).
 */
import pLimit from 'p-limit';
import type { ConnectExchangeInput, ConnectionView } from '../../api/schemas.js';
import { AppError } from '../../domain/errors.js';
import type {
  ExchangeProvider,
  ExchangeSubscription,
  Subscribed,
} from '../../providers/exchange/exchange-provider.js';
import { isSharedCalendarId } from '../../providers/exchange/exchange-shared.js';
import { ProviderError, type ProviderConnection } from '../../providers/provider.js';
import type { Connection, Scope, Store } from '../../store/store.js';
import type { Logger } from '../logger.js';
import { providerConnectionOf } from '../provider-connection.js';
import type { RedetectOrganisation } from './connection-deletion.js';
import { refuseColleaguesAccount } from './colleague-account.js';
import { asConnectError, type ConnectionsService } from './connections.service.js';
import { ExchangeSharedCalendars } from './exchange-shared-calendars.js';
import { ExchangeSharedWatch } from './exchange-shared-watch.js';
import type { SyncService } from './sync.service.js';

/** Polls every Exchange mailbox's subscription (scheduled every minute). */
export const POLL_EXCHANGE_SUBSCRIPTIONS = 'poll_exchange_subscriptions';
/** Mailboxes polled at once by one poll_exchange_subscriptions run. */
const POLLS_AT_ONCE = 4;

export interface ExchangeServiceDeps {
  store: Store;
  provider: ExchangeProvider | null;
  settings: { serverUrl: string; version: string | null } | null;
  sync: SyncService;
  connections: ConnectionsService;
  logger: Logger;
  /** After a shared Calendar removed took events with it (connection-deletion.ts says why). */
  redetect: RedetectOrganisation;
  clock?: () => Date;
}

export class ExchangeService {
  /** Other people's Calendars added to a connection (exchange-shared-calendars.ts). */
  readonly shared: ExchangeSharedCalendars;
  /** Their subscriptions, one per owner's mailbox (exchange-shared-watch.ts). */
  private readonly sharedWatch: ExchangeSharedWatch;

  constructor(private readonly deps: ExchangeServiceDeps) {
    this.shared = new ExchangeSharedCalendars(deps);
    this.sharedWatch = new ExchangeSharedWatch(deps);
  }

  async connect(scope: Scope, input: ConnectExchangeInput): Promise<ConnectionView> {
    const { provider, settings } = this.configured();
    const credentials =
      input.authType === 'oauth'
        ? { authType: 'oauth' as const, token: input.token ?? '' }
        : { authType: input.authType, username: input.username, password: input.password ?? '' };
    const server = {
      serverUrl: settings.serverUrl,
      ...(settings.version ? { version: settings.version } : {}),
    };
    const verified = await provider.verify(server, credentials).catch((error: unknown) => {
      throw asConnectError(error);
    });
    const secrets: Record<string, string> =
      credentials.authType === 'oauth'
        ? { authType: 'oauth', token: credentials.token }
        : {
            authType: credentials.authType,
            username: credentials.username,
            password: credentials.password,
          };
    const email = input.email.trim().toLowerCase();
    // The mailbox synced is the credentials', whatever address was typed: both are checked.
    await refuseColleaguesAccount(this.deps.store, scope, [email, verified.mailbox]);
    const { connection, created } = await this.deps.store.connections.claim(scope, {
      provider: 'exchange',
      label: email,
      secrets,
      settings: { ...server, email },
    });
    if (!created) {
      // The server may have moved since: the reconnect's server is the one verified just now.
      await this.deps.store.connections.patchSettings(scope, connection.id, { ...server, email });
      await this.deps.store.connections.updateSecrets(scope, connection.id, secrets);
      await this.deps.store.connections.updateStatus(scope, connection.id, 'active', null);
    }
    for (const remote of verified.calendars) {
      const calendar = await this.deps.store.calendars.upsert(scope, connection.id, remote);
      if (!calendar) throw new AppError('internal', `connection ${connection.id} vanished`, true);
      await this.deps.sync.queueCalendar(scope, calendar.id);
    }
    await this.subscribe(scope, connection.id);
    return this.deps.connections.view(scope, connection);
  }

  /**
   * The `poll_exchange_subscriptions` handler: each active mailbox's subscription read; a change
   * queues a sync of its calendars. A mailbox that fails is logged and the others go on.
   */
  async pollAll(): Promise<{ polled: number; changed: number }> {
    const outcome = { polled: 0, changed: 0 };
    if (!this.deps.provider) return outcome;
    const now = (this.deps.clock ?? (() => new Date()))();
    const due = (await this.deps.store.connections.listActive()).filter(
      // The server asked for quiet (ErrorServerBusy's BackOffMilliseconds): not before then.
      ({ connection }) =>
        connection.provider === 'exchange' && pollNotBefore(connection.settings) <= now.getTime(),
    );
    // A few mailboxes at a time: one slow server must not hold up every other's minute.
    const limit = pLimit(POLLS_AT_ONCE);
    await Promise.all(
      due.map(({ scope, connection }) =>
        limit(async () => {
          outcome.polled += 1;
          if (await this.pollOrNote(scope, connection, now)) outcome.changed += 1;
        }),
      ),
    );
    return outcome;
  }

  /** One mailbox's poll; a failure is noted on the connection and logged, never thrown. */
  private async pollOrNote(scope: Scope, connection: Connection, now: Date): Promise<boolean> {
    try {
      return await this.poll(scope, connection);
    } catch (error) {
      // A refused password is not tried again every minute: a directory would lock the
      // account out after a few. The connection waits for the user to connect it again.
      if (error instanceof ProviderError && error.kind === 'auth')
        await this.deps.store.connections.updateStatus(
          scope,
          connection.id,
          'reauth_required',
          error.message,
        );
      if (error instanceof ProviderError && error.kind === 'rate_limit')
        await this.backOff(scope, connection.id, now, error.retryAfterMs);
      this.deps.logger.warn(
        { err: error, connectionId: connection.id },
        'Exchange subscription not polled',
      );
      return false;
    }
  }

  /** Remembers until when the mailbox is not to be polled (the server's back-off, else a minute). */
  private async backOff(
    scope: Scope,
    connectionId: string,
    now: Date,
    retryAfterMs: number | null,
  ): Promise<void> {
    await this.deps.store.connections.patchSettings(scope, connectionId, {
      pollNotBefore: new Date(now.getTime() + (retryAfterMs ?? 60_000)).toISOString(),
    });
  }

  private async poll(scope: Scope, connection: Connection): Promise<boolean> {
    const { provider } = this.configured();
    const full = await this.deps.store.connections.get(scope, connection.id);
    if (!full) return false;
    const current = subscriptionOf(full.settings);
    const providerConnection = providerConnectionOf(this.deps.store, scope, full);
    const calendars = await this.watchedCalendars(scope, full.id);
    const result =
      current && sameSet(current.calendarIds ?? ['calendar'], calendars)
        ? await provider.poll(providerConnection, current)
        : { changed: true, ...(await this.replace(providerConnection, current, calendars)) };
    // These keys only: a shared mailbox added meanwhile stays (patchSettings says why).
    await this.deps.store.connections.patchSettings(scope, full.id, {
      pollNotBefore: undefined,
      subscription: result.subscription,
    });
    await this.markGone(scope, full, result.dropped);
    // The mailbox's own folders; another person's Calendar changes through its own subscription.
    if (result.changed)
      for (const calendar of await this.deps.store.calendars.list(scope, { connectionId: full.id }))
        if (
          calendar.selected &&
          calendar.missingSince === null &&
          !isSharedCalendarId(calendar.providerCalendarId)
        )
          await this.deps.sync.queueCalendar(scope, calendar.id);
    const now = (this.deps.clock ?? (() => new Date()))();
    const sharedChanged = await this.sharedWatch.poll(
      scope,
      full,
      provider,
      providerConnection,
      now,
    );
    return result.changed || sharedChanged > 0;
  }

  /** A pull subscription right after connecting; a failure only delays notice to the next poll. */
  private async subscribe(scope: Scope, connectionId: string): Promise<void> {
    const { provider } = this.configured();
    const full = await this.deps.store.connections.get(scope, connectionId);
    if (!full) return;
    try {
      const { subscription, dropped } = await provider.subscribe(
        providerConnectionOf(this.deps.store, scope, full),
        await this.watchedCalendars(scope, full.id),
      );
      await this.deps.store.connections.patchSettings(scope, full.id, { subscription });
      await this.markGone(scope, full, dropped);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.deps.logger.warn({ err: error, connectionId }, 'Exchange subscription not created');
    }
  }

  /**
   * The providerCalendarIds of the connection's own folders that are synced (none: the
   * Calendar). A subscription watches one mailbox: other people's Calendars have their own.
   */
  private async watchedCalendars(scope: Scope, connectionId: string): Promise<string[]> {
    const calendars = await this.deps.store.calendars.list(scope, { connectionId });
    const watched = calendars
      .filter((c) => c.selected && c.missingSince === null)
      .filter((c) => !isSharedCalendarId(c.providerCalendarId))
      .map((c) => c.providerCalendarId);
    return watched.length ? watched : ['calendar'];
  }

  /**
   * Marks missing, as calendar discovery does, the calendars whose folders Subscribe no longer
   * found and a fresh listing no longer gave (`dropped`). Until then they would stay among the
   * watched calendars while the subscription leaves them out, and every poll would replace the
   * subscription and sync every calendar again, until the hourly discovery marked them.
   */
  private async markGone(scope: Scope, connection: Connection, dropped: string[]): Promise<void> {
    if (!dropped.length) return;
    const gone = new Set(dropped);
    const now = (this.deps.clock ?? (() => new Date()))();
    let missing = 0;
    for (const calendar of await this.deps.store.calendars.list(scope, {
      connectionId: connection.id,
    }))
      if (gone.has(calendar.providerCalendarId) && calendar.missingSince === null)
        if (await this.deps.store.calendars.markMissing(scope, calendar.id, now)) missing += 1;
    if (missing > 0)
      this.deps.logger.info(
        {
          connectionId: connection.id,
          provider: connection.provider,
          added: 0,
          reappeared: 0,
          missing,
          removed: 0,
        },
        'calendar list reconciled',
      );
  }

  /** A subscription to `calendarIds` in place of `current`, which is ended if it was one. */
  private async replace(
    connection: ProviderConnection,
    current: ExchangeSubscription | null,
    calendarIds: string[],
  ): Promise<Subscribed> {
    const { provider } = this.configured();
    const subscription = await provider.subscribe(connection, calendarIds);
    // Left alone, it would time out by itself; ending it spares the server the bookkeeping.
    if (current)
      await provider.unsubscribe(connection, current.subscriptionId).catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'Exchange subscription not ended');
      });
    return subscription;
  }

  private configured(): {
    provider: ExchangeProvider;
    settings: { serverUrl: string; version: string | null };
  } {
    if (!this.deps.provider || !this.deps.settings)
      throw new AppError(
        'not_configured',
        'Exchange is not configured: set EXCHANGE_SERVER_URL (and EXCHANGE_VERSION)',
      );
    return { provider: this.deps.provider, settings: this.deps.settings };
  }
}

function subscriptionOf(settings: Record<string, unknown>): ExchangeSubscription | null {
  const value = settings['subscription'] as Partial<ExchangeSubscription> | undefined;
  if (!value || typeof value.subscriptionId !== 'string' || typeof value.watermark !== 'string')
    return null;
  const ids = value.calendarIds;
  return {
    subscriptionId: value.subscriptionId,
    watermark: value.watermark,
    ...(Array.isArray(ids) && ids.every((id) => typeof id === 'string')
      ? { calendarIds: ids }
      : {}),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((id) => left.has(id));
}

function pollNotBefore(settings: Record<string, unknown>): number {
  const value = settings['pollNotBefore'];
  return typeof value === 'string' ? Date.parse(value) || 0 : 0;
}
