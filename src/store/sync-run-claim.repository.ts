/**
 * Which run holds a calendar's sync: one run at a time claims the calendar (run_id, renewed in
 * run_seen_at by each page it commits), a holder silent for SYNC_RUN_STALE_AFTER_MS may be taken
 * over, and a run ends by releasing its claim or has it revoked when the calendar is turned off.
 * A run takes its claim only before its first write, and a run with nothing to write never takes
 * it, so what the run read at its start may be out of date by then: the row's `version`, bumped by
 * every claim, page, end and reset (the calendar emptied, its cursor set), tells. The run reads it
 * with its cursor; its claim, or its end if it never claimed, is recorded only while it is
 * unchanged, else the run is busy and tried again shortly, reading afresh.
 * Kept apart from the rest of the sync status (sync-status.repository.ts, which re-exports these
 * and records a run's end only while it holds its claim) so that the claim's rules read together.
 */
import type { ExpressionBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import { dialectOf, type Executor, type Transaction } from './database.js';
import type { SyncState, Tables } from './schema.js';
import type { Scope } from './scope.js';
import { iso } from './sql-support.js';

/** The calendar's sync status row, for an update (as in sync-status.repository.ts). */
function update(db: Executor, scope: Scope, calendarId: string) {
  return db
    .updateTable('calendar_sync_status')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('calendar_id', '=', calendarId);
}

/**
 * How long a run's claim on a calendar holds without a sign of life (its start, then each page it
 * commits) before another run may take it over: the holder is taken for dead. Longer than any
 * pause between two commits of a live run, and than the job lease (10 minutes) after which the
 * queue hands a job to another worker. Taking over is safe whenever it happens: the run that
 * lost its claim commits nothing more (continueSyncRun).
 */
export const SYNC_RUN_STALE_AFTER_MS = 15 * 60_000;

export interface SyncRunClaim {
  runId: string;
  /** When the run started (shown as the last sync). */
  startedAt: Date;
  /** Now, on the clock that also renews and judges claims (the store's side, not the engine's). */
  now: Date;
  staleAfterMs?: number;
  /**
   * The row's version when the run read its cursor: the claim is refused if anything was written
   * since (a run's page or end, the calendar emptied or its cursor reset), since the run would
   * then write what it fetched from an out-of-date cursor. Omitted: not checked.
   */
  version?: number;
}

/**
 * Claims the calendar's sync for one run, in one conditional UPDATE (atomic on SQLite and
 * PostgreSQL alike: of two runs racing, the second finds the row changed and claims nothing).
 * Succeeds when no run holds it, or the holder has shown no sign of life for `staleAfterMs`.
 * Refused too when the row's version is no longer `claim.version`. Marks the calendar syncing,
 * bumps the version and starts the run's generation (see nextSyncGeneration) in the same
 * statement, so that a run's start is one write. Returns that generation; undefined: another run
 * has it, or wrote since this one read (or the calendar is not the scope's).
 */
export async function claimSyncRun(
  db: Executor,
  scope: Scope,
  calendarId: string,
  claim: SyncRunClaim,
): Promise<number | undefined> {
  const row = await unchangedSince(
    update(db, scope, calendarId).where((eb) => unheldClaim(eb, claim)),
    claim.version,
  )
    .set((eb) => ({
      state: 'syncing',
      last_sync_at: iso(claim.startedAt),
      run_id: claim.runId,
      run_seen_at: iso(claim.now),
      generation: eb('generation', '+', 1),
      version: eb('version', '+', 1),
    }))
    .returning('generation')
    .executeTakeFirst();
  return row?.generation;
}

/**
 * Shows the calendar as syncing for a run that has not claimed it yet: a run claims only before
 * its first write, which a slow provider may keep it from for a long while (sync-engine.ts marks
 * a first sync at its start, and any other run that has written nothing by RUNNING_MARK_AFTER_MS).
 * Not a claim, and the version is not bumped, so that the run's own claim or unclaimed end still
 * finds the version it read; applied only as UnclaimedRun says an end is (no live run holds the
 * claim, nothing written since the run read the cursor), so that it never lands over another
 * run's start or end. Whatever ends the run sets the state again. False: not applied.
 */
export async function markSyncRunning(
  db: Executor,
  scope: Scope,
  calendarId: string,
  mark: UnclaimedRun,
): Promise<boolean> {
  const result = await unchangedSince(
    update(db, scope, calendarId).where((eb) => unheldClaim(eb, mark)),
    mark.version,
  )
    .set({ state: 'syncing', last_sync_at: iso(mark.startedAt) })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** No run holds the claim, or its holder has shown no sign of life for the stale bound. */
function unheldClaim(
  eb: ExpressionBuilder<Tables, 'calendar_sync_status'>,
  at: { now: Date; staleAfterMs?: number },
) {
  const staleBefore = iso(
    new Date(at.now.getTime() - (at.staleAfterMs ?? SYNC_RUN_STALE_AFTER_MS)),
  );
  return eb.or([
    eb('run_id', 'is', null),
    eb('run_seen_at', 'is', null),
    eb('run_seen_at', '<', staleBefore),
  ]);
}

/** Only while the row's version is still `version` (when given). */
function unchangedSince(query: StatusUpdate, version: number | undefined): StatusUpdate {
  return version === undefined ? query : query.where('version', '=', version);
}

/** Why a run may not commit its page: its claim went to another run, or the calendar was turned off. */
export type SyncRunCheck = 'ok' | 'taken_over' | 'deselected';

/**
 * In a page's transaction, before its writes: whether run `runId` may still commit to the
 * calendar. The calendar must still exist, be selected, and sit on a connection that is not
 * disconnected; the run must still hold its claim, which this renews (a sign of life). On
 * PostgreSQL the calendar row is share-locked until the page commits, so that turning the
 * calendar off either waits for the page (and then removes it with the rest) or is seen here;
 * on SQLite write transactions run one at a time anyway.
 */
export async function continueSyncRun(
  trx: Transaction<Tables>,
  scope: Scope,
  calendarId: string,
  runId: string,
  now: Date,
): Promise<SyncRunCheck> {
  let query = trx
    .selectFrom('calendars as c')
    .innerJoin('calendar_connections as k', 'k.id', 'c.connection_id')
    .select(['c.selected', 'k.status'])
    .where('c.org_id', '=', scope.orgId)
    .where('c.user_id', '=', scope.userId)
    .where('c.id', '=', calendarId);
  if (dialectOf(trx) === 'postgres') query = query.forShare('c');
  const calendar = await query.executeTakeFirst();
  if (!calendar || calendar.selected !== 1 || calendar.status === 'disconnected')
    return 'deselected';
  // The page's writes follow in this transaction: a run that read before it must not claim.
  const held = await update(trx, scope, calendarId)
    .where('run_id', '=', runId)
    .set((eb) => ({ run_seen_at: iso(now), version: eb('version', '+', 1) }))
    .executeTakeFirst();
  return held.numUpdatedRows > 0n ? 'ok' : 'taken_over';
}

/**
 * Ends run `runId` without a result (the calendar was turned off under it): releases its claim
 * and leaves the calendar idle, counting no failure. Nothing when another run holds the claim.
 */
export async function abandonSyncRun(
  db: Executor,
  scope: Scope,
  calendarId: string,
  runId: string,
): Promise<boolean> {
  const result = await update(db, scope, calendarId)
    .where('run_id', '=', runId)
    .set((eb) => ({ ...releasedClaim({ runId }), state: 'idle', version: eb('version', '+', 1) }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Takes the claim away from whatever run holds it (the calendar is being turned off, its events
 * forgotten): that run commits nothing more, even if the calendar is turned on again before its
 * next page. A later run claims the calendar afresh. Bumps the version whether a run held the
 * claim or not: a run that read the cursor before and has not claimed yet must not claim now
 * (its fetch from that cursor would land on the emptied calendar). False: no such calendar.
 */
export async function revokeSyncRun(db: Executor, scope: Scope, calendarId: string) {
  const idle: SyncState = 'idle';
  const running: SyncState[] = ['syncing', 'pending'];
  const result = await update(db, scope, calendarId)
    .set((eb) => ({
      run_id: null,
      run_seen_at: null,
      // A run not yet claimed may have marked it syncing (markSyncRunning), and one stopped
      // part-way left it pending: neither goes on once the calendar is emptied.
      state: eb
        .case()
        .when(eb.or([eb('run_id', 'is not', null), eb('state', 'in', running)]))
        .then(idle)
        .else(eb.ref('state'))
        .end(),
      version: eb('version', '+', 1),
    }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * A run that ends without having claimed the calendar: it had nothing to write (the provider
 * answered "no changes": a feed's 304, an empty delta), so it never took the claim, and its end
 * is its one write. That end is recorded only when no live run holds the claim and the row's
 * version is still the one the run read with its cursor: otherwise another run started, wrote or
 * ended meanwhile (a failure too, which would otherwise be cleared), or the calendar was emptied,
 * and what that finds is what counts.
 */
export interface UnclaimedRun {
  /** The row's version when the run read its cursor. */
  version: number;
  /** When the run started (shown as the last sync, which the claim would have recorded). */
  startedAt: Date;
  /** Now, on the claims' clock (as SyncRunClaim.now). */
  now: Date;
  staleAfterMs?: number;
}

/** How a run's end names itself: by the claim it holds, or as a run that never claimed one. */
export interface RunEnd {
  runId?: string;
  unclaimed?: UnclaimedRun;
}

/**
 * A run's end is recorded only while the run still holds its claim (when it names itself), or,
 * unclaimed, as UnclaimedRun says. Whatever records it bumps the version (see endedRun).
 */
export function endingRun(query: StatusUpdate, end: RunEnd): StatusUpdate {
  if (end.runId !== undefined) return query.where('run_id', '=', end.runId);
  const unclaimed = end.unclaimed;
  if (unclaimed === undefined) return query;
  return unchangedSince(
    query.where((eb) => unheldClaim(eb, unclaimed)),
    unclaimed.version,
  );
}

/** Set by every recorded end: a run that read before it may neither claim nor end over it. */
export function endedRun(eb: ExpressionBuilder<Tables, 'calendar_sync_status'>) {
  return { version: eb('version', '+', 1) };
}

/** What ending a run sets beside its result: the claim let go (a stale one taken with it). */
export function releasedClaim(end: RunEnd) {
  if (end.unclaimed !== undefined)
    return { run_id: null, run_seen_at: null, last_sync_at: iso(end.unclaimed.startedAt) };
  return end.runId === undefined ? {} : { run_id: null, run_seen_at: null };
}

type StatusUpdate = UpdateQueryBuilder<
  Tables,
  'calendar_sync_status',
  'calendar_sync_status',
  UpdateResult
>;
