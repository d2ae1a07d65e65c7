/**
 * The data change that migrations 0033 and 0035 make: every meeting scan reset, as the
 * repository resets one (cursor forgotten, epoch bumped so that a job begun before cannot move it
 * on), so that each user's next pass reads every event. It is part of migrations that have run:
 * changing it would make a fresh database migrate differently from one migrated before, so a
 * later migration that needs another reset writes its own.
 */
import { sql, type Kysely } from 'kysely';

interface ScanTables {
  meeting_scans: { change_cursor: string | null; epoch: number; model_version: string | null };
}

export async function resetEveryMeetingScan(db: Kysely<unknown>): Promise<void> {
  await (db as Kysely<ScanTables>)
    .updateTable('meeting_scans')
    .set({ change_cursor: null, epoch: sql<number>`epoch + 1`, model_version: null })
    .execute();
}
