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
  for (;;) {
    let batch = db
      .selectFrom('calendar_events')
      .select('id')
      // An event never ends before it starts, so the bound on start_at removes nothing; it lets
      // a user's cleanup walk calendar_events_user_start_index (user_id, start_at, id).
      .where('start_at', '<', before)
      .where('end_at', '<', before)
      .limit(batchSize);
    if (target !== 'all') {
      batch = batch.where('org_id', '=', target.orgId);
      if ('userId' in target) batch = batch.where('user_id', '=', target.userId);
    }
    const rows = await db
      .deleteFrom('calendar_events')
      .where('id', 'in', batch)
      .returning('calendar_id')
      .execute();
    for (const row of rows) calendars.add(row.calendar_id);
    deleted += rows.length;
    if (rows.length < batchSize) break;
  }
  await recountEvents(db, [...calendars]);
  return deleted;
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
