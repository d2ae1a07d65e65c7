/**
 * When a calendar's current run of failures began: the failure monitor flags a calendar that has
 * never synced once it has failed for longer than the threshold. Counting from the last failure
 * instead never flagged it, since retries (backoff capped at an hour) keep the last one recent.
 * Rows failing at upgrade time count from their last failure, as before, until a success.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').addColumn('failing_since', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').dropColumn('failing_since').execute();
}
