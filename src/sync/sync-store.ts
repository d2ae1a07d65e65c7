/** What the sync engine needs from persistence; src/app adapts the Store to it. */
import type { ChangeCounts } from '../domain/changes/event-change.js';
import type { ProviderKind } from '../domain/event.js';
import type {
  ProviderConnection,
  ProviderErrorKind,
  RemoteCalendar,
  SyncIssue,
  SyncPage,
} from '../providers/provider.js';

export interface Scope {
  orgId: string;
  userId: string;
}

/** Everything needed to sync one calendar, loaded at the start of a run. */
export interface SyncTarget {
  scope: Scope;
  provider: ProviderKind;
  connection: ProviderConnection;
  calendarId: string;
  calendar: RemoteCalendar;
  cursor: string | null;
  /** Failed runs since the last success, for backoff. */
  consecutiveFailures: number;
  /** When a run last changed an event (null: never), for polling less a calendar that is quiet. */
  lastChangeAt?: Date | null;
  /** False when the user turned the calendar off: it is not synced. */
  selected?: boolean;
}

export interface PageCounts {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Entries written to the change log, by kind (an update may be several, or none). */
  changes: ChangeCounts;
}

export interface SyncOutcome extends PageCounts {
  issues: SyncIssue[];
  eventsCount: number;
}

export interface SyncStore {
  loadTarget(scope: Scope, calendarId: string): Promise<SyncTarget | null>;
  /** Marks the calendar as syncing and returns this run's generation number. */
  startRun(target: SyncTarget, at: Date): Promise<number>;
  /** A new generation number within a run, for a snapshot that begins after delta pages. */
  nextGeneration(target: SyncTarget): Promise<number>;
  /**
   * Applies one page and stores the cursor after it, in one transaction. The page that ends a
   * snapshot (mode `snapshot`, no more pages) also removes, in that transaction, the calendar's
   * events no page of `generation` mentioned, each logged as one `deleted` change and counted
   * in `deleted`: the snapshot's cursor must never be stored without that removal, or a crash
   * between the two would leave them for good (the next runs are deltas that never name them).
   */
  commitPage(target: SyncTarget, page: SyncPage, generation: number): Promise<PageCounts>;
  succeedRun(
    target: SyncTarget,
    outcome: SyncOutcome,
    at: Date,
    nextRunAt: Date | null,
  ): Promise<void>;
  failRun(
    target: SyncTarget,
    failure: { kind: ProviderErrorKind | 'internal'; message: string },
    at: Date,
    nextRunAt: Date | null,
  ): Promise<void>;
}
