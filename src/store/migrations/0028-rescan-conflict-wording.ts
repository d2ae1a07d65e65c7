/**
 * Conflicts' wording changed: duplicates name their calendars instead of their ids, travel reads
 * trips (a flight ends where it lands), and suggestion ids carry a tag of their conflict. Stored
 * conflicts keep what they were found with until a scan covers their days again; forgetting
 * every conflict scan makes each user's next pass a full one, which rewrites them (a decided
 * conflict whose events did not move stays decided, as 0022 relied on).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db as Kysely<{ conflict_scans: { org_id: string } }>)
    .deleteFrom('conflict_scans')
    .execute();
}

export async function down(): Promise<void> {
  // Nothing to undo: the scans are rebuilt by the next pass either way.
}
