/**
 * When a calendar's sync last changed something: polled calendars that stay quiet are polled
 * less often (src/sync/schedule.ts), and one that changes is polled at the steady interval again.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').addColumn('last_change_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').dropColumn('last_change_at').execute();
}
