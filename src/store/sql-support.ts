/** Small helpers shared by the repositories: ids, clocks, JSON columns, chunking, transactions. */
import { randomUUID } from 'node:crypto';
import { dialectOf } from './database.js';
import type { DialectName, Executor, Transaction } from './database.js';
import type { Bool01, Tables } from './schema.js';

export function newId(): string {
  return randomUUID();
}

/** The text form every timestamp column holds (see schema.ts). */
export function iso(date: Date): string {
  return date.toISOString();
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function toBool01(value: boolean): Bool01 {
  return value ? 1 : 0;
}

/** PostgreSQL returns count(*) as a bigint string, SQLite as a number. */
export function toCount(value: string | number | bigint | null | undefined): number {
  return Number(value ?? 0);
}

/**
 * How many bound parameters one statement may carry: PostgreSQL's wire protocol counts them in a
 * 16-bit integer (65,535); better-sqlite3 builds SQLite with SQLITE_MAX_VARIABLE_NUMBER=32766.
 */
export function maxParameters(dialect: DialectName): number {
  return dialect === 'postgres' ? 65_535 : 32_766;
}

/** Rows of `columns` values that fit in one statement on the engine `db` runs on. */
export function rowsPerStatement(db: Executor, columns: number): number {
  return Math.max(1, Math.floor(maxParameters(dialectOf(db)) / columns));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Runs `fn` in the caller's transaction if there is one, else in a new one. */
export function inTransaction<T>(db: Executor, fn: (trx: Transaction<Tables>) => Promise<T>) {
  if (db.isTransaction) return fn(db as Transaction<Tables>);
  return db.transaction().execute(fn);
}

/** Escapes LIKE wildcards so that user text matches literally (used with `escape '\'`). */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
