/**
 * The upsert of a page's event rows: multi-row INSERT ... ON CONFLICT DO UPDATE, one statement
 * per chunk instead of one per event, which is what makes 50,000 events take seconds, not
 * minutes. Each chunk stays under the engine's bound-parameter limit (see maxParameters).
 *
 * The SQL is written here rather than with insertInto().values().onConflict(): Kysely's builder
 * parses and compiles each bound value on its own, which for the 3.9 million values of a
 * 118,712-event import cost ~1 s of CPU and ~550 MB of short-lived garbage. Identifiers are this
 * module's constants; every value is bound.
 */
import { CompiledQuery } from 'kysely';
import { dialectOf, type DialectName, type Executor } from './database.js';
import { PAGE_COLUMNS, UPDATED_COLUMNS, type EventRowContext } from './event-rows.js';
import { multiRowText } from './multi-row-sql.js';
import type { CalendarEventRow } from './schema.js';
import { chunk, maxParameters } from './sql-support.js';

type Column = keyof CalendarEventRow;

export async function upsertEventRows(
  db: Executor,
  ctx: EventRowContext,
  rows: readonly CalendarEventRow[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const dialect = dialectOf(db);
  const columns = Object.keys(first) as Column[];
  const shape = dialect === 'sqlite' ? sharedValuesShape(columns) : rowValuesShape(columns);
  const room = maxParameters(dialect) - OWNER_PARAMETERS - shape.shared.length;
  for (const part of chunk(rows, Math.floor(room / shape.perRow.length))) {
    await db.executeQuery(compileUpsert(dialect, ctx, shape, part));
  }
}

// The owner check of the conflict clause binds two parameters besides the rows.
const OWNER_PARAMETERS = 2;

/** Which columns are bound once per statement and which once per row. */
interface Shape {
  shared: readonly Column[];
  perRow: readonly Column[];
}

/**
 * SQLite: the columns every row of a page shares (owner, calendar, generation, timestamps) are
 * bound once per statement and repeated by a SELECT over the rows' VALUES: 8 of 33 values a
 * row that the driver no longer converts, about a fifth of the inserts' time (BENCHMARKS.md).
 * PostgreSQL keeps one tuple per row: there, VALUES in a subquery loses the target columns'
 * types, so its parameters would arrive as text.
 */
function sharedValuesShape(columns: readonly Column[]): Shape {
  const shared: readonly Column[] = PAGE_COLUMNS.filter((c) => columns.includes(c));
  return { shared, perRow: columns.filter((c) => !shared.includes(c)) };
}

function rowValuesShape(columns: readonly Column[]): Shape {
  return { shared: [], perRow: columns };
}

function compileUpsert(
  dialect: DialectName,
  ctx: EventRowContext,
  shape: Shape,
  rows: readonly CalendarEventRow[],
): CompiledQuery {
  const { shared, perRow } = shape;
  const first = rows[0] as CalendarEventRow;
  // Sized up front: pushed one by one, the array of a page's ~32,000 values was copied as it grew.
  const parameters = new Array<unknown>(
    shared.length + rows.length * perRow.length + OWNER_PARAMETERS,
  );
  let next = 0;
  for (const column of shared) parameters[next++] = first[column];
  for (const row of rows) for (const column of perRow) parameters[next++] = row[column];
  parameters[next++] = ctx.orgId;
  parameters[next] = ctx.userId;
  const name = `upsert events ${shared.join(',')}|${perRow.join(',')}`;
  const text = multiRowText(dialect, name, perRow.length, rows.length, (tuples, slot) => {
    const names = [...shared, ...perRow].map((c) => `"${c}"`).join(', ');
    const source =
      shared.length === 0
        ? `values ${tuples}`
        : // `where true`: without it SQLite would read ON CONFLICT as the SELECT's join clause.
          `select ${shared.map(() => '?').join(', ')}, * from (values ${tuples}) where true`;
    const updates = UPDATED_COLUMNS.map((c) => `"${c}" = "excluded"."${c}"`).join(', ');
    return (
      `insert into "calendar_events" (${names}) ${source} ` +
      `on conflict ("calendar_id", "provider_event_id") do update set ${updates} ` +
      // Defence in depth: a conflicting row can only be the same owner's.
      `where "calendar_events"."org_id" = ${slot()} and "calendar_events"."user_id" = ${slot()}`
    );
  });
  return CompiledQuery.raw(text, parameters);
}
