/** Small helpers shared by the repositories: ids, clocks, JSON columns, chunking, transactions. */
import { randomUUID } from 'node:crypto';
import { dialectOf } from './database.js';
import type { DialectName, Executor, Transaction } from './database.js';
import type { Bool01, Tables } from './schema.js';
import { foldForSearch } from './search-fold.js';

export function newId(): string {
  return randomUUID();
}

/**
 * A new id that sorts in the order ids were made in this process: a UUID version 7 (RFC 9562),
 * whose first 48 bits are the wall clock's milliseconds and next 12 a counter within the
 * millisecond (it never goes back, even when the clock does). The other 74 bits are random, as
 * in newId's. Event rows use it for their index's sake (newEventRowId); feedback so that, after
 * its creation time, its id says which of two words given in one millisecond came last.
 */
export function newOrderedId(now = Date.now()): string {
  const ms = Math.max(now, clock.ms);
  clock.counter = ms === clock.ms ? clock.counter + 1 : 0;
  if (clock.counter > 0xfff) {
    // 4,096 ids in one millisecond: borrow the next one, as RFC 9562 allows, to stay ordered.
    setClockMs(ms + 1);
    clock.counter = 0;
  } else if (ms !== clock.ms) setClockMs(ms);
  // randomUUID()'s last 18 characters: "-", the variant bits, and 62 random bits.
  return clock.prefix + counterHex(clock.counter) + randomUUID().slice(18);
}

/** The first 15 characters of every id made in this millisecond: time, dashes, version. */
function setClockMs(ms: number): void {
  const time = ms.toString(16).padStart(12, '0');
  clock.ms = ms;
  clock.prefix = `${time.slice(0, 8)}-${time.slice(8)}-7`;
}

// ms -1: the first id, whatever its time, sets the prefix.
const clock = { ms: -1, counter: 0, prefix: '' };

// A sync makes ids thousands at a time: three hex digits looked up, not formatted per id.
const COUNTER_HEX = Array.from({ length: 0x1000 }, (_, n) => n.toString(16).padStart(3, '0'));
const counterHex = (counter: number): string => COUNTER_HEX[counter] as string;

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

/**
 * The LIKE pattern of a search: the text folded as the column is (search-fold.ts), its wildcards
 * escaped so that user text matches literally (used with `escape '\'`).
 */
export function likeContains(text: string): string {
  return `%${foldForSearch(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
