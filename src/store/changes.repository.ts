/**
 * The change log: what each sync found changed about each event (src/domain/changes), written in
 * the transaction that applies the change, read by clients after an opaque cursor on the log's
 * sequence.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { ChangeKind, EventChange } from '../domain/changes/event-change.js';
import { dialectOf } from './database.js';
import type { DialectName, Executor, Transaction } from './database.js';
import type { CalendarEventChangeRow, Tables } from './schema.js';
import type { Scope } from './scope.js';
import type { ChangeCursors } from './change-cursors.js';
import { multiRowText } from './multi-row-sql.js';
import { chunk, fromJson, iso, maxParameters } from './sql-support.js';

/** A change about to be logged: the event it is about, and what changed. */
export interface ChangeEntry {
  /** calendar_events.id of the event (also for a deleted one: the id it had). */
  eventId: string;
  providerEventId: string;
  seriesId: string | null;
  change: EventChange;
}

/** Where a batch of changes belongs and when the sync committed it (ISO instant). */
export interface ChangeContext extends Scope {
  calendarId: string;
  now: string;
}

/** One logged change as the store returns it. */
export interface LoggedChange {
  /** Pass back as `since` to read the changes after this one. */
  cursor: string;
  eventId: string | null;
  providerEventId: string;
  calendarId: string;
  seriesId: string | null;
  occurredAt: string;
  change: EventChange;
}

export interface ChangeQuery {
  /** A cursor from a previous read; absent: from the oldest change kept. */
  since?: string | null;
  /** Page size; default 100, at most 1000. */
  limit?: number;
  calendarId?: string;
}

export interface ChangeListPage {
  items: LoggedChange[];
  /** The cursor to read on from: the last item's, or `since` itself when nothing is newer. */
  nextCursor: string;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const COLUMNS = [
  'org_id',
  'user_id',
  'calendar_id',
  'event_id',
  'provider_event_id',
  'series_id',
  'kind',
  'details',
  'occurred_at',
] as const satisfies readonly (keyof CalendarEventChangeRow)[];

/**
 * PostgreSQL hands out identity values as rows are inserted, not as transactions commit: a sync
 * that took id 10 could commit after one that took 11, and a client that had already read 11
 * would never see 10. This transaction-scoped advisory lock, per user (the scope a client reads),
 * is taken before the first id and held until commit, so one user's ids become visible in order.
 * Only the log insert and the commit run under it, never the page's event writes. SQLite has
 * one writer at a time, so its ids are in commit order already.
 */
const CHANGE_LOG_LOCK_CLASS = 0x63_68_6e_67; // "chng"

/** Appends `entries` to the log, in the caller's transaction, in as few statements as fit. */
export async function recordChanges(
  trx: Transaction<Tables>,
  ctx: ChangeContext,
  entries: readonly ChangeEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const dialect = dialectOf(trx);
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(cast(${CHANGE_LOG_LOCK_CLASS} as integer), hashtext(${ctx.userId}))`.execute(
      trx,
    );
  }
  const perStatement = Math.floor(maxParameters(dialect) / COLUMNS.length);
  for (const part of chunk(entries, perStatement)) {
    await trx.executeQuery(compileInsert(dialect, ctx, part));
  }
}

/**
 * SQLite: logs one `created` for each calendar_events row at rowids `range` (rows this
 * transaction has just inserted, in order), copying their ids from the rows themselves. A first
 * sync logs a `created` per event; binding nine values per entry cost ~0.2 s of a
 * 100,000-event sync against ~0.07 s for this (BENCHMARKS.md). Throws, undoing the transaction,
 * unless exactly `expected` rows of the context's calendar were there.
 */
export async function recordCreatedRows(
  trx: Transaction<Tables>,
  ctx: ChangeContext,
  range: { first: number; last: number },
  expected: number,
): Promise<void> {
  if (dialectOf(trx) !== 'sqlite') throw new Error('rows are selected by rowid on SQLite only');
  const result = await trx.executeQuery(
    CompiledQuery.raw(CREATED_ROWS_SQL, [
      ctx.now,
      range.first,
      range.last,
      ctx.orgId,
      ctx.userId,
      ctx.calendarId,
    ]),
  );
  const logged = Number(result.numAffectedRows ?? 0);
  if (logged !== expected) {
    throw new Error(`change log: ${logged} new rows found where ${expected} were inserted`);
  }
}

/**
 * The unary `+` keeps the owner checks off the indexes: without it SQLite, which has no
 * statistics, searched the owner/start index for every event of the user and then sorted them,
 * instead of reading the rowid range (a test pins the plan).
 */
export const CREATED_ROWS_SQL =
  `insert into "calendar_event_changes" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) ` +
  `select "org_id", "user_id", "calendar_id", "id", "provider_event_id", "series_id", ` +
  `'created', '{}', ? from "calendar_events" where rowid between ? and ? ` +
  `and +"org_id" = ? and +"user_id" = ? and +"calendar_id" = ? order by rowid`;

/**
 * A multi-row INSERT written as text, as events.repository's upsert is: a large first import
 * logs one `created` per event, and Kysely's builder would parse each of its values on its own.
 * Identifiers are this module's constants; every value is bound.
 */
function compileInsert(
  dialect: DialectName,
  ctx: ChangeContext,
  entries: readonly ChangeEntry[],
): CompiledQuery {
  // Sized up front, as the events' upsert: a first sync logs one `created` per event.
  const parameters = new Array<unknown>(entries.length * COLUMNS.length);
  let next = 0;
  for (const entry of entries) {
    parameters[next++] = ctx.orgId;
    parameters[next++] = ctx.userId;
    parameters[next++] = ctx.calendarId;
    parameters[next++] = entry.eventId;
    parameters[next++] = entry.providerEventId;
    parameters[next++] = entry.seriesId;
    parameters[next++] = entry.change.kind;
    parameters[next++] = detailsJson(entry.change);
    parameters[next++] = ctx.now;
  }
  const text = multiRowText(
    dialect,
    'insert changes',
    COLUMNS.length,
    entries.length,
    (tuples) =>
      `insert into "calendar_event_changes" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) ` +
      `values ${tuples}`,
  );
  return CompiledQuery.raw(text, parameters);
}

/** What the change says besides its kind, as JSON; `{}` for those that say nothing more. */
function detailsJson(change: EventChange): string {
  if (Object.keys(change).length === 1) return '{}';
  const { kind: _kind, ...details } = change;
  return JSON.stringify(details);
}

/** The scope's changes after `since`, oldest first (keyset on the log's sequence). */
export async function listChanges(
  db: Executor,
  scope: Scope,
  cursors: ChangeCursors,
  query: ChangeQuery = {},
): Promise<ChangeListPage> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const after = query.since ? cursors.decode(scope.userId, query.since) : 0;
  let select = db
    .selectFrom('calendar_event_changes')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '>', after);
  if (query.calendarId) select = select.where('calendar_id', '=', query.calendarId);
  const rows = await select.orderBy('id').limit(limit).execute();
  const items = rows.map((row) =>
    toLoggedChange(row, cursors.encode(scope.userId, Number(row.id))),
  );
  return { items, nextCursor: items.at(-1)?.cursor ?? cursors.encode(scope.userId, after) };
}

/** The cursor of the scope's latest change (reading on from it gives only later ones). */
export async function latestChangeCursor(
  db: Executor,
  scope: Scope,
  cursors: ChangeCursors,
): Promise<string> {
  const row = await db
    .selectFrom('calendar_event_changes')
    .select((eb) => eb.fn.max('id').as('last'))
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .executeTakeFirst();
  return cursors.encode(scope.userId, Number(row?.last ?? 0));
}

/** Retention: deletes every tenant's changes that occurred before `before`; returns how many. */
export async function deleteChangesOlderThan(db: Executor, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('calendar_event_changes')
    .where('occurred_at', '<', iso(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toLoggedChange(row: Selectable<CalendarEventChangeRow>, cursor: string): LoggedChange {
  const details = fromJson<Record<string, unknown>>(row.details, {});
  return {
    cursor,
    eventId: row.event_id,
    providerEventId: row.provider_event_id,
    calendarId: row.calendar_id,
    seriesId: row.series_id,
    occurredAt: row.occurred_at,
    // Written by recordChanges from an EventChange of this kind.
    change: { ...details, kind: row.kind as ChangeKind } as EventChange,
  };
}
