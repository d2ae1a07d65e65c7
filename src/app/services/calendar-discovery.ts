/**
 * Calendar discovery: lists each connection's calendars again and reconciles them with the stored
 * ones, so that a calendar created or shared at the provider after the connection was made gets
 * synced, and one deleted or unshared there stops being synced and, a day later, goes with its
 * events. Connect lists calendars once; this is how the list follows the provider afterwards
 * (`refresh_calendar_lists`, hourly, and for the caller when they ask to sync everything).
 *
 * What to do is decided by `planDiscovery` (pure); this file does the I/O around it: a listing
 * that fails changes nothing (an auth failure marks the connection, as the connection check
 * does), an empty listing while calendars are stored changes nothing unless the provider's
 * answer showed it whole (a CalDAV home set that lists itself and no calendar), and one
 * connection's trouble never stops the others. New calendars get their push opened here, for
 * every caller alike (the tasks, `calintel sync`).
 */
import pLimit from 'p-limit';
import {
  ProviderError,
  type CheckedCalendarList,
  type ProviderConnection,
  type RemoteCalendar,
} from '../../providers/provider.js';
import type { Calendar, Connection, ConnectionWithSecrets, Scope } from '../../store/store.js';
import { ownAddressesOf, ownershipChanged } from '../../domain/calendars/others-calendars.js';
import { providerConnectionOf } from '../provider-connection.js';
import type {
  CalendarDiscoveryDeps,
  ConnectionDiscovery,
  ConnectionFilter,
  ListingProvider,
  SyncQueue,
} from './calendar-discovery-deps.js';
import {
  isListedProvider,
  MISSING_CALENDAR_GRACE_MS,
  planDiscovery,
  type DiscoveryPlan,
  type ListedCalendarRef,
} from './calendar-discovery-plan.js';
import { accountAddressOf } from './colleague-connections.js';
import { emptyCalendarIn } from './connection-deletion.js';
import { inOwnersZone } from './owners-zone.js';

export {
  discoveryTotals,
  type CalendarDiscoveryDeps,
  type ConnectionDiscovery,
  type ConnectionFilter,
  type DiscoveryTotals,
  type OpenConnectionPush,
  type StopCalendarPush,
  type SyncQueue,
} from './calendar-discovery-deps.js';

/** Lists every active connection's calendars again and reconciles them (scheduled hourly). */
export const REFRESH_CALENDAR_LISTS = 'refresh_calendar_lists';
/**
 * The same for one user's connections (payload: { orgId, userId, provider?, connectionId? }, the
 * last two narrowing it as the sync that queued it was narrowed); queued by `POST /sync/`.
 */
export const REFRESH_USER_CALENDAR_LISTS_TASK = 'refresh_user_calendar_lists_task';

/** Connections listed at once: one slow server must not hold up everyone's refresh. */
const LISTINGS_AT_ONCE = 4;

/** For a refresh whose caller syncs every calendar itself right after (`calintel sync`). */
const SYNCED_BY_CALLER: SyncQueue = { queueCalendar: async () => null };

export class CalendarDiscovery {
  constructor(private readonly deps: CalendarDiscoveryDeps) {}

  /** `refresh_calendar_lists`: every active connection of a provider with calendar lists. */
  async refreshAll(): Promise<ConnectionDiscovery[]> {
    const active = await this.deps.store.connections.listActive();
    return this.refreshEach(active);
  }

  /**
   * The user's own active connections, or those of one provider or one connection (a sync of
   * everything, or of one provider or connection, asked for by the user).
   */
  async refreshUser(scope: Scope, filter: ConnectionFilter = {}): Promise<ConnectionDiscovery[]> {
    const mine = (await this.deps.store.connections.list(scope)).filter(
      (c) =>
        c.status === 'active' &&
        (!filter.provider || c.provider === filter.provider) &&
        (!filter.connectionId || c.id === filter.connectionId),
    );
    return this.refreshEach(mine.map((connection) => ({ scope, connection })));
  }

  /**
   * Before a sync of everything in this process (`calintel sync`, as `POST /sync/` without a
   * calendar does for its caller): the active connections of one user or all, of one provider
   * or all. New calendars and those listed again are not queued: the caller syncs them next.
   */
  async refreshBeforeRun(filter: {
    userId: string | null;
    provider: string | null;
  }): Promise<ConnectionDiscovery[]> {
    const active = (await this.deps.store.connections.listActive()).filter(
      ({ scope, connection }) =>
        (filter.userId === null || scope.userId === filter.userId) &&
        (filter.provider === null || connection.provider === filter.provider),
    );
    return this.refreshEach(active, SYNCED_BY_CALLER);
  }

  private async refreshEach(
    connections: ReadonlyArray<{ scope: Scope; connection: Connection }>,
    sync: SyncQueue = this.deps.sync,
  ): Promise<ConnectionDiscovery[]> {
    const limit = pLimit(LISTINGS_AT_ONCE);
    const listed = connections.filter(
      ({ connection }) =>
        isListedProvider(connection.provider) && this.deps.providers.has(connection.provider),
    );
    const results = await Promise.all(
      listed.map(({ scope, connection }) =>
        limit(() => this.refreshOrLog(scope, connection, sync)),
      ),
    );
    return results.filter((r): r is ConnectionDiscovery => r !== null);
  }

  /** One connection; whatever goes wrong (the store too) is logged, and the others go on. */
  private async refreshOrLog(
    scope: Scope,
    connection: Connection,
    sync: SyncQueue,
  ): Promise<ConnectionDiscovery | null> {
    try {
      return await this.refreshConnection(scope, connection, sync);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, connectionId: connection.id, provider: connection.provider },
        'calendar list not reconciled',
      );
      return null;
    }
  }

  /** Lists one connection's calendars and reconciles the stored ones with the listing. */
  async refreshConnection(
    scope: Scope,
    connection: Connection,
    sync: SyncQueue = this.deps.sync,
  ): Promise<ConnectionDiscovery> {
    const base = {
      scope,
      connectionId: connection.id,
      provider: connection.provider,
      added: 0,
      reappeared: 0,
      missing: 0,
      removed: 0,
    };
    const provider = this.deps.providers.get(connection.provider);
    const full = await this.deps.store.connections.get(scope, connection.id);
    if (!provider || !full) return { ...base, outcome: 'failed' };
    const now = this.deps.clock();
    let listing: CheckedCalendarList;
    try {
      listing = await checkedList(provider, providerConnectionOf(this.deps.store, scope, full));
    } catch (error) {
      return { ...base, outcome: await this.listingFailed(scope, connection, error) };
    }
    const stored = await this.deps.store.calendars.list(scope, { connectionId: connection.id });
    const plan = planDiscovery(stored, listing.calendars, now, this.graceMs, listing.whole);
    if (plan.distrusted) {
      this.deps.logger.warn(
        { connectionId: connection.id, provider: connection.provider, stored: stored.length },
        'the provider listed no calendars while some are stored; nothing changed',
      );
      return { ...base, outcome: 'distrusted' };
    }
    const byId = new Map(stored.map((c) => [c.id, c]));
    const { added, reowned } = await this.storeListed(scope, connection, plan, byId, sync);
    if (added > 0) await this.openPush(scope, connection);
    if (reowned) await this.deps.redetectUser?.(scope);
    for (const id of plan.reappeared)
      if (byId.get(id)?.selected) await sync.queueCalendar(scope, id);
    for (const id of plan.newlyMissing) await this.deps.store.calendars.markMissing(scope, id, now);
    let removed = 0;
    for (const id of plan.expired) if (await this.remove(scope, full, byId.get(id))) removed += 1;
    this.logChanges(connection, plan, removed);
    return {
      ...base,
      outcome: 'reconciled',
      added,
      reappeared: plan.reappeared.length,
      missing: plan.newlyMissing.length,
      removed,
    };
  }

  private get graceMs(): number {
    return this.deps.graceMs ?? MISSING_CALENDAR_GRACE_MS;
  }

  /**
   * Stores every listed calendar as connect does (new ones selected, the user's choice kept for
   * the others; a CalDAV calendar without a zone takes its owner's, as CaldavService does),
   * which also refreshes names and zones and clears a missing mark; a calendar listed as stored
   * is not written (every calendar, every hour). Queues each new selected calendar's first sync;
   * returns how many were new, and whether a stored one is now another person's, or no longer.
   */
  private async storeListed(
    scope: Scope,
    connection: Connection,
    plan: DiscoveryPlan<RemoteCalendar>,
    stored: ReadonlyMap<string, Calendar>,
    sync: SyncQueue,
  ): Promise<{ added: number; reowned: boolean }> {
    const known = new Map(plan.listed.map((l) => [l.remote, stored.get(l.calendarId)]));
    const fresh = new Set(plan.added);
    const listed = [...known.keys(), ...plan.added];
    const own = await this.ownAddresses(scope, connection, [...stored.values(), ...listed]);
    let added = 0;
    let reowned = false;
    for (const remote of listed) {
      const zoned =
        connection.provider === 'caldav'
          ? await inOwnersZone(this.deps.store, scope, { ...remote })
          : remote;
      const current = known.get(remote);
      if (current && unchanged(current, zoned)) continue;
      // As the store decides whether to forget the scans (calendars.upsert).
      if (current && ownershipChanged(current, zoned, own)) reowned = true;
      const calendar = await this.deps.store.calendars.upsert(scope, connection.id, zoned, own);
      if (!calendar || !fresh.has(remote)) continue;
      added += 1;
      if (calendar.selected) await sync.queueCalendar(scope, calendar.id);
    }
    return { added, reowned };
  }

  /** The addresses that are the user's own on the connection (others-calendars.ts). */
  private async ownAddresses(
    scope: Scope,
    connection: Connection,
    calendars: readonly { isPrimary: boolean; ownerAddress?: string | null }[],
  ): Promise<string[]> {
    const user = (await this.deps.store.users.get(scope))?.email ?? null;
    return ownAddressesOf(connection.provider, user, accountAddressOf(connection), calendars);
  }

  /**
   * Removes a calendar missing past the grace as turning it off does (its events removed in one
   * transaction, each removal in the change log, so that detection, conflicts and relationships
   * follow, and a sync running meanwhile loses its claim), then the calendar itself. Checked
   * again inside the transaction: a reconnect may have listed it meanwhile. Its push is stopped
   * at the provider first, since its channel rows go with it.
   */
  private async remove(
    scope: Scope,
    connection: ConnectionWithSecrets,
    calendar: Calendar | undefined,
  ): Promise<boolean> {
    if (!calendar) return false;
    await this.stopPush(scope, connection, calendar);
    const outcome = await this.deps.store.transaction(async (tx) => {
      const current = await tx.calendars.get(scope, calendar.id);
      if (!current || current.missingSince === null) return null;
      const events = await emptyCalendarIn(tx, scope, calendar.id);
      await tx.calendars.delete(scope, calendar.id);
      return { events };
    });
    if (!outcome) return false;
    this.deps.logger.info(
      {
        calendarId: calendar.id,
        connectionId: calendar.connectionId,
        provider: calendar.provider,
        missingSince: calendar.missingSince,
        events: outcome.events,
      },
      'calendar no longer listed by its provider removed with its events',
    );
    if (outcome.events > 0) await this.deps.redetect({ orgId: scope.orgId });
    return true;
  }

  /**
   * Opens push for the calendars just added, best-effort: a connection whose push fails is
   * logged, its calendars are polled meanwhile and the hourly renewal tries again.
   */
  private async openPush(scope: Scope, connection: Connection): Promise<void> {
    const open = this.deps.openPush?.[connection.provider];
    if (!open) return;
    try {
      await open(scope, connection.id);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, connectionId: connection.id, provider: connection.provider },
        'push not opened for new calendars',
      );
    }
  }

  /**
   * Best-effort: what the provider refuses is logged by the stop itself, anything else here;
   * either way the removal goes on (a channel left running ends within a week, and what it
   * sends meanwhile is answered as for an unknown channel).
   */
  private async stopPush(
    scope: Scope,
    connection: ConnectionWithSecrets,
    calendar: Calendar,
  ): Promise<void> {
    const stop = this.deps.push?.[calendar.provider];
    if (!stop) return;
    try {
      await stop(scope, connection, calendar.id);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, calendarId: calendar.id, connectionId: connection.id },
        'push of a calendar no longer listed not stopped; the calendar is removed all the same',
      );
    }
  }

  /** A refused grant marks the connection (as the connection check does); anything else is logged. */
  private async listingFailed(
    scope: Scope,
    connection: Connection,
    error: unknown,
  ): Promise<'failed' | 'revoked'> {
    const context = { err: error, connectionId: connection.id, provider: connection.provider };
    if (error instanceof ProviderError && error.kind === 'auth') {
      await this.deps.store.connections.updateStatus(
        scope,
        connection.id,
        'reauth_required',
        error.message,
      );
      this.deps.logger.warn(context, 'calendar list refused: the connection needs reconnecting');
      return 'revoked';
    }
    this.deps.logger.warn(context, 'calendar list not refreshed; nothing changed');
    return 'failed';
  }

  private logChanges(
    connection: Connection,
    plan: DiscoveryPlan<ListedCalendarRef>,
    removed: number,
  ): void {
    const counts = {
      added: plan.added.length,
      reappeared: plan.reappeared.length,
      missing: plan.newlyMissing.length,
      removed,
    };
    if (Object.values(counts).some((n) => n > 0))
      this.deps.logger.info(
        { connectionId: connection.id, provider: connection.provider, ...counts },
        'calendar list reconciled',
      );
  }
}

/** The provider's list and whether its answer showed it whole (never, unless it can say). */
async function checkedList(
  provider: ListingProvider,
  connection: ProviderConnection,
): Promise<CheckedCalendarList> {
  if (provider.listCalendarsChecked) return provider.listCalendarsChecked(connection);
  return { calendars: await provider.listCalendars(connection), whole: false };
}

/** Whether the stored calendar already says what the provider listed, and is not marked. */
function unchanged(stored: Calendar, listed: RemoteCalendar): boolean {
  return (
    stored.missingSince === null &&
    stored.name === listed.name &&
    stored.timeZone === listed.timeZone &&
    stored.isPrimary === listed.isPrimary &&
    sameOwnership(stored, listed)
  );
}

/** Whether the stored calendar says what the provider listed of whose it is (see upsert). */
function sameOwnership(stored: Calendar, listed: RemoteCalendar): boolean {
  return (
    stored.accessRole === (listed.accessRole ?? null) &&
    stored.ownerAddress === (listed.ownerAddress?.toLowerCase() ?? null)
  );
}
