/**
 * Opens the one database the store runs on: SQLite (embedded shape) or PostgreSQL (scaled shape),
 * chosen from a URL, both behind the same Kysely<Tables>.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresIntrospector } from 'kysely';
import type { Transaction } from 'kysely';
import pg from 'pg';
import type { Tables } from './schema.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { attachJobsFile } from './sqlite-jobs-file.js';
import { ImmediateSqliteDialect } from './sqlite-immediate.js';
import { withStatementCache } from './statement-cache.js';
import { sqliteTarget, sqliteUrlProblem } from './database-url.js';
import { CurrentSchemaPostgresDialect } from './postgres-current-schema.js';
import { failingFastOnceUnanswered } from './postgres-unanswered.js';
import { foldForSearch } from './search-fold.js';

export type Database = Kysely<Tables>;
/** A database or an open transaction: what read/write repository functions accept. */
export type Executor = Kysely<Tables> | Transaction<Tables>;
export type { Transaction };
export type DialectName = 'sqlite' | 'postgres';

export interface OpenDatabaseOptions {
  /** `sqlite:PATH`, `file:PATH`, a plain file path, `:memory:`, or `postgres://` / `postgresql://`. */
  url: string;
  /** PostgreSQL only: the schema to work in (set as search_path); tests use one per suite. */
  schema?: string;
  /** PostgreSQL only: the pool size (pg's default is 10). */
  maxConnections?: number;
  /** SQLite only: the log size at which a worker checkpoints it (tests set a small one). */
  checkpointBytes?: number;
  /**
   * PostgreSQL only: told when an idle pooled connection fails (the server restarted, failed
   * over, or terminated it); the pool has already dropped it. Default: a line on stderr.
   */
  onPoolError?: (error: Error) => void;
  /** PostgreSQL only: how long close waits for the pool's connections to end; default 5 s. */
  closeTimeoutMs?: number;
  /** PostgreSQL only: told what close cut short when the server did not let it end in time. */
  onCloseCutShort?: (message: string) => void;
  /** PostgreSQL only: how long opening a connection may take; default 5 s. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL only: the longest a statement may run (the server's statement_timeout), 0 for no
   * bound; default 120 s. A query still unanswered QUERY_GRACE_MS past it fails on our side.
   */
  statementTimeoutMs?: number;
}

/**
 * A server that accepts connections and answers nothing (hung, paused, a black-holed path) would
 * leave a request waiting for ever on its connection or its first query. Opening a connection
 * is quick (a round trip and the authentication): 5 s is a dead server. A statement's bound must
 * let the longest legitimate ones finish: the nightly cleanup's deletes and the relationship
 * recompute's reads of a large organisation take seconds; migrations run with no bound
 * (withoutStatementBound), since building an index on a large table, or waiting for another
 * process's migrations, may take minutes.
 */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
export const POSTGRES_STATEMENT_TIMEOUT_MS = 120_000;
/**
 * The server's statement_timeout cancels a statement cleanly and keeps its connection; our own
 * bound (pg's query_timeout) comes this much later, for a server that answers nothing at all.
 */
export const QUERY_GRACE_MS = 10_000;

/**
 * Closing ends every pooled connection, and waits for the ones lent out to come back: a server
 * that keeps its connections open and answers nothing (hung, paused, a black-holed path) would
 * have a shutdown wait for ever on a query it never answers, or on the goodbye it never reads.
 */
export const POSTGRES_CLOSE_TIMEOUT_MS = 5_000;

export interface OpenedDatabase {
  db: Database;
  dialect: DialectName;
  close(): Promise<void>;
  /** SQLite files only: the thread that checkpoints the write-ahead log. */
  checkpointer?: Checkpointer;
  /**
   * PostgreSQL only: runs `work` on a connection of its own with no statement bound (migrations),
   * closed after it.
   */
  withoutStatementBound?: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const url = options.url.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options);
  if (options.schema) throw new Error('the schema option applies to PostgreSQL only');
  return openSqlite(sqlitePath(url), options);
}

/** Which engine a database or transaction runs on; the introspector is the public tell. */
export function dialectOf(db: Executor): DialectName {
  return db.introspection instanceof PostgresIntrospector ? 'postgres' : 'sqlite';
}

function sqlitePath(url: string): string {
  const path = sqliteTarget(url);
  if (!path)
    throw new Error(`DATABASE_URL: ${sqliteUrlProblem(url) ?? `no SQLite file in "${url}"`}`);
  return path;
}

const SQLITE_PAGE_SIZE = 65_536;
const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024;

function openSqlite(path: string, options: OpenDatabaseOptions): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // Must come before anything is written: a database keeps the page size it was created with
  // (WAL mode cannot change it later). An event row is 2-3 KB (the provider's raw JSON is half
  // of it), so two never fitted a 4 KB page: each row took a page of its own and a first sync
  // wrote 4 KB of table a row. At 16 KB, six or seven share a page: a 100,000-event calendar
  // took 267 MB instead of 398 MB and stored in a third less time. At 64 KB (SQLite's largest),
  // each commit writes a quarter as many log frames: the commits of a 100,000-event first sync
  // took 0.33 s instead of 0.72 s, while a one-event push commit took 1.3 ms instead of 0.9 ms
  // and reads of the event list were unchanged (BENCHMARKS.md).
  sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  // WAL lets readers work while a sync writes; NORMAL is safe under WAL (a power cut can lose
  // only the last commits, never corrupt the file) and avoids an fsync per transaction.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // SQLite leaves foreign keys off by default, which would silently skip ON DELETE CASCADE.
  sqlite.pragma('foreign_keys = ON');
  // Another process (the CLI next to `serve`) may hold the write lock for a moment.
  sqlite.pragma('busy_timeout = 5000');
  // The jobs' small, frequent commits write 4 KiB pages of a file of their own, not 64 KiB ones.
  attachJobsFile(sqlite, path);
  // A checkpoint copies the log into the database file and syncs it: every 1,000 pages (the
  // default) made a large first sync checkpoint every few of its page commits. 64 MiB of log
  // checkpoints a tenth as often: ~9% off an Outlook or Google first sync (BENCHMARKS.md), and
  // a worker thread runs them so that commits do not wait for the disk (sqlite-checkpointer.ts).
  // An in-memory database has no log to checkpoint.
  const checkpointer =
    path === ':memory:'
      ? null
      : startCheckpointer({
          path,
          sqlite,
          thresholdBytes: options.checkpointBytes ?? WAL_CHECKPOINT_BYTES,
        });
  // SQLite's lower() folds ASCII only, PostgreSQL's all of Unicode: replace it so that a search
  // for "émile" finds "ÉMILE" on both, with the same SQL.
  sqlite.function('lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  // PostgreSQL folds accents with translate() over the same table (events-read.repository.ts).
  sqlite.function('search_fold', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? foldForSearch(text) : text,
  );
  const db = new Kysely<Tables>({
    dialect: new ImmediateSqliteDialect({
      database: withStatementCache(sqlite),
      ...(checkpointer ? { afterCommit: () => checkpointer.afterCommit() } : {}),
    }),
  });
  const close = async () => {
    await checkpointer?.close();
    await db.destroy();
  };
  return { db, dialect: 'sqlite', close, ...(checkpointer ? { checkpointer } : {}) };
}

function openPostgres(url: string, options: OpenDatabaseOptions): OpenedDatabase {
  const pool = new pg.Pool({
    ...postgresConnection(url, options),
    max: options.maxConnections ?? 10,
    ...statementBounds(options.statementTimeoutMs ?? POSTGRES_STATEMENT_TIMEOUT_MS),
  });
  // pg's Pool re-emits an idle client's error: with no listener Node throws it and the process
  // exits on every PostgreSQL restart or failover. The pool has removed the dead client and
  // opens a fresh one on demand, so noting it is enough.
  const onPoolError = options.onPoolError ?? reportPoolError;
  pool.on('error', (error) => onPoolError(error));
  // The pool listens to a client only while it is idle: one that loses its server mid-query
  // would emit an error nobody hears, which ends the process. Its query fails with that error
  // anyway, and the pool drops it when it comes back.
  const clients = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    clients.add(client);
    client.on('error', ignoreCheckedOutError);
  });
  pool.on('remove', (client) => clients.delete(client));
  pool.on('release', (_error, client) => dropIfStillAsked(client));
  // A transaction's ROLLBACK after an unanswered statement fails at once, not a bound later.
  const db = new Kysely<Tables>({
    dialect: new CurrentSchemaPostgresDialect({ pool: failingFastOnceUnanswered(pool) }),
  });
  const close = async () => {
    const ending = db.destroy();
    const timeoutMs = options.closeTimeoutMs ?? POSTGRES_CLOSE_TIMEOUT_MS;
    if (await settlesWithin(ending, timeoutMs)) return ending;
    (options.onCloseCutShort ?? reportCutShort)(
      `PostgreSQL did not close its ${clients.size} connection(s) within ${timeoutMs / 1000} s (the server not answering): they were dropped`,
    );
    // What waited on them (a query, the pool's end) fails or ends with them.
    for (const client of clients) client.connection.stream.destroy();
    await settlesWithin(ending, 1_000);
  };
  const withoutStatementBound = <T>(work: (db: Database) => Promise<T>) =>
    onOwnConnection(url, options, work);
  return { db, dialect: 'postgres', close, withoutStatementBound };
}

/** Where and how every connection is opened: the URL, the schema, the connect bound. */
function postgresConnection(url: string, options: OpenDatabaseOptions): pg.PoolConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? POSTGRES_CONNECT_TIMEOUT_MS,
    // A startup parameter, so every pooled connection gets it before its first query.
    ...(options.schema ? { options: `-c search_path=${checkSchemaName(options.schema)}` } : {}),
  };
}

/**
 * The server's bound on a statement (a startup parameter, so that no connection runs a statement
 * before it holds) and ours a little later; 0: none. A pooler in front that refuses unknown
 * startup parameters (PgBouncer) must be told to ignore it, or the bound set to 0.
 */
function statementBounds(timeoutMs: number): pg.PoolConfig {
  if (timeoutMs === 0) return {};
  return { statement_timeout: timeoutMs, query_timeout: timeoutMs + QUERY_GRACE_MS };
}

/**
 * pg answers a query past query_timeout with "Query read timeout" but keeps it as the
 * connection's current one: every later query on that connection would queue behind an answer
 * that may never come. Given back to the pool so, the connection is closed instead (the pool
 * drops it and opens a fresh one when needed).
 */
function dropIfStillAsked(client: pg.PoolClient): void {
  // pg has no public word for it (activeQuery is deprecated); end() marks the client ending at
  // once, so the pool removes it rather than lend it again, and cuts a connection with a query.
  const unanswered = (client as unknown as { _getActiveQuery?: () => unknown })._getActiveQuery;
  if (unanswered?.call(client)) client.end().catch(ignoreCheckedOutError);
}

/** Runs `work` on a pool of one connection with no statement bound, ended after it. */
async function onOwnConnection<T>(
  url: string,
  options: OpenDatabaseOptions,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const pool = new pg.Pool({ ...postgresConnection(url, options), max: 1 });
  // As on the store's pool: a connection lost mid-query fails that query, never the process.
  pool.on('error', (error) => (options.onPoolError ?? reportPoolError)(error));
  pool.on('connect', (client) => client.on('error', ignoreCheckedOutError));
  const db = new Kysely<Tables>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  try {
    return await work(db);
  } finally {
    const ending = db.destroy();
    if (!(await settlesWithin(ending, options.closeTimeoutMs ?? POSTGRES_CLOSE_TIMEOUT_MS))) {
      (options.onCloseCutShort ?? reportCutShort)(
        'PostgreSQL did not close the migrations connection in time (the server not answering)',
      );
    }
  }
}

/** Whether `work` settles, either way, within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(yes, yes), late]);
  } finally {
    clearTimeout(timer);
  }
}

const yes = (): true => true;

function reportCutShort(message: string): void {
  process.stderr.write(`calintel store: ${message}\n`);
}

function ignoreCheckedOutError(): void {}

function reportPoolError(error: Error): void {
  // The store has no logger; one line, not a stack, since nothing is wrong in this process.
  process.stderr.write(
    `calintel store: an idle PostgreSQL connection was closed and dropped from the pool ` +
      `(${error.message}); the next query opens a new one\n`,
  );
}

function checkSchemaName(schema: string): string {
  // The name goes into a startup option, where it cannot be a bound parameter.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  }
  return schema;
}
