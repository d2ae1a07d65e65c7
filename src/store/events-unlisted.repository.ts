/**
 * The end of a snapshot sync: deleting the calendar's events that no page of the run listed, each
 * logged as a `deleted` change. Pages themselves are written by events.repository.ts.
 */
import { sql } from 'kysely';
import { recordChanges, type ChangeEntry } from './changes.repository.js';
import { dialectOf, type Transaction } from './database.js';
import { logChanges } from './event-change-log.js';
import { STORED_EVENT_COLUMNS, toStoredEvent } from './event-rows.js';
import { fullRowsPerStatement } from './events-by-provider-id.js';
import type { Tables } from './schema.js';
import type { Scope } from './scope.js';
import { chunk, iso } from './sql-support.js';

export interface UnlistedDeletionOptions {
  /**
   * The span the snapshot listed: only unlisted events overlapping it are deleted. Unset, the
   * snapshot listed the whole calendar.
   */
  within?: { from: Date; to: Date } | undefined;
  now?: Date;
}

/**
 * The ids of the calendar's events not stamped with `generation` (within `within`). Every row of
 * the calendar is read. On SQLite they are read in rowid order: their rowids come from the
 * unique (calendar, provider id) index alone, and the unary `+` keeps the planner off the owner
 * and start indexes, which visited the rows in start order, one random table page each: 877 ms
 * after importing 118,712 events in no order of start, against ~60 ms in rowid order
 * (BENCHMARKS.md).
 */
async function unlistedIds(
  trx: Transaction<Tables>,
  scope: Scope,
  calendarId: string,
  generation: number,
  within: UnlistedDeletionOptions['within'],
): Promise<{ id: string }[]> {
  if (dialectOf(trx) === 'sqlite') {
    const { rows } = await sqliteUnlistedIds(scope, calendarId, generation, within).execute(trx);
    return rows;
  }
  let unlisted = trx
    .selectFrom('calendar_events')
    .select('id')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('calendar_id', '=', calendarId)
    .where('sync_generation', '<>', generation);
  if (within)
    unlisted = unlisted
      .where('end_at', '>', iso(within.from))
      .where('start_at', '<', iso(within.to));
  return unlisted.execute();
}

/** unlistedIds on SQLite (exported for the test that pins its plan). */
export function sqliteUnlistedIds(
  scope: Scope,
  calendarId: string,
  generation: number,
  within: UnlistedDeletionOptions['within'],
) {
  const span = within
    ? sql`and +"end_at" > ${iso(within.from)} and +"start_at" < ${iso(within.to)}`
    : sql``;
  return sql<{ id: string }>`
    select "id" from "calendar_events"
    where rowid in (select rowid from "calendar_events" where "calendar_id" = ${calendarId})
      and +"org_id" = ${scope.orgId} and +"user_id" = ${scope.userId}
      and "sync_generation" <> ${generation} ${span}`;
}

/**
 * After a snapshot sync: deletes the calendar's events that no page of `generation` mentioned
 * (within the span it listed), logging each as a `deleted` change. Returns how many were deleted.
 */
export async function deleteEventsNotInGeneration(
  trx: Transaction<Tables>,
  scope: Scope,
  calendarId: string,
  generation: number,
  options: UnlistedDeletionOptions = {},
): Promise<number> {
  const unseen = await unlistedIds(trx, scope, calendarId, generation, options.within);
  const now = options.now ?? new Date();
  const ctx = { ...scope, calendarId, now: iso(now) };
  let deleted = 0;
  for (const part of chunk(
    unseen.map((row) => row.id),
    fullRowsPerStatement(trx),
  )) {
    const rows = await trx
      .selectFrom('calendar_events')
      .select(STORED_EVENT_COLUMNS)
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('calendar_id', '=', calendarId)
      .where('id', 'in', part)
      .execute();
    await trx
      .deleteFrom('calendar_events')
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('calendar_id', '=', calendarId)
      .where('id', 'in', part)
      .execute();
    const log: ChangeEntry[] = [];
    for (const row of rows) logChanges(log, row.id, toStoredEvent(row).event, null);
    await recordChanges(trx, ctx, log);
    deleted += rows.length;
  }
  return deleted;
}
