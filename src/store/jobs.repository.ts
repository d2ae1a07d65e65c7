/**
 * The durable job queue of the embedded shape: jobs wait in a table, workers claim them with a
 * lease (locked_until), and a lease that runs out without completion is claimed again, because
 * the worker holding it has died. A live worker renews its lease while the job runs
 * (renewJobLease), so a job longer than the lease (a first sync of a huge calendar) is never
 * claimed a second time beside itself; a holder whose renewal is refused has lost the job and
 * must stop. Jobs are system work, not tenant data; org_id only labels them.
 */
import { sql } from 'kysely';
import type { ExpressionBuilder } from 'kysely';
import { dialectOf } from './database.js';
import type { Executor } from './database.js';
import type { JobRow, JobStatus, Tables } from './schema.js';
import { fromJson, inTransaction, iso, newId, toJson } from './sql-support.js';

export type { JobStatus };

export interface Job {
  id: string;
  orgId: string | null;
  name: string;
  payload: unknown;
  status: JobStatus;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  dedupeKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /**
   * While a job with this key is queued, enqueueing another returns that one. While one runs,
   * one more may wait: it starts when the running one has finished, never beside it.
   */
  dedupeKey?: string | null;
  orgId?: string | null;
}

/** What enqueueJob returns: the job, and whether it is new or the pending one with its key. */
export interface EnqueuedJob extends Job {
  created: boolean;
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    payload: fromJson<unknown>(row.payload, null),
    status: row.status,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    dedupeKey: row.dedupe_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Must repeat the partial index's predicate (migration 0007) literally: both engines pick the
// arbiter index by proving this predicate implies the index's, which bound parameters defeat.
const QUEUED = sql<boolean>`status = 'queued'`;

export async function enqueueJob(
  db: Executor,
  name: string,
  payload: unknown,
  options: EnqueueOptions = {},
  now = new Date(),
): Promise<EnqueuedJob> {
  const row: JobRow = {
    id: newId(),
    org_id: options.orgId ?? null,
    name,
    payload: toJson(payload),
    status: 'queued',
    run_at: iso(options.runAt ?? now),
    attempts: 0,
    max_attempts: options.maxAttempts ?? 5,
    last_error: null,
    locked_by: null,
    locked_until: null,
    dedupe_key: options.dedupeKey ?? null,
    created_at: iso(now),
    updated_at: iso(now),
  };
  const inserted = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').where(QUEUED).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { ...toJob(inserted), created: true };
  const pending = await db
    .selectFrom('jobs')
    .selectAll()
    .where('dedupe_key', '=', row.dedupe_key)
    .where(QUEUED)
    .executeTakeFirst();
  if (pending) return { ...toJob(await runNoLaterThan(db, pending, row)), created: false };
  // The queued job the insert yielded to was claimed before the select: it started after this
  // enqueue was asked for, so it does this one's work, which makes this enqueue deduplicated
  // (retrying the insert instead could lose the same race again under a burst). Its row, or the
  // row of a later job with the key, is the one to answer with.
  const claimed = await db
    .selectFrom('jobs')
    .selectAll()
    .where('dedupe_key', '=', row.dedupe_key)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return { ...toJob(claimed), created: false };
}

/**
 * A waiting job that an enqueue joins runs no later than that enqueue asked: a sync retried later
 * because its calendar was busy must not hold back a sync the user asks for now (turning the
 * calendar on again, a push), which would otherwise wait out the retry's back-off. A later time
 * asked changes nothing, so delayed jobs that coalesce (adaptation, a zone change) keep the
 * first one's time.
 */
async function runNoLaterThan(db: Executor, pending: JobRow, asked: JobRow): Promise<JobRow> {
  const runAt = asked.run_at;
  if (pending.run_at <= runAt) return pending;
  const moved = await db
    .updateTable('jobs')
    .set({ run_at: runAt, updated_at: asked.updated_at })
    .where('id', '=', pending.id)
    .where(QUEUED)
    .where('run_at', '>', runAt)
    .returningAll()
    .executeTakeFirst();
  return moved ?? pending;
}

/**
 * Claims the next due job for `workerId` for `lockMs`, or returns undefined. Exactly one of
 * several concurrent claimers gets a given job: the claim is one UPDATE whose WHERE re-checks the
 * status; SQLite runs it under its single write lock, and on PostgreSQL the candidate is picked
 * with FOR UPDATE SKIP LOCKED so that concurrent claimers take different jobs without waiting.
 */
export async function claimNextJob(
  db: Executor,
  workerId: string,
  now: Date,
  lockMs: number,
  options: { names?: string[] } = {},
): Promise<Job | undefined> {
  const nowText = iso(now);
  return inTransaction(db, async (trx) => {
    await failExhaustedLeases(trx, nowText);
    let candidate = trx
      .selectFrom('jobs')
      .select('id')
      .where((eb) => claimable(eb, nowText))
      .orderBy('run_at')
      .orderBy('id')
      .limit(1);
    if (options.names) candidate = candidate.where('name', 'in', options.names);
    if (dialectOf(trx) === 'postgres') candidate = candidate.forUpdate().skipLocked();
    const row = await trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        locked_by: workerId,
        locked_until: iso(new Date(now.getTime() + lockMs)),
        updated_at: nowText,
      }))
      .where('id', '=', candidate)
      .where((eb) => claimable(eb, nowText))
      .returningAll()
      .executeTakeFirst();
    return row && toJob(row);
  });
}

/**
 * Queued and due, or running on a lease that has run out; and no other job with its dedupe key
 * is running on a live lease (two syncs of one calendar never run at once).
 */
function claimable(eb: ExpressionBuilder<Tables, 'jobs'>, nowText: string) {
  return eb.and([
    eb.or([
      eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowText)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowText)]),
    ]),
    eb.not(
      eb.exists(
        eb
          .selectFrom('jobs as live')
          .select('live.id')
          .whereRef('live.dedupe_key', '=', 'jobs.dedupe_key')
          .whereRef('live.id', '<>', 'jobs.id')
          .where('live.status', '=', 'running')
          .where('live.locked_until', '>=', nowText),
      ),
    ),
  ]);
}

/** A job whose lease ran out on its last attempt has crashed its worker too often: stop it. */
async function failExhaustedLeases(db: Executor, nowText: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'failed', last_error: 'lease expired on the last attempt', updated_at: nowText })
    .where('status', '=', 'running')
    .where('locked_until', '<', nowText)
    .whereRef('attempts', '>=', 'max_attempts')
    .execute();
}

/** Marks a job done; false if `workerId` no longer holds it (its lease was taken over). */
export async function completeJob(
  db: Executor,
  id: string,
  workerId: string,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', locked_by: null, locked_until: null, updated_at: iso(now) })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Extends the lease of a running job to `now + lockMs`; false if `workerId` no longer holds it
 * (it completed or failed, or its lease ran out and another worker claimed it). A lease that ran
 * out but that nobody has claimed yet is still the holder's, and is renewed.
 */
export async function renewJobLease(
  db: Executor,
  id: string,
  workerId: string,
  now: Date,
  lockMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: iso(new Date(now.getTime() + lockMs)), updated_at: iso(now) })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a failed attempt: requeued for `retryAt` while attempts remain, otherwise failed for
 * good. Returns the job's new state, or undefined if `workerId` no longer holds it. A job whose
 * key already has a queued successor is not requeued: that successor does the same work.
 */
export async function failJob(
  db: Executor,
  id: string,
  workerId: string,
  error: string,
  retryAt: Date | null,
  now = new Date(),
): Promise<Job | undefined> {
  return inTransaction(db, async (trx) => {
    const successor = retryAt ? await queuedSuccessor(trx, id) : undefined;
    const message = successor
      ? `${error} (not retried: job ${successor} with the same key is queued)`
      : error;
    return recordFailure(trx, id, workerId, message, successor ? null : retryAt, now);
  });
}

/**
 * Gives back a job its worker stopped before its end (a shutdown): queued again and due at
 * `now`, with the attempt it was on not counted, since nothing was wrong with the job. A job whose
 * key already has a queued successor is not queued again (that successor does the same work) and
 * ends as failed, saying so. Returns false if `workerId` no longer holds the job.
 */
export async function releaseJob(
  db: Executor,
  id: string,
  workerId: string,
  now: Date,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const successor = await queuedSuccessor(trx, id);
    if (successor) {
      const message = `stopped by a shutdown; not run again: job ${successor} with the same key is queued`;
      return (await recordFailure(trx, id, workerId, message, null, now)) !== undefined;
    }
    const result = await trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'queued',
        attempts: sql<number>`case when ${eb.ref('attempts')} > 0 then ${eb.ref('attempts')} - 1 else 0 end`,
        run_at: iso(now),
        locked_by: null,
        locked_until: null,
        updated_at: iso(now),
      }))
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', workerId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  });
}

async function queuedSuccessor(db: Executor, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('jobs as queued')
    .innerJoin('jobs as failing', 'failing.dedupe_key', 'queued.dedupe_key')
    .select('queued.id')
    .where('failing.id', '=', id)
    .where('queued.status', '=', 'queued')
    .where('queued.id', '<>', id)
    .executeTakeFirst();
  return row?.id;
}

async function recordFailure(
  db: Executor,
  id: string,
  workerId: string,
  error: string,
  retryAt: Date | null,
  now: Date,
): Promise<Job | undefined> {
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: retryAt
        ? sql<JobStatus>`case when attempts < max_attempts then 'queued' else 'failed' end`
        : 'failed',
      run_at: retryAt ? iso(retryAt) : eb.ref('run_at'),
      last_error: error,
      locked_by: null,
      locked_until: null,
      updated_at: iso(now),
    }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .returningAll()
    .executeTakeFirst();
  return row && toJob(row);
}

export async function listJobs(
  db: Executor,
  filter: { status?: JobStatus; name?: string; limit?: number } = {},
): Promise<Job[]> {
  let query = db.selectFrom('jobs').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.name) query = query.where('name', '=', filter.name);
  const rows = await query
    .orderBy('run_at')
    .orderBy('id')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map(toJob);
}

/** When a job named `name` was last queued; null when none is kept. */
export async function lastQueuedAt(db: Executor, name: string): Promise<Date | null> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.max('created_at').as('last'))
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.last ? new Date(row.last) : null;
}

/**
 * Deletes jobs that finished (done, or failed for good) before `before`; returns how many. The
 * table keeps every job it ran otherwise: a sync every few minutes per calendar is a million
 * rows a year of a small team's.
 */
export async function purgeFinishedJobs(db: Executor, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'failed'])
    .where('updated_at', '<', iso(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
