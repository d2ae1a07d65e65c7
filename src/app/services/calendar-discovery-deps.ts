/**
 * What calendar discovery (calendar-discovery.ts) is given, and what it reports: its
 * dependencies, the push hooks by provider, and the counts of a refresh.
 */
import type { CalendarProvider } from '../../providers/provider.js';
import type { ConnectionWithSecrets, Scope, Store } from '../../store/store.js';
import type { Logger } from '../logger.js';
import type { RedetectOrganisation } from './connection-deletion.js';

/** What discovery asks of a provider: its list, and whether the answer showed it whole. */
export type ListingProvider = Pick<CalendarProvider, 'listCalendars' | 'listCalendarsChecked'>;

/**
 * Stops a calendar's push at its provider (Google channels.stop, Graph's subscription DELETE),
 * logging what the provider refuses: GoogleChannels.stopChannels and
 * MicrosoftSubscriptions.unsubscribeAll for one calendar.
 */
export type StopCalendarPush = (
  scope: Scope,
  connection: ConnectionWithSecrets,
  calendarId: string,
) => Promise<void>;

/**
 * Opens push for the connection's selected calendars that have none (GoogleChannels.openChannels,
 * MicrosoftSubscriptions.subscribeAll); what the provider refuses is logged by the opener.
 */
export type OpenConnectionPush = (scope: Scope, connectionId: string) => Promise<unknown>;

/** Which of a user's connections a refresh lists (none given: all of them). */
export interface ConnectionFilter {
  provider?: string | null;
  connectionId?: string | null;
}

/** Where a calendar found (new, or listed again) is sent to be synced. */
export interface SyncQueue {
  queueCalendar(scope: Scope, calendarId: string): Promise<unknown>;
}

export interface CalendarDiscoveryDeps {
  store: Store;
  /** The configured providers by kind (the app's registry); a kind not in it is left alone. */
  providers: ReadonlyMap<string, ListingProvider>;
  /** Queues a calendar's sync (SyncService.queueCalendar, which queues this task's user job). */
  sync: SyncQueue;
  logger: Logger;
  clock: () => Date;
  /** After a removed calendar took events with it (see deleteConnectionWithEvents for why). */
  redetect: RedetectOrganisation;
  /**
   * After a listing changed what a stored calendar says of whose it is (Google's accessRole,
   * Graph's owner: others-calendars.ts), for which the store forgot the user's scans: queues the
   * user's meeting detection (MeetingsService.queueAfterSync), whose conflict pass follows, so
   * that meetings of a calendar now another person's go within minutes, not at the daily run.
   */
  redetectUser?: (scope: Scope) => Promise<unknown>;
  /** By provider kind: how a removed calendar's push is stopped (none: it has no push). */
  push?: Readonly<Partial<Record<string, StopCalendarPush>>>;
  /**
   * By provider kind: how a new calendar's push is opened, at once rather than at the next
   * hourly renewal, whoever asked for the refresh (the tasks, `calintel sync`). Exchange has
   * none here: its poll replaces the mailbox's subscription within the minute once the stored
   * calendars differ from the ones it watches.
   */
  openPush?: Readonly<Partial<Record<string, OpenConnectionPush>>>;
  graceMs?: number;
}

/** What one connection's refresh did. */
export interface ConnectionDiscovery {
  scope: Scope;
  connectionId: string;
  provider: string;
  /** `failed`: the listing failed (logged); `revoked`: it was refused, the connection marked. */
  outcome: 'reconciled' | 'distrusted' | 'failed' | 'revoked';
  added: number;
  reappeared: number;
  missing: number;
  removed: number;
}

export interface DiscoveryTotals {
  connections: number;
  failed: number;
  revoked: number;
  distrusted: number;
  added: number;
  reappeared: number;
  missing: number;
  removed: number;
}

/** The sum of a refresh's connections, for the task's log line. */
export function discoveryTotals(results: readonly ConnectionDiscovery[]): DiscoveryTotals {
  const totals: DiscoveryTotals = {
    connections: results.length,
    failed: 0,
    revoked: 0,
    distrusted: 0,
    added: 0,
    reappeared: 0,
    missing: 0,
    removed: 0,
  };
  for (const r of results) {
    if (r.outcome === 'failed' || r.outcome === 'revoked' || r.outcome === 'distrusted')
      totals[r.outcome] += 1;
    totals.added += r.added;
    totals.reappeared += r.reappeared;
    totals.missing += r.missing;
    totals.removed += r.removed;
  }
  return totals;
}
