/**
 * Opens the one database the store runs on: SQLite (embedded shape) or PostgreSQL (scaled shape),
 * chosen from a URL, both behind the same Kysely<Tables>.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, PostgresIntrospector, SqliteDialect } from 'kysely';
import type { Transaction } from 'kysely';
import pg from 'pg';
import type { Tables } from './schema.js';
import { withStatementCache } from './statement-cache.js';

export type Database = Kysely<Tables>;
/** A database or an open transaction: what read/write repository functions accept. */
export type Executor = Kysely<Tables> | Transaction<Tables>;
export type { Transaction };
export type DialectName = 'sqlite' | 'postgres';

export interface OpenDatabaseOptions {
  /** `sqlite:PATH`, a plain file path, `:memory:`, or `postgres://` / `postgresql://`. */
  url: string;
  /** PostgreSQL only: the schema to work in (set as search_path); tests use one per suite. */
  schema?: string;
  /** PostgreSQL only: the pool size (pg's default is 10). */
  maxConnections?: number;
}

export interface OpenedDatabase {
  db: Database;
  dialect: DialectName;
  close(): Promise<void>;
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const url = options.url.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options);
  if (options.schema) throw new Error('the schema option applies to PostgreSQL only');
  return openSqlite(sqlitePath(url));
}

/** Which engine a database or transaction runs on; the introspector is the public tell. */
export function dialectOf(db: Executor): DialectName {
  return db.introspection instanceof PostgresIntrospector ? 'postgres' : 'sqlite';
}

function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  if (!path) throw new Error(`no SQLite file in database URL "${url}"`);
  return path;
}

function openSqlite(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets readers work while a sync writes; NORMAL is safe under WAL (a power cut can lose
  // only the last commits, never corrupt the file) and avoids an fsync per transaction.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // SQLite leaves foreign keys off by default, which would silently skip ON DELETE CASCADE.
  sqlite.pragma('foreign_keys = ON');
  // Another process (the CLI next to `serve`) may hold the write lock for a moment.
  sqlite.pragma('busy_timeout = 5000');
  // A checkpoint copies the log into the database file and syncs it: every 1,000 pages (the
  // default) made a large first sync checkpoint every few of its page commits. 16,384 pages
  // (64 MiB of log) checkpoints a tenth as often: ~9% off an Outlook or Google first sync
  // (BENCHMARKS.md). The log is cut back to 64 MiB after each checkpoint.
  sqlite.pragma('wal_autocheckpoint = 16384');
  sqlite.pragma('journal_size_limit = 67108864');
  // SQLite's lower() folds ASCII only, PostgreSQL's all of Unicode: replace it so that a search
  // for "émile" finds "ÉMILE" on both, with the same SQL.
  sqlite.function('lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  const db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, options: OpenDatabaseOptions): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // A startup parameter, so every pooled connection gets it before its first query.
    ...(options.schema ? { options: `-c search_path=${checkSchemaName(options.schema)}` } : {}),
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

function checkSchemaName(schema: string): string {
  // The name goes into a startup option, where it cannot be a bound parameter.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  }
  return schema;
}
