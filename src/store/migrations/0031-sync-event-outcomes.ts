/**
 * How many events a calendar's last sync left out because of an issue, and how many it kept
 * despite one, each event counted once (ICS files and feeds say it: countEventOutcomes). The
 * issues alone cannot say it past the 200 kept, and some issues are about no event or share
 * one. Rows from before count 0 until their calendar syncs again.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('calendar_sync_status')
    .addColumn('last_events_left_out', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('calendar_sync_status')
    .addColumn('last_events_kept', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').dropColumn('last_events_kept').execute();
  await db.schema.alterTable('calendar_sync_status').dropColumn('last_events_left_out').execute();
}
