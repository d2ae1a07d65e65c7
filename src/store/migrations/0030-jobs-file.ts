/**
 * SQLite: the jobs move to the file of their own that the store attaches (sqlite-jobs-file.ts,
 * 4 KiB pages instead of the store's 64 KiB), and main's table goes, so that plain `jobs` finds
 * theirs. PostgreSQL: nothing (BullMQ or the one jobs table there; its pages are 8 KiB).
 *
 * Two commits, one per file, in this order: rows copied (the jobs file), then main's table
 * dropped. SQLite runs migrations outside a transaction, and one spanning both files would not
 * be atomic across them anyway; if the process stops in between, the migration runs again and
 * copies nothing twice (INSERT OR IGNORE by id). No job is lost or duplicated either way.
 *
 * Between the two, the jobs file's log is checkpointed: both files run WAL with synchronous
 * NORMAL, where a commit is not synced, so without it a power cut could keep the drop (main's
 * log) and lose the copy (the jobs file's log): every queued job gone. A FULL checkpoint syncs
 * the log and writes it into the file; TRUNCATE also empties the log.
 *
 * Two processes may migrate at once (`serve` and a CLI command started together): whichever
 * comes second finds main's table gone at its copy or its drop, the first having moved the rows
 * (it drops only after its copy is on disk), so both steps take a missing table as done.
 */
import { PostgresIntrospector, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { JOBS_COLUMNS, JOBS_SCHEMA } from '../sqlite-jobs-file.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.introspection instanceof PostgresIntrospector) return;
  await assertJobsFileAttached(db);
  if (!(await mainHasJobs(db))) return;
  await copyJobsIntoJobsFile(db);
  await checkpointJobsFile(db);
  await sql.raw('drop table if exists main.jobs').execute(db);
}

async function copyJobsIntoJobsFile(db: Kysely<unknown>): Promise<void> {
  try {
    await sql
      .raw(
        `insert or ignore into ${JOBS_SCHEMA}.jobs (${JOBS_COLUMNS}) ` +
          `select ${JOBS_COLUMNS} from main.jobs`,
      )
      .execute(db);
  } catch (error) {
    // Gone since we looked: another process copied the rows, checkpointed them, and dropped it.
    if (await mainHasJobs(db)) throw error;
  }
}

/** Makes the copied rows durable in the jobs file before main's table may go (see above). */
async function checkpointJobsFile(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ busy: number }>`
    pragma ${sql.raw(JOBS_SCHEMA)}.wal_checkpoint(TRUNCATE)
  `.execute(db);
  if (rows[0]?.busy)
    throw new Error(
      `the jobs copied into the jobs file could not be checkpointed (another connection kept ` +
        `it busy); main's jobs table is kept: run the migration again`,
    );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.introspection instanceof PostgresIntrospector) return;
  await assertJobsFileAttached(db);
  // Main's table again (as 0004 and 0007 left it), which plain `jobs` then finds first.
  await sql
    .raw(
      `create table main.jobs (id text primary key, org_id text, name text not null, ` +
        `payload text not null default '{}', status text not null default 'queued', ` +
        `run_at text not null, attempts integer not null default 0, ` +
        `max_attempts integer not null default 5, last_error text, locked_by text, ` +
        `locked_until text, dedupe_key text, created_at text not null, updated_at text not null)`,
    )
    .execute(db);
  await sql.raw('create index main.jobs_status_run_at_index on jobs (status, run_at)').execute(db);
  await sql
    .raw(
      `create unique index main.jobs_dedupe_queued_unique on jobs (dedupe_key) ` +
        `where status = 'queued'`,
    )
    .execute(db);
  await sql
    .raw(`insert into main.jobs (${JOBS_COLUMNS}) select ${JOBS_COLUMNS} from ${JOBS_SCHEMA}.jobs`)
    .execute(db);
  await sql.raw(`delete from ${JOBS_SCHEMA}.jobs`).execute(db);
}

async function mainHasJobs(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`
    select 1 as found from main.sqlite_master where type = 'table' and name = 'jobs'
  `.execute(db);
  return rows.length > 0;
}

/** Every SQLite store is opened by openDatabase, which attaches the file; say so if one is not. */
async function assertJobsFileAttached(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ name: string }>`pragma database_list`.execute(db);
  if (!rows.some((row) => row.name === JOBS_SCHEMA))
    throw new Error(
      `the jobs file (${JOBS_SCHEMA}) is not attached: open the store with openDatabase`,
    );
}
