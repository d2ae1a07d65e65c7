/**
 * The events' listing index without org_id: (user_id, start_at, id) instead of (org_id, user_id,
 * start_at, id). A user id is unique across organisations, so every query that named both still
 * finds the same rows through it (org_id is still in every query, checked on the row). Each key
 * is 36 bytes shorter, and org_id was the same in every entry, so each comparison of an insert
 * compared it first. Inserting 100,000 events that arrive in no particular order of start (as a
 * provider lists them without orderBy) took 1.10 s instead of 1.33 s (BENCHMARKS.md); events
 * that arrive in start order append to either index at the same cost.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calendar_events_owner_start_index').execute();
  await db.schema
    .createIndex('calendar_events_user_start_index')
    .on('calendar_events')
    .columns(['user_id', 'start_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calendar_events_user_start_index').execute();
  await db.schema
    .createIndex('calendar_events_owner_start_index')
    .on('calendar_events')
    .columns(['org_id', 'user_id', 'start_at', 'id'])
    .execute();
}
