/**
 * Per-calendar sync status: the cursor to resume from, what the last run did, and when the next
 * run is due. The cursor is written in the same transaction as the page it follows.
 */
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Executor, Transaction } from './database.js';
import type { CalendarSyncStatusRow, SyncState, Tables } from './schema.js';
import type { Scope } from './scope.js';
import { fromJson, iso, toJson } from './sql-support.js';
import { endedRun, endingRun, releasedClaim, type RunEnd } from './sync-run-claim.repository.js';

export {
  abandonSyncRun,
  claimSyncRun,
  continueSyncRun,
  markSyncRunning,
  revokeSyncRun,
  SYNC_RUN_STALE_AFTER_MS,
} from './sync-run-claim.repository.js';
export type {
  RunEnd,
  SyncRunCheck,
  SyncRunClaim,
  UnclaimedRun,
} from './sync-run-claim.repository.js';
export {
  listDueSyncs,
  listFailingSyncs,
  type DueSync,
  type FailingSync,
} from './sync-status-due.repository.js';

export type { SyncState };

/** A problem with part of a source that did not stop the rest (SyncIssue in the provider port). */
export interface StoredSyncIssue {
  message: string;
  line: number | null;
  providerEventId: string | null;
}

export interface SyncStatus {
  calendarId: string;
  orgId: string;
  userId: string;
  cursor: string | null;
  state: SyncState;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  lastError: { kind: string; message: string; at: string } | null;
  consecutiveFailures: number;
  /** When the current run of failures began (null when not failing; see migration 0025). */
  failingSince: string | null;
  eventsCount: number;
  lastAdded: number;
  lastUpdated: number;
  lastDeleted: number;
  /** The first of the last run's issues (the sync keeps 200). */
  lastIssues: StoredSyncIssue[];
  /** How many issues the last run had, `lastIssues` or more. */
  lastIssueCount: number;
  /**
   * Events the last run's issues left out (not stored), each counted once; null when not counted
   * (see eventCounts).
   */
  lastEventsLeftOut: number | null;
  /** Events the last run stored despite an issue about them, each counted once; null likewise. */
  lastEventsKept: number | null;
  generation: number;
  nextRunAt: string | null;
  /** The last successful run that changed an event (null: none yet). */
  lastChangeAt: string | null;
  /** Bumped by each claim, page, end and reset: see claimSyncRun. */
  version: number;
}

export interface SyncSuccess extends RunEnd {
  added: number;
  updated: number;
  deleted: number;
  issues?: StoredSyncIssue[];
  /** How many issues the run had, when `issues` holds only the first of them. */
  issueCount?: number;
  /** Events the run's issues left out, and kept despite an issue (see countEventOutcomes). */
  eventsLeftOut?: number;
  eventsKept?: number;
  /**
   * The source said it had not changed since the last run (a feed's 304): nothing was read, so
   * the issues of the last read of that same content still stand and are kept (`issues` unused).
   */
  issuesUnchanged?: boolean;
  /** Omit to keep the cursor that setSyncCursor committed with the last page. */
  cursor?: string | null;
  nextRunAt: Date | null;
}

export interface SyncFailure extends RunEnd {
  kind: string;
  message: string;
  nextRunAt: Date | null;
}

export function newSyncStatusRow(scope: Scope, calendarId: string): CalendarSyncStatusRow {
  return {
    calendar_id: calendarId,
    org_id: scope.orgId,
    user_id: scope.userId,
    cursor: null,
    state: 'idle',
    last_sync_at: null,
    last_success_at: null,
    last_error_kind: null,
    last_error_message: null,
    last_error_at: null,
    consecutive_failures: 0,
    failing_since: null,
    events_count: 0,
    last_added: 0,
    last_updated: 0,
    last_deleted: 0,
    last_issues: '[]',
    last_issue_count: 0,
    last_events_left_out: 0,
    last_events_kept: 0,
    generation: 0,
    next_run_at: null,
    last_change_at: null,
    run_id: null,
    run_seen_at: null,
    version: 0,
  };
}

export function toSyncStatus(row: CalendarSyncStatusRow): SyncStatus {
  const { last_error_kind: kind, last_error_at: at } = row;
  const lastIssues = fromJson<StoredSyncIssue[]>(row.last_issues, []);
  return {
    calendarId: row.calendar_id,
    orgId: row.org_id,
    userId: row.user_id,
    cursor: row.cursor,
    state: row.state,
    lastSyncAt: row.last_sync_at,
    lastSuccessAt: row.last_success_at,
    lastError:
      kind !== null && at !== null ? { kind, message: row.last_error_message ?? '', at } : null,
    consecutiveFailures: row.consecutive_failures,
    failingSince: row.failing_since,
    eventsCount: row.events_count,
    lastAdded: row.last_added,
    lastUpdated: row.last_updated,
    lastDeleted: row.last_deleted,
    lastIssues,
    // A row from before migration 0029 counts 0: it had as many as it lists (200 at most).
    lastIssueCount: Math.max(row.last_issue_count, lastIssues.length),
    ...eventCounts(row, Math.max(row.last_issue_count, lastIssues.length)),
    generation: row.generation,
    nextRunAt: row.next_run_at,
    lastChangeAt: row.last_change_at,
    version: row.version,
  };
}

function update(db: Executor, scope: Scope, calendarId: string) {
  return db
    .updateTable('calendar_sync_status')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('calendar_id', '=', calendarId);
}

export async function getSyncStatus(
  db: Executor,
  scope: Scope,
  calendarId: string,
): Promise<SyncStatus | undefined> {
  const row = await db
    .selectFrom('calendar_sync_status')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('calendar_id', '=', calendarId)
    .executeTakeFirst();
  return row && toSyncStatus(row);
}

export async function listSyncStatus(db: Executor, scope: Scope): Promise<SyncStatus[]> {
  const rows = await db
    .selectFrom('calendar_sync_status')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .orderBy('calendar_id')
    .execute();
  return rows.map(toSyncStatus);
}

export async function markSyncStarted(
  db: Executor,
  scope: Scope,
  calendarId: string,
  now = new Date(),
): Promise<boolean> {
  const result = await update(db, scope, calendarId)
    .set({ state: 'syncing', last_sync_at: iso(now) })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Starts a new generation for a snapshot sync and returns it: pages applied with it mark the
 * events they saw, and deleteNotInGeneration then removes the rest.
 */
export async function nextSyncGeneration(
  db: Executor,
  scope: Scope,
  calendarId: string,
): Promise<number | undefined> {
  const row = await update(db, scope, calendarId)
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .returning('generation')
    .executeTakeFirst();
  return row?.generation;
}

export async function markSyncSucceeded(
  db: Executor,
  scope: Scope,
  calendarId: string,
  outcome: SyncSuccess,
  now = new Date(),
): Promise<boolean> {
  const result = await endingRun(update(db, scope, calendarId), outcome)
    .set((eb) => ({
      ...releasedClaim(outcome),
      ...endedRun(eb),
      state: 'ok',
      last_success_at: iso(now),
      consecutive_failures: 0,
      failing_since: null,
      last_added: outcome.added,
      last_updated: outcome.updated,
      last_deleted: outcome.deleted,
      ...(outcome.issuesUnchanged ? {} : issueColumns(outcome)),
      // A success ends whatever error came before: the dashboard and API read lastError as
      // what is wrong now, and a cleared failure is no longer that.
      last_error_kind: null,
      last_error_message: null,
      last_error_at: null,
      next_run_at: outcome.nextRunAt ? iso(outcome.nextRunAt) : null,
      ...(outcome.added + outcome.updated + outcome.deleted > 0
        ? { last_change_at: iso(now) }
        : {}),
      events_count: storedEventsCount(calendarId),
      ...(outcome.cursor !== undefined ? { cursor: outcome.cursor } : {}),
    }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function issueColumns(outcome: SyncSuccess) {
  return {
    last_issues: toJson(outcome.issues ?? []),
    last_issue_count: Math.max(outcome.issueCount ?? 0, outcome.issues?.length ?? 0),
    last_events_left_out: outcome.eventsLeftOut ?? 0,
    last_events_kept: outcome.eventsKept ?? 0,
  };
}

/** A run stopped from outside before its end; see markSyncStopped. */
export interface SyncStop extends RunEnd {
  /** When the next run is to resume it (the stopped job is retried at once). */
  resumeAt: Date;
}

/**
 * Records a run stopped from outside before its end (a graceful shutdown, a lost job lease):
 * nothing is wrong with the calendar, so no failure, but what it committed is there (a first
 * sync's pages) and the rest follows. The state is `pending`, the count is the events stored,
 * and the next run, at `resumeAt`, resumes from the last committed page. Before, the claim was
 * only let go and the status said idle, no events and no next run, while the calendar held the
 * run's pages. Guarded as any end is; the counts of the last finished run stay.
 */
export async function markSyncStopped(
  db: Executor,
  scope: Scope,
  calendarId: string,
  stop: SyncStop,
): Promise<boolean> {
  const result = await endingRun(update(db, scope, calendarId), stop)
    .set((eb) => ({
      ...releasedClaim(stop),
      ...endedRun(eb),
      state: 'pending',
      next_run_at: iso(stop.resumeAt),
      events_count: storedEventsCount(calendarId),
    }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markSyncFailed(
  db: Executor,
  scope: Scope,
  calendarId: string,
  failure: SyncFailure,
  now = new Date(),
): Promise<boolean> {
  const result = await endingRun(update(db, scope, calendarId), failure)
    .set((eb) => ({
      ...releasedClaim(failure),
      ...endedRun(eb),
      state: 'error',
      last_error_kind: failure.kind,
      last_error_message: failure.message,
      last_error_at: iso(now),
      consecutive_failures: eb('consecutive_failures', '+', 1),
      // The first failure after a success (or ever) starts the run of failures.
      failing_since: eb
        .case()
        .when('consecutive_failures', '=', 0)
        .then(iso(now))
        .else(eb.ref('failing_since'))
        .end(),
      next_run_at: failure.nextRunAt ? iso(failure.nextRunAt) : null,
    }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The number of events a calendar holds, as `events_count` records it: every stored row of the
 * calendar, cancelled ones included. `calendarId` is a value, or a column of the row being
 * updated (`sql.ref('calendar_sync_status.calendar_id')`) to recount many calendars at once.
 */
export function storedEventsCount(calendarId: string | Expression<string>): RawBuilder<number> {
  return sql<number>`(select count(*) from calendar_events where calendar_events.calendar_id = ${calendarId})`;
}

/**
 * Sets the calendar's event count to the events it holds, after they were removed outside a run
 * (the calendar turned off): a run records the count only at its end. Undefined: not the scope's.
 */
export async function recountSyncEvents(
  db: Executor,
  scope: Scope,
  calendarId: string,
): Promise<number | undefined> {
  const row = await update(db, scope, calendarId)
    .set({
      events_count: storedEventsCount(calendarId),
    })
    .returning('events_count')
    .executeTakeFirst();
  return row?.events_count;
}

/**
 * Commits the cursor that follows a page, or resets it (the calendar turned on again); a
 * Transaction, so it lands with that page or not at all. Bumps the version: a run that read the
 * cursor before may not claim the calendar or record its end over it (see claimSyncRun).
 */
export async function setSyncCursor(
  trx: Transaction<Tables>,
  scope: Scope,
  calendarId: string,
  cursor: string | null,
): Promise<boolean> {
  const result = await update(trx, scope, calendarId)
    .set((eb) => ({ cursor, version: eb('version', '+', 1) }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The stored event counts, or null beside issues when they were not counted: migration 0031
 * gave every older row 0 and 0, and a run that reads nothing new (a 304) keeps them, so a
 * 0 and 0 beside issues may stand for good. A run that counted them and found issues but no
 * event affected (a charset, an empty answer, a provider that does not count) is said as not
 * counted too: less than it knows, never something false.
 */
function eventCounts(
  row: { last_events_left_out: number; last_events_kept: number },
  issueCount: number,
): { lastEventsLeftOut: number | null; lastEventsKept: number | null } {
  const counted = row.last_events_left_out > 0 || row.last_events_kept > 0;
  if (issueCount > 0 && !counted) return { lastEventsLeftOut: null, lastEventsKept: null };
  return { lastEventsLeftOut: row.last_events_left_out, lastEventsKept: row.last_events_kept };
}
