/**
 * better-sqlite3 with prepared statements reused. Kysely's SQLite driver prepares every query it
 * runs; preparing is SQLite parsing and planning the SQL again, which for the multi-row upserts
 * of a sync page (hundreds of rows, ~32,000 parameters) is several milliseconds each time: 1.5 s
 * of a 118,712-event import. The same SQL text gets the same statement back while it is idle.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** Statements kept; least recently used ones are dropped first. */
const DEFAULT_CAPACITY = 200;

export function withStatementCache(
  sqlite: SqliteDatabase.Database,
  capacity = DEFAULT_CAPACITY,
): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      // A statement still being iterated (a streamed query) cannot run again until it is done.
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (!cached) remember(cache, sql, statement, capacity);
      return statement;
    },
  };
}

function remember(
  cache: Map<string, SqliteDatabase.Statement>,
  sql: string,
  statement: SqliteDatabase.Statement,
  capacity: number,
): void {
  cache.set(sql, statement);
  if (cache.size <= capacity) return;
  const oldest = cache.keys().next().value;
  if (oldest !== undefined) cache.delete(oldest);
}
