/**
 * A version on each calendar's sync status row, bumped by every write that a run's later write
 * must not pass over unseen: a run's claim, a page's commit, a run's end (success or failure,
 * claimed or not), the calendar emptied or its cursor reset. A run reads it with its cursor; its
 * claim, and the end of a run that never claimed, are recorded only while it is unchanged (see
 * sync-run-claim.repository.ts). Rows from before start at 0.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('calendar_sync_status')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').dropColumn('version').execute();
}
