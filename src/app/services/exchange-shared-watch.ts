/**
 * Near-real-time changes of other people's Calendars on an Exchange connection (the exec's
 * calendar an assistant keeps): each has a pull subscription of its own, since one subscription
 * watches one mailbox (exchange-subscriptions.ts), kept in the connection's
 * `sharedSubscriptions` by the owner's address and polled with the mailbox's own every minute by
 * `poll_exchange_subscriptions`; an event there queues a sync of that calendar alone.
 *
 * The subscriptions follow the shared calendars watched (added, selected, not missing, not
 * `gone`): at the next poll a calendar added gets one and a calendar removed or turned off loses
 * its own (Unsubscribe). Only the poll writes these keys, in one patch of them alone, so an add
 * or a removal meanwhile is taken up by the poll after. A subscription Exchange refuses (the
 * owner withdrew the permission, the mailbox went) is forgotten and the calendar synced once,
 * which finds it `gone` as a scheduled sync would; a `gone` calendar is not subscribed again until
 * a sync reads it again (its daily retry, or discovery finding it back), and a refused one not
 * within the hour either (REFUSED_SUBSCRIPTION_HOLD_MS), so nothing is asked of Exchange every
 * minute in vain.
 */
import type {
  ExchangeProvider,
  ExchangeSubscription,
  SharedWatch,
} from '../../providers/exchange/exchange-provider.js';
import { isSharedCalendarId } from '../../providers/exchange/exchange-shared.js';
import { ProviderError, type ProviderConnection } from '../../providers/provider.js';
import type { Calendar, Connection, Scope, Store } from '../../store/store.js';
import type { Logger } from '../logger.js';

/** The connection setting that keeps each shared Calendar's subscription by owner address. */
export const SHARED_SUBSCRIPTIONS_SETTING = 'sharedSubscriptions';
/** The one that keeps when Exchange last refused one, by owner address. */
export const SHARED_REFUSALS_SETTING = 'sharedSubscriptionRefusals';
/**
 * How long a shared Calendar whose subscription Exchange refused waits before it is asked again:
 * the sync that follows finds it `gone` when the permission went, and then it waits for that;
 * a server that lets the Calendar be read but not watched (Exchange 2007) is asked once an hour.
 */
export const REFUSED_SUBSCRIPTION_HOLD_MS = 60 * 60_000;

/** The subscriptions and refusals a connection keeps, by owner address. */
interface SharedWatchState {
  subscriptions: Record<string, ExchangeSubscription>;
  refusals: Record<string, string>;
}

export interface ExchangeSharedWatchDeps {
  store: Store;
  sync: { queueCalendar(scope: Scope, calendarId: string): Promise<unknown> };
  logger: Logger;
}

export class ExchangeSharedWatch {
  constructor(private readonly deps: ExchangeSharedWatchDeps) {}

  /**
   * Polls (or makes) the subscription of every shared Calendar watched, ends those of the ones
   * no longer watched, and queues a sync of each that changed or was refused; how many were.
   * A refused credential or throttling is thrown, after keeping what was learnt, for the caller
   * to act on the connection (the same credentials and server); any other failure of one
   * mailbox is logged and its subscription kept for the next poll.
   */
  async poll(
    scope: Scope,
    connection: Connection,
    provider: ExchangeProvider,
    remote: ProviderConnection,
    now: Date,
  ): Promise<number> {
    const before = sharedWatchOf(connection.settings);
    const watched = await this.watchedCalendars(scope, connection.id);
    const after = carriedOver(before, watched);
    const queued: Calendar[] = [];
    try {
      // First, so that a mailbox failing part-way below cannot lose their ids unended.
      await this.endUnwatched(provider, remote, before.subscriptions, after.subscriptions);
      for (const calendar of watched) {
        const address = calendar.providerCalendarId;
        if (isHeld(after.refusals[address], now)) continue;
        const current = before.subscriptions[address] ?? null;
        const outcome = await this.watchOne(provider, remote, address, current);
        if (outcome === 'kept') continue;
        if (outcome.state === 'refused') {
          delete after.subscriptions[address];
          after.refusals[address] = now.toISOString();
          this.deps.logger.info(
            { connectionId: connection.id, calendarId: calendar.id, code: outcome.code },
            'Exchange refused the subscription to a shared calendar; syncing it',
          );
          queued.push(calendar);
          continue;
        }
        delete after.refusals[address];
        const { subscriptionId, watermark } = outcome.subscription;
        after.subscriptions[address] = { subscriptionId, watermark };
        if (outcome.changed) queued.push(calendar);
      }
    } finally {
      // Most minutes change nothing (no event moved a watermark): no write then.
      if (JSON.stringify(after) !== JSON.stringify(before))
        await this.deps.store.connections.patchSettings(scope, connection.id, {
          [SHARED_SUBSCRIPTIONS_SETTING]: after.subscriptions,
          [SHARED_REFUSALS_SETTING]: after.refusals,
        });
      for (const calendar of queued) await this.deps.sync.queueCalendar(scope, calendar.id);
    }
    return queued.length;
  }

  /** One shared Calendar's poll; `kept` when it failed in a way the next poll may not. */
  private async watchOne(
    provider: ExchangeProvider,
    remote: ProviderConnection,
    address: string,
    current: ExchangeSubscription | null,
  ): Promise<SharedWatch | 'kept'> {
    try {
      return await provider.watchShared(remote, address, current);
    } catch (error) {
      if (error instanceof ProviderError && (error.kind === 'auth' || error.kind === 'rate_limit'))
        throw error;
      this.deps.logger.warn(
        { err: error, connectionId: remote.id, mailbox: address },
        'Exchange shared calendar subscription not polled',
      );
      return 'kept';
    }
  }

  /**
   * The connection's shared Calendars to watch: selected, still listed by discovery, and not
   * `gone` (a refused sync: no subscription would be allowed either).
   */
  private async watchedCalendars(scope: Scope, connectionId: string): Promise<Calendar[]> {
    const calendars = await this.deps.store.calendars.list(scope, { connectionId });
    const watched: Calendar[] = [];
    for (const calendar of calendars) {
      if (!isSharedCalendarId(calendar.providerCalendarId)) continue;
      if (!calendar.selected || calendar.missingSince !== null) continue;
      const status = await this.deps.store.syncStatus.get(scope, calendar.id);
      if (status?.state === 'error' && status.lastError?.kind === 'gone') continue;
      watched.push(calendar);
    }
    return watched;
  }

  /**
   * Ends the subscriptions of calendars no longer watched (else each lives on at Exchange until
   * its timeout), the ones `after` left out. One not ended is kept in `after`, so that a later
   * poll ends it (or finds it timed out: gone is done). A subscription replaced in the poll is
   * not among them: Exchange had already answered it gone or refused.
   */
  private async endUnwatched(
    provider: ExchangeProvider,
    remote: ProviderConnection,
    before: Record<string, ExchangeSubscription>,
    after: Record<string, ExchangeSubscription>,
  ): Promise<void> {
    for (const [address, subscription] of Object.entries(before)) {
      if (after[address]) continue;
      try {
        await provider.unsubscribe(remote, subscription.subscriptionId);
      } catch (error) {
        after[address] = subscription;
        this.deps.logger.warn(
          { err: error, connectionId: remote.id, mailbox: address },
          'Exchange shared calendar subscription not ended; trying again at the next poll',
        );
      }
    }
  }
}

function sharedWatchOf(settings: Record<string, unknown>): SharedWatchState {
  const refusals: Record<string, string> = {};
  const value = settings[SHARED_REFUSALS_SETTING];
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    for (const [address, at] of Object.entries(value as Record<string, unknown>))
      if (typeof at === 'string') refusals[address] = at;
  return { subscriptions: sharedSubscriptionsOf(settings), refusals };
}

/** What is kept of the calendars still watched; the others' entries are dropped. */
function carriedOver(before: SharedWatchState, watched: readonly Calendar[]): SharedWatchState {
  const after: SharedWatchState = { subscriptions: {}, refusals: {} };
  for (const { providerCalendarId: address } of watched) {
    const subscription = before.subscriptions[address];
    if (subscription) after.subscriptions[address] = subscription;
    const refusal = before.refusals[address];
    if (refusal) after.refusals[address] = refusal;
  }
  return after;
}

/** Whether a refusal at `at` (an ISO time, or none) still holds at `now`. */
export function isHeld(at: string | undefined, now: Date): boolean {
  if (!at) return false;
  const since = now.getTime() - Date.parse(at);
  return since >= 0 && since < REFUSED_SUBSCRIPTION_HOLD_MS;
}

/** The shared Calendars' subscriptions a connection's settings keep, by owner address. */
export function sharedSubscriptionsOf(
  settings: Record<string, unknown>,
): Record<string, ExchangeSubscription> {
  const value = settings[SHARED_SUBSCRIPTIONS_SETTING];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const kept: Record<string, ExchangeSubscription> = {};
  for (const [address, entry] of Object.entries(value as Record<string, unknown>)) {
    const s = entry as Partial<ExchangeSubscription> | null;
    if (s && typeof s.subscriptionId === 'string' && typeof s.watermark === 'string')
      kept[address] = { subscriptionId: s.subscriptionId, watermark: s.watermark };
  }
  return kept;
}
