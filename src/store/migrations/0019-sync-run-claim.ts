/**
 * Which run holds a calendar's sync (sync-status.repository.ts, claimSyncRun): one run at a time
 * per calendar, so that two runs of one calendar (`calintel sync` beside a worker, a job that
 * outlived its lease) never both commit pages, and the end of one snapshot never removes what
 * the other listed. `run_seen_at` is the holder's last sign of life (its start, then each page
 * it committed): a claim quiet for longer than the stale bound was left by a dead process.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').addColumn('run_id', 'text').execute();
  await db.schema.alterTable('calendar_sync_status').addColumn('run_seen_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').dropColumn('run_seen_at').execute();
  await db.schema.alterTable('calendar_sync_status').dropColumn('run_id').execute();
}
