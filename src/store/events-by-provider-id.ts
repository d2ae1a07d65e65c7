/**
 * Reads and writes of one calendar's events by provider event id, in statements sized to the
 * dialect's parameter limit: what applyEventPage (events.repository.ts) does to a page's ids.
 */
import { sql, type SqlBool } from 'kysely';
import type { CalendarEvent } from '../domain/event.js';
import { dialectOf, type Executor } from './database.js';
import { STORED_EVENT_COLUMNS, toStoredEvent } from './event-rows.js';
import type { EventRowContext, StoredEvent } from './event-rows.js';
import { chunk, rowsPerStatement } from './sql-support.js';

// Room for the scope and calendar parameters next to an IN list of provider event ids.
const FIXED_PARAMETERS = 8;
// Statements that read whole event rows (to log what changed) read at most this many, so that
// removing a whole large calendar never holds all of it in memory at once.
const FULL_ROWS_PER_STATEMENT = 5000;

/**
 * Narrows a by-provider-id query to the page's calendar. The owner is not repeated here: the
 * calendar was checked to be the scope's in this same transaction (rowContext), and its rows are
 * written with that owner only (writeEventRows). Repeating org_id/user_id let both SQLite and
 * PostgreSQL, which have no statistics during a first import, pick the owner/start index (now
 * calendar_events_user_start_index) and filter every event of the user for each page:
 * measured 233 ms per 2000-id page at 118,712 rows on SQLite (370 ms on
 * PostgreSQL), quadratic over a whole import (~29 s of a 50,000-VEVENT import). With the
 * calendar alone the only usable index is the unique (calendar_id, provider_event_id): 9 ms.
 */
function inCalendar(ctx: EventRowContext) {
  return <Q extends CalendarFilterable<Q>>(query: Q): Q =>
    query.where('calendar_id', '=', ctx.calendarId);
}

interface CalendarFilterable<Q> {
  where(column: 'calendar_id', op: '=', value: string): Q;
}

function idsPerStatement(db: Executor): number {
  return rowsPerStatement(db, 1) - FIXED_PARAMETERS;
}

export function fullRowsPerStatement(db: Executor): number {
  return Math.min(idsPerStatement(db), FULL_ROWS_PER_STATEMENT);
}

/** The stored versions of the calendar's events with these provider ids, by provider id. */
export async function loadStored(db: Executor, ctx: EventRowContext, ids: string[]) {
  const stored = new Map<string, StoredEvent>();
  for (const part of chunk(ids, fullRowsPerStatement(db))) {
    const query = db
      .selectFrom('calendar_events')
      .select(STORED_EVENT_COLUMNS)
      .where('provider_event_id', 'in', part);
    for (const row of await inCalendar(ctx)(query).execute()) {
      stored.set(row.provider_event_id, toStoredEvent(row));
    }
  }
  return stored;
}

export async function loadKnown(db: Executor, ctx: EventRowContext, ids: string[]) {
  const known = new Map<string, { hash: string; generation: number }>();
  for (const part of chunk(ids, idsPerStatement(db))) {
    const query = db
      .selectFrom('calendar_events')
      .select(['provider_event_id', 'content_hash', 'sync_generation'])
      .where('provider_event_id', 'in', part);
    for (const row of await inCalendar(ctx)(query).execute()) {
      known.set(row.provider_event_id, { hash: row.content_hash, generation: row.sync_generation });
    }
  }
  return known;
}

export async function markSeen(db: Executor, ctx: EventRowContext, ids: string[]): Promise<void> {
  for (const part of chunk(ids, idsPerStatement(db))) {
    const query = db
      .updateTable('calendar_events')
      .set({ sync_generation: ctx.generation })
      .where('provider_event_id', 'in', part);
    await inCalendar(ctx)(query).execute();
  }
}

/**
 * Marks seen every event of the calendar stored under one of `ids` or under `id::...`. The prefix
 * is a range on the unique (calendar_id, provider_event_id) index: ids beginning with `id::` are
 * those from `id::` up to (not including) `id:;`, `;` being the character after `:`, in byte
 * order. PostgreSQL compares text by the database's collation, which may ignore punctuation, so
 * the range is compared in the "C" collation there (SQLite's default is already byte order).
 */
export async function markSeriesSeen(
  db: Executor,
  ctx: EventRowContext,
  ids: string[],
): Promise<void> {
  const collate = dialectOf(db) === 'postgres' ? sql` COLLATE "C"` : sql``;
  const column = sql.ref('provider_event_id');
  for (const id of new Set(ids)) {
    const query = db
      .updateTable('calendar_events')
      .set({ sync_generation: ctx.generation })
      .where(
        sql<SqlBool>`(${column} = ${id} OR (${column}${collate} >= ${`${id}::`} AND ${column}${collate} < ${`${id}:;`}))`,
      );
    await inCalendar(ctx)(query).execute();
  }
}

/**
 * Deletes by provider id and returns what was deleted, read first: on SQLite, DELETE ... RETURNING
 * of 50,000 rows took 2.2-2.8 s where this SELECT then DELETE took 1.4-1.7 s.
 */
export async function deleteByProviderIds(
  db: Executor,
  ctx: EventRowContext,
  ids: string[],
  within?: { from: Date; to: Date },
) {
  const stored = [...(await loadStored(db, ctx, ids)).values()];
  const removed = within ? stored.filter((row) => overlaps(row.event, within)) : stored;
  const removedIds = within ? removed.map((row) => row.event.providerEventId) : ids;
  for (const part of chunk(removedIds, idsPerStatement(db))) {
    const query = db.deleteFrom('calendar_events').where('provider_event_id', 'in', part);
    await inCalendar(ctx)(query).executeTakeFirst();
  }
  return removed;
}

function overlaps(event: CalendarEvent, span: { from: Date; to: Date }): boolean {
  return Date.parse(event.end) > span.from.getTime() && Date.parse(event.start) < span.to.getTime();
}
