/**
 * Writing a page's event rows in one query or a few, never one query per event, which is what
 * makes 50,000 events take seconds, not minutes. PostgreSQL: multi-row INSERT ... ON CONFLICT DO
 * UPDATE, one statement per chunk under its bound-parameter limit (see maxParameters), since each
 * statement is a round trip. SQLite: one prepared single-row statement run for each row inside
 * one query (sqlite-each-row.ts), cheaper there than multi-row statements.
 *
 * The SQL is written here rather than with insertInto().values().onConflict(): Kysely's builder
 * parses and compiles each bound value on its own, which for the 3.9 million values of a
 * 118,712-event import cost ~1 s of CPU and ~550 MB of short-lived garbage. Identifiers are this
 * module's constants; every value is bound.
 */
import { CompiledQuery } from 'kysely';
import { dialectOf, type Executor } from './database.js';
import {
  PAGE_COLUMNS,
  ROW_COLUMNS,
  UPDATED_COLUMNS,
  writeRowValues,
  type EventRowContext,
} from './event-rows.js';
import { multiRowText } from './multi-row-sql.js';
import { eachRowQuery, InsertedRowids } from './sqlite-each-row.js';
import type { CalendarEventRow } from './schema.js';
import { chunk, maxParameters } from './sql-support.js';

type Column = keyof CalendarEventRow;

/**
 * `rows` are all `new` (the caller found none of their provider ids in the calendar, in this
 * transaction) or all `stored`. On SQLite, new rows are plainly inserted: the transaction holds
 * the only write lock (`begin immediate`), so nothing can have added them since, and the
 * conflict clause cost ~0.2 s of a 100,000-event first sync for rows that never conflict.
 * PostgreSQL keeps the clause for both, since another connection may sync the same calendar.
 *
 * Returns the rowids new rows were inserted at on SQLite, first to last in the order of `rows`,
 * when they are one unbroken run (see InsertedRowids); null otherwise.
 */
export async function writeEventRows(
  db: Executor,
  ctx: EventRowContext,
  rows: readonly CalendarEventRow[],
  rowsAre: 'new' | 'stored',
): Promise<RowidRange | null> {
  if (rows.length === 0) return null;
  if (dialectOf(db) === 'sqlite') {
    const inserted = rowsAre === 'new' ? new InsertedRowids() : null;
    await db.executeQuery(sqliteWrite(ctx, rows, rowsAre === 'stored', inserted));
    return inserted?.range(rows.length) ?? null;
  }
  const columns = Object.keys(rows[0] as CalendarEventRow) as Column[];
  const room = maxParameters('postgres') - OWNER_PARAMETERS;
  for (const part of chunk(rows, Math.floor(room / columns.length))) {
    await db.executeQuery(postgresUpsert(ctx, columns, part));
  }
  return null;
}

/** SQLite rowids, both ends included. */
export interface RowidRange {
  first: number;
  last: number;
}

// The owner check of the conflict clause binds two parameters besides the rows.
const OWNER_PARAMETERS = 2;

/**
 * SQLite: one single-row statement run for every row (sqlite-each-row.ts). The columns every
 * row of a page shares (owner, calendar, generation, timestamps) come from the first row.
 */
function sqliteWrite(
  ctx: EventRowContext,
  rows: readonly CalendarEventRow[],
  upsert: boolean,
  inserted: InsertedRowids | null,
): CompiledQuery {
  const first = rows[0] as CalendarEventRow;
  const shared = PAGE_COLUMNS.map((column) => first[column]);
  const width = SQLITE_COLUMNS.length + (upsert ? OWNER_PARAMETERS : 0);
  return eachRowQuery(
    upsert ? SQLITE_UPSERT : SQLITE_INSERT,
    width,
    {
      count: rows.length,
      write(index, out) {
        for (let i = 0; i < shared.length; i++) out[i] = shared[i];
        const next = writeRowValues(rows[index] as CalendarEventRow, out, shared.length);
        if (upsert) {
          out[next] = ctx.orgId;
          out[next + 1] = ctx.userId;
        }
      },
    },
    inserted,
  );
}

/** The per-row columns are ROW_COLUMNS, which writeRowValues writes in this order. */
const SQLITE_COLUMNS: readonly Column[] = [...PAGE_COLUMNS, ...ROW_COLUMNS];

const SQLITE_INSERT = insertText(
  SQLITE_COLUMNS,
  `values (${SQLITE_COLUMNS.map(() => '?').join(', ')})`,
);

const SQLITE_UPSERT = `${SQLITE_INSERT} ${conflictClause('?', '?')}`;

function postgresUpsert(
  ctx: EventRowContext,
  columns: readonly Column[],
  rows: readonly CalendarEventRow[],
): CompiledQuery {
  // Sized up front: pushed one by one, the array of a page's ~32,000 values was copied as it grew.
  const parameters = new Array<unknown>(rows.length * columns.length + OWNER_PARAMETERS);
  let next = 0;
  for (const row of rows) for (const column of columns) parameters[next++] = row[column];
  parameters[next++] = ctx.orgId;
  parameters[next] = ctx.userId;
  const name = `upsert events ${columns.join(',')}`;
  const text = multiRowText('postgres', name, columns.length, rows.length, (tuples, slot) => {
    return `${insertText(columns, `values ${tuples}`)} ${conflictClause(slot(), slot())}`;
  });
  return CompiledQuery.raw(text, parameters);
}

function insertText(columns: readonly Column[], source: string): string {
  return `insert into "calendar_events" (${columns.map((c) => `"${c}"`).join(', ')}) ${source}`;
}

function conflictClause(orgSlot: string, userSlot: string): string {
  const updates = UPDATED_COLUMNS.map((c) => `"${c}" = "excluded"."${c}"`).join(', ');
  return (
    `on conflict ("calendar_id", "provider_event_id") do update set ${updates} ` +
    // Defence in depth: a conflicting row can only be the same owner's.
    `where "calendar_events"."org_id" = ${orgSlot} and "calendar_events"."user_id" = ${userSlot}`
  );
}
