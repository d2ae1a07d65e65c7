/**
 * better-sqlite3 with prepared statements reused. Kysely's SQLite driver prepares every query it
 * runs; preparing is SQLite parsing and planning the SQL again, which for the multi-row upserts
 * of a sync page (hundreds of rows, ~32,000 parameters) is several milliseconds each time: 1.5 s
 * of a 118,712-event import. The same SQL text gets the same statement back while it is idle.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';
import { eachRowStatement, isEachRowSql } from './sqlite-each-row.js';

/** Statements kept; least recently used ones are dropped first. */
const DEFAULT_CAPACITY = 200;

/**
 * And at most this much SQL text among them. A multi-row statement's text grows with its rows
 * and so does what SQLite holds for it once prepared (~25,000 bound parameters: hundreds of KB).
 * Counting statements alone, an ICS import, whose pages vary in size and so leave a different
 * last chunk each, kept some 180 of them alive: tens of MB for statements never used again.
 */
const DEFAULT_MAX_TEXT = 2_000_000;

export interface StatementCacheLimits {
  capacity?: number;
  maxText?: number;
}

export function withStatementCache(
  sqlite: SqliteDatabase.Database,
  limits: StatementCacheLimits = {},
): KyselySqliteDatabase {
  const capacity = limits.capacity ?? DEFAULT_CAPACITY;
  const maxText = limits.maxText ?? DEFAULT_MAX_TEXT;
  const cache = new Map<string, SqliteDatabase.Statement>();
  let text = 0;
  const remember = (sql: string, statement: SqliteDatabase.Statement) => {
    cache.set(sql, statement);
    text += sql.length;
    for (const oldest of cache.keys()) {
      if (cache.size <= capacity && text <= maxText) break;
      cache.delete(oldest);
      text -= oldest.length;
    }
  };
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const statement = prepared(sql);
      return isEachRowSql(sql) ? eachRowStatement(statement) : statement;
    },
  };

  function prepared(sql: string): SqliteDatabase.Statement {
    const cached = cache.get(sql);
    // A statement still being iterated (a streamed query) cannot run again until it is done.
    if (cached && !cached.busy) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = sqlite.prepare(sql);
    if (!cached) remember(sql, statement);
    return statement;
  }
}
