/**
 * The embedded job queue's table in a SQLite file of its own, with 4 KiB pages, attached to the
 * store's connection as `jobs_file` (the store's file is `calintel.sqlite`, this one
 * `calintel.sqlite-jobs`, beside its `-wal` and `-shm`).
 *
 * Why: the store's file has 64 KiB pages, for bulk syncs and imports (database.ts), and every
 * write rewrites whole pages into the log. A job is enqueued, claimed and finished in three small
 * commits that each change the table and two or three of its indexes: an idle demo wrote ~10 MB
 * of log a minute, more than half of it the jobs table's 64 KiB pages (BENCHMARKS.md, "Idle
 * writes of the embedded service"). Here each of those pages is 4 KiB.
 *
 * Queries name the table plainly (`jobs`): SQLite looks in main first, then in attached files,
 * so once migration 0030 has moved the rows here and dropped main's table, every query finds
 * this one. The table is created here, on every open, so that a jobs file that went missing
 * comes back empty rather than failing every claim; until migration 0030 has run, main's table
 * (which every migration before it created and changed) is the one in use.
 *
 * Its log is left to SQLite's automatic checkpoint on the store's connection: the checkpoint
 * worker (sqlite-checkpointer.ts) watches the store's file only, and `wal_autocheckpoint` counts
 * each file's own pages (4,096: 16 MiB of this log), whose checkpoint copies the few pages a queue
 * keeps rewriting, in a moment.
 *
 * Transactions: BEGIN IMMEDIATE takes the write lock of every attached file, so a claim is as
 * exclusive as before. A commit that writes both files is atomic in each, not across them (WAL
 * mode), which matters only for a job enqueued inside a data transaction: none is today (every
 * enqueue goes through the queue, on the store's own connection, after the data's commit).
 */
import type SqliteDatabase from 'better-sqlite3';

export const JOBS_SCHEMA = 'jobs_file';
const JOBS_PAGE_SIZE = 4096;
/** The log file is cut back to this when it starts again (the jobs' log is small). */
const JOBS_LOG_LIMIT_BYTES = 4 * 1024 * 1024;

/** The file beside the store's that holds the jobs table; in memory for an in-memory store. */
export function jobsFileOf(path: string): string {
  return path === ':memory:' ? ':memory:' : `${path}-jobs`;
}

/** Attaches the jobs file to the store's connection (creating it and its table if needed). */
export function attachJobsFile(sqlite: SqliteDatabase.Database, path: string): void {
  sqlite.prepare(`attach database ? as ${JOBS_SCHEMA}`).run(jobsFileOf(path));
  // Only a new, empty file takes it; an existing one keeps the page size it was made with.
  sqlite.pragma(`${JOBS_SCHEMA}.page_size = ${JOBS_PAGE_SIZE}`);
  if (path !== ':memory:') {
    // Each attached file has its own journal mode and syncing, which main's pragmas do not set.
    sqlite.pragma(`${JOBS_SCHEMA}.journal_mode = WAL`);
    sqlite.pragma(`${JOBS_SCHEMA}.synchronous = NORMAL`);
    sqlite.pragma(`${JOBS_SCHEMA}.journal_size_limit = ${JOBS_LOG_LIMIT_BYTES}`);
  }
  sqlite.exec(JOBS_TABLE_SQL);
}

/**
 * The jobs table as migrations 0004 and 0007 left it. The dedupe index must keep its predicate
 * literally (`status = 'queued'`): enqueueJob's ON CONFLICT names it to pick this index.
 */
export const JOBS_TABLE_SQL = `
create table if not exists ${JOBS_SCHEMA}.jobs (
  id text primary key,
  org_id text,
  name text not null,
  payload text not null default '{}',
  status text not null default 'queued',
  run_at text not null,
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  last_error text,
  locked_by text,
  locked_until text,
  dedupe_key text,
  created_at text not null,
  updated_at text not null
);
create index if not exists ${JOBS_SCHEMA}.jobs_status_run_at_index on jobs (status, run_at);
create unique index if not exists ${JOBS_SCHEMA}.jobs_dedupe_queued_unique
  on jobs (dedupe_key) where status = 'queued';
`;

/** The jobs table's columns, in the order both tables have them (for copying rows). */
export const JOBS_COLUMNS =
  'id, org_id, name, payload, status, run_at, attempts, max_attempts, last_error, locked_by, ' +
  'locked_until, dedupe_key, created_at, updated_at';
