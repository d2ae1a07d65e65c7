/**
 * A dedupe key now holds back only a second *queued* job, not one queued while another runs:
 * a push notification that arrives while its calendar syncs must lead to one more sync after
 * that one (the running sync may have listed the calendar before the change). The queue never
 * runs two jobs with one key at once (claimNextJob), so at most one runs and one waits.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_dedupe_pending_unique').execute();
  await db.schema
    .createIndex('jobs_dedupe_queued_unique')
    .unique()
    .on('jobs')
    .column('dedupe_key')
    .where(sql<boolean>`status = 'queued'`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_dedupe_queued_unique').execute();
  await db.schema
    .createIndex('jobs_dedupe_pending_unique')
    .unique()
    .on('jobs')
    .column('dedupe_key')
    .where(sql<boolean>`status in ('queued', 'running')`)
    .execute();
}
