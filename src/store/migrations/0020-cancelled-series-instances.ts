/**
 * Finds the cancelled instances of a series (relationship-cancelled.repository.ts): a series'
 * summary counts them as cancelled rather than skipped. Only cancelled rows are in the index, so
 * a sync's writes of live events never touch it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('calendar_events_cancelled_series_index')
    .on('calendar_events')
    .columns(['series_id'])
    .where(sql.ref('status'), '=', 'cancelled')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calendar_events_cancelled_series_index').execute();
}
