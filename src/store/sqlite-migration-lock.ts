/**
 * One migration run at a time across processes on an SQLite store.
 *
 * Kysely's SQLite adapter takes no migration lock (it assumes one connection in one process;
 * its PostgreSQL adapter takes an advisory lock), so `calintel migrate` started beside `serve`,
 * or two commands started together on a fresh data folder, both ran the same migrations: "table
 * already exists", a migration half applied by each. SQLite runs migrations outside a
 * transaction (0030 must commit and checkpoint between its steps), so the store's own write
 * lock cannot be held for the run: the lock is an exclusive transaction on a small file of its
 * own beside the store's (`calintel.sqlite-migration-lock`), on a connection of its own that
 * writes nothing. The operating system drops it when its process ends, however that ends, so
 * a crash leaves no stale lock behind. Whoever comes second waits, then reads which migrations
 * are pending (Kysely does that inside the run) and finds none.
 */
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';

/** Long enough for another process's migrations over a large store; then a clear error. */
const DEFAULT_WAIT_MS = 5 * 60_000;
/** Polled, not SQLite's busy handler: that would block this process's event loop (signals). */
const POLL_MS = 50;

export interface MigrationLockOptions {
  /** How long to wait for another process's run before giving up (default 5 minutes). */
  waitMs?: number;
}

export function migrationLockFileOf(storeFile: string): string {
  return `${storeFile}-migration-lock`;
}

/** Runs `run` while holding the store's migration lock, waiting for another holder first. */
export async function withSqliteMigrationLock<T>(
  storeFile: string,
  run: () => Promise<T>,
  options: MigrationLockOptions = {},
): Promise<T> {
  const lock = new SqliteDatabase(migrationLockFileOf(storeFile), { timeout: 0 });
  try {
    await acquire(lock, storeFile, options.waitMs ?? DEFAULT_WAIT_MS);
    try {
      return await run();
    } finally {
      lock.exec('rollback');
    }
  } finally {
    lock.close();
  }
}

async function acquire(
  lock: SqliteDatabase.Database,
  storeFile: string,
  waitMs: number,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      lock.exec('begin exclusive');
      return;
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) throw timedOut(storeFile, waitMs);
      await sleep(POLL_MS);
    }
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof SqliteDatabase.SqliteError && error.code.startsWith('SQLITE_BUSY');
}

function timedOut(storeFile: string, waitMs: number): Error {
  return new Error(
    `another process has been migrating the database in ${dirname(storeFile)} for over ` +
      `${waitMs / 1000} s (it holds ${migrationLockFileOf(storeFile)}): ` +
      `let it finish, or stop it, then start this again`,
  );
}
