/**
 * Writing a page's event rows: multi-row INSERT ... ON CONFLICT DO UPDATE, one statement per
 * chunk instead of one per event, which is what makes 50,000 events take seconds, not minutes.
 * Each chunk stays under the engine's bound-parameter limit (see maxParameters).
 *
 * The SQL is written here rather than with insertInto().values().onConflict(): Kysely's builder
 * parses and compiles each bound value on its own, which for the 3.9 million values of a
 * 118,712-event import cost ~1 s of CPU and ~550 MB of short-lived garbage. Identifiers are this
 * module's constants; every value is bound.
 */
import { CompiledQuery } from 'kysely';
import { dialectOf, type DialectName, type Executor } from './database.js';
import {
  PAGE_COLUMNS,
  ROW_COLUMNS,
  UPDATED_COLUMNS,
  writeRowValues,
  type EventRowContext,
} from './event-rows.js';
import { multiRowText } from './multi-row-sql.js';
import type { CalendarEventRow } from './schema.js';
import { chunk, maxParameters } from './sql-support.js';

type Column = keyof CalendarEventRow;

/**
 * `rows` are all `new` (the caller found none of their provider ids in the calendar, in this
 * transaction) or all `stored`. On SQLite, new rows are plainly inserted: the transaction holds
 * the only write lock (`begin immediate`), so nothing can have added them since, and the
 * conflict clause cost ~0.2 s of a 100,000-event first sync for rows that never conflict.
 * PostgreSQL keeps the clause for both, since another connection may sync the same calendar.
 */
export async function writeEventRows(
  db: Executor,
  ctx: EventRowContext,
  rows: readonly CalendarEventRow[],
  rowsAre: 'new' | 'stored',
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const dialect = dialectOf(db);
  const columns = Object.keys(first) as Column[];
  const shape = dialect === 'sqlite' ? SHARED_VALUES_SHAPE : rowValuesShape(columns);
  const upsert = dialect === 'postgres' || rowsAre === 'stored';
  const room = maxParameters(dialect) - OWNER_PARAMETERS - shape.shared.length;
  for (const part of chunk(rows, Math.floor(room / shape.perRow.length))) {
    await db.executeQuery(compileWrite(dialect, ctx, shape, part, upsert));
  }
}

// The owner check of the conflict clause binds two parameters besides the rows.
const OWNER_PARAMETERS = 2;

/** Which columns are bound once per statement and which once per row. */
interface Shape {
  shared: readonly Column[];
  perRow: readonly Column[];
  /** The per-row columns are ROW_COLUMNS, which writeRowValues reads by name. */
  named: boolean;
}

/**
 * SQLite: the columns every row of a page shares (owner, calendar, generation, timestamps) are
 * bound once per statement and repeated by a SELECT over the rows' VALUES: 8 of 33 values a
 * row that the driver no longer converts, about a fifth of the inserts' time (BENCHMARKS.md).
 * PostgreSQL keeps one tuple per row: there, VALUES in a subquery loses the target columns'
 * types, so its parameters would arrive as text.
 */
const SHARED_VALUES_SHAPE: Shape = { shared: PAGE_COLUMNS, perRow: ROW_COLUMNS, named: true };

function rowValuesShape(columns: readonly Column[]): Shape {
  return { shared: [], perRow: columns, named: false };
}

function compileWrite(
  dialect: DialectName,
  ctx: EventRowContext,
  shape: Shape,
  rows: readonly CalendarEventRow[],
  upsert: boolean,
): CompiledQuery {
  const { shared, perRow } = shape;
  const first = rows[0] as CalendarEventRow;
  // Sized up front: pushed one by one, the array of a page's ~32,000 values was copied as it grew.
  const parameters = new Array<unknown>(
    shared.length + rows.length * perRow.length + (upsert ? OWNER_PARAMETERS : 0),
  );
  let next = 0;
  for (const column of shared) parameters[next++] = first[column];
  if (shape.named) for (const row of rows) next = writeRowValues(row, parameters, next);
  else for (const row of rows) for (const column of perRow) parameters[next++] = row[column];
  if (upsert) {
    parameters[next++] = ctx.orgId;
    parameters[next] = ctx.userId;
  }
  const name = `${upsert ? 'upsert' : 'insert'} events ${shared.join(',')}|${perRow.join(',')}`;
  const text = multiRowText(dialect, name, perRow.length, rows.length, (tuples, slot) => {
    const names = [...shared, ...perRow].map((c) => `"${c}"`).join(', ');
    const source =
      shared.length === 0
        ? `values ${tuples}`
        : // `where true`: without it SQLite would read ON CONFLICT as the SELECT's join clause.
          `select ${shared.map(() => '?').join(', ')}, * from (values ${tuples}) where true`;
    const insert = `insert into "calendar_events" (${names}) ${source}`;
    if (!upsert) return insert;
    const updates = UPDATED_COLUMNS.map((c) => `"${c}" = "excluded"."${c}"`).join(', ');
    return (
      `${insert} on conflict ("calendar_id", "provider_event_id") do update set ${updates} ` +
      // Defence in depth: a conflicting row can only be the same owner's.
      `where "calendar_events"."org_id" = ${slot()} and "calendar_events"."user_id" = ${slot()}`
    );
  });
  return CompiledQuery.raw(text, parameters);
}
