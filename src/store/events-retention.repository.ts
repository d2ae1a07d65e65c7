/**
 * Retention of synced events: events that ended before a cutoff are deleted, for one user, one
 * organisation, or every tenant at once (the scheduled cleanup). Deletes run in batches, each a
 * statement of its own, so that a large cleanup never holds SQLite's single writer for long and
 * syncs can commit in between.
 */
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { OrgScope, Scope } from './scope.js';
import { chunk, iso } from './sql-support.js';
import { storedEventsCount } from './sync-status.repository.js';

/** Whose events: one user's, one organisation's, or every tenant's (`'all'`, system work). */
export type RetentionTarget = Scope | OrgScope | 'all';

const DEFAULT_BATCH_SIZE = 5000;

/** Deletes the target's events that ended before `cutoff`; returns how many were deleted. */
export async function deleteEventsEndedBefore(
  db: Executor,
  target: RetentionTarget,
  cutoff: Date,
  options: { batchSize?: number } = {},
): Promise<number> {
  const before = iso(cutoff);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const calendars = new Set<string>();
  let deleted = 0;
  let after = '';
  for (;;) {
    const ids = await expiredBatch(db, target, before, after, batchSize);
    if (ids.length === 0) break;
    const rows = await db
      .deleteFrom('calendar_events')
      .where('id', 'in', ids)
      // Checked again: a sync may have moved an event since the batch was read.
      .where('start_at', '<', before)
      .where('end_at', '<', before)
      .returning('calendar_id')
      .execute();
    for (const row of rows) calendars.add(row.calendar_id);
    deleted += rows.length;
    if (ids.length < batchSize) break;
    after = ids.at(-1) as string;
  }
  await recountEvents(db, [...calendars]);
  return deleted;
}

/**
 * The next `batchSize` ids of the target's events that ended before `before`. A user's are read
 * along its (user, start) index, where only events that started before the cutoff lie, so a
 * deleted batch leaves nothing to read again. Every tenant's or an organisation's are read in
 * order of id after `after` (the primary key): without that keyset each batch scanned again,
 * from the start of the table, every row the batches before it had kept, which is quadratic when
 * the expired events sit at the end (a calendar with years of history connected late).
 */
async function expiredBatch(
  db: Executor,
  target: RetentionTarget,
  before: string,
  after: string,
  batchSize: number,
): Promise<string[]> {
  const rows = await expiredBatchQuery(db, target, before, after, batchSize).execute();
  return rows.map((row) => row.id);
}

/** expiredBatch's query (exported for the test that pins its plan). */
export function expiredBatchQuery(
  db: Executor,
  target: RetentionTarget,
  before: string,
  after: string,
  batchSize: number,
) {
  // An event never ends before it starts, so the bound on start_at removes nothing; it lets a
  // user's cleanup walk calendar_events_user_start_index (user_id, start_at, id).
  const batch = db
    .selectFrom('calendar_events')
    .select('id')
    .where('start_at', '<', before)
    .where('end_at', '<', before)
    .limit(batchSize);
  if (target !== 'all' && 'userId' in target)
    return batch.where('org_id', '=', target.orgId).where('user_id', '=', target.userId);
  const scoped = target === 'all' ? batch : batch.where('org_id', '=', target.orgId);
  return scoped.where('id', '>', after).orderBy('id');
}

/**
 * The stored count of each calendar's events (the calendars list and sync status show it), which
 * only a finished sync recounts otherwise: an imported file's calendar, never synced again, kept
 * counting the events retention had removed. Counted as every recount counts (storedEventsCount),
 * each chunk of calendars in one statement.
 */
async function recountEvents(db: Executor, calendarIds: readonly string[]): Promise<void> {
  for (const ids of chunk(calendarIds, 500)) {
    await db
      .updateTable('calendar_sync_status')
      .set({
        events_count: storedEventsCount(sql.ref('calendar_sync_status.calendar_id')),
      })
      .where('calendar_id', 'in', ids)
      .execute();
  }
}
