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
  /**
   * The version of the calendar's sync status when `cursor` was read (set by loadTarget): a run
   * claims the calendar, or records the end of a run that never claimed, only while it is
   * unchanged, since anything written since (another run's page or end, the calendar emptied, its
   * cursor reset) would make what it fetched from `cursor` out of date.
   */
  version?: number;
  /** Failed runs since the last success, for backoff. */
  consecutiveFailures: number;
  /** When a run last changed an event (null: never), for polling less a calendar that is quiet. */
  lastChangeAt?: Date | null;
  /** False when the user turned the calendar off: it is not synced. */
  selected?: boolean;
  /**
   * Why the calendar cannot be synced though it was found (its connection's secrets cannot be
   * decrypted): the run fails with it, recorded on the calendar like any other failure.
   */
  unavailable?: string;
  /**
   * The run's own id, set by the engine before startRun: the run claims the calendar under it,
   * and every page it commits, and its end, count only while it still holds that claim.
   */
  runId?: string;
}

export interface PageCounts {
  added: number;
  updated: number;
  unchanged: number;
  /**
   * Of `unchanged`, stored rows rewritten for what the change log does not compare (a new etag
   * or update time, another raw payload); set only when some were.
   */
  rewritten?: number;
  deleted: number;
  /** Entries written to the change log, by kind (an update may be several, or none). */
  changes: ChangeCounts;
}

export interface SyncOutcome extends PageCounts {
  issues: SyncIssue[];
  /**
   * Pages the run committed. None: the source said nothing had changed (a feed's 304, the same
   * body again), so the last run's issues, about that same content, still stand.
   */
  pages: number;
  /**
   * Of those, pages that only said the content was the same as before (SyncPage.sameContent):
   * when every page did, the last run's issues still stand too.
   */
  sameContentPages: number;
  eventsCount: number;
  /**
   * Set when the run stopped early without failing: the calendar was turned off (before it
   * started, or under it: the pages after that were not written). The counts are what it wrote.
   */
  stopped?: 'deselected';
}

/**
 * Thrown by SyncStore.commitPage, with nothing of the page written, when the run must not go
 * on: its claim on the calendar was taken over by another run (`taken_over`), or the calendar
 * was turned off, removed or disconnected under it (`deselected`).
 */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
  constructor(
    readonly reason: 'taken_over' | 'deselected',
    message: string,
  ) {
    super(message);
  }
}

/**
 * How far a run got, told to its end. A run claims its calendar (startRun) only before its first
 * write: one whose provider answered "no changes" (a feed's 304, an empty delta) writes only its
 * end, which then stands in for the claim too (see succeedRun).
 */
export interface RunProgress {
  /** When the run started (shown as the last sync). */
  startedAt: Date;
  /** Whether the run claimed the calendar. */
  claimed: boolean;
  /**
   * The cursor after the run's last pages when they changed nothing (no event, no removal): not
   * committed on their own, it is stored with the success. Omitted: the committed one stands.
   */
  cursor?: string | null;
}

export interface SyncStore {
  loadTarget(scope: Scope, calendarId: string): Promise<SyncTarget | null>;
  /**
   * Claims the calendar for the run `target.runId`, atomically, before the run's first page is
   * committed: no other run holds it, or the one that does has shown no sign of life for long
   * enough to be taken for dead, and nothing was written to its sync status since the run read
   * it (`target.version`). Marks it as syncing and returns this run's generation number.
   * Null: another run has it, or wrote since (nothing changed); the run is tried again afresh.
   */
  startRun(target: SyncTarget, at: Date): Promise<number | null>;
  /**
   * Shows the calendar as syncing for a run that has not claimed it yet (running-mark.ts): not a
   * claim, and only while no live run holds the claim and nothing was written since the run read
   * `target.version`, which the mark leaves as it is.
   */
  markRunning(target: SyncTarget, at: Date): Promise<void>;
  /**
   * Ends a run stopped from outside before its end (a graceful shutdown, a lost lease): releases
   * its claim, counts no failure, and shows the calendar pending with the events it holds, its
   * next run (the resume) at `resumeAt`. Guarded as succeedRun's end is.
   */
  stopRun(target: SyncTarget, resumeAt: Date, run: RunProgress): Promise<void>;
  /**
   * Ends the run without a result (see RunInterrupted `deselected`): releases its claim, counts
   * no failure.
   */
  abandonRun(target: SyncTarget, at: Date): Promise<void>;
  /** A new generation number within a run, for a snapshot that begins after delta pages. */
  nextGeneration(target: SyncTarget): Promise<number>;
  /**
   * Applies one page and stores the cursor after it, in one transaction, which first checks
   * that the run still holds its claim and the calendar is still selected (else RunInterrupted,
   * nothing written). The page that ends a
   * snapshot (mode `snapshot`, no more pages) also removes, in that transaction, the calendar's
   * events no page of `generation` mentioned, each logged as one `deleted` change and counted
   * in `deleted`: the snapshot's cursor must never be stored without that removal, or a crash
   * between the two would leave them for good (the next runs are deltas that never name them).
   */
  commitPage(target: SyncTarget, page: SyncPage, generation: number): Promise<PageCounts>;
  /**
   * Records the run's success, in one write, and releases its claim. A run that never claimed
   * the calendar is recorded only if no live run holds it and nothing was written to its sync
   * status since the run read it (`target.version`); else another run started, wrote or ended
   * meanwhile (or the calendar was emptied) and that counts.
   * False: not recorded, for either reason.
   */
  succeedRun(
    target: SyncTarget,
    outcome: SyncOutcome,
    at: Date,
    nextRunAt: Date | null,
    run: RunProgress,
  ): Promise<boolean>;
  /** Records the run's failure, guarded as succeedRun's success is. */
  failRun(
    target: SyncTarget,
    failure: { kind: ProviderErrorKind | 'internal'; message: string },
    at: Date,
    nextRunAt: Date | null,
    run: RunProgress,
  ): Promise<void>;
}
