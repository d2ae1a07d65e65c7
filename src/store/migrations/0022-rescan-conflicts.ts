/**
 * Overlap conflicts became maximal cliques (a set of events that all overlap each other) instead
 * of chains (A-B-C where A and C never meet). Stored conflicts were found the old way; forgetting
 * every conflict scan makes each user's next pass a full one, which recomputes them: open chains
 * are cleared and their cliques opened. A chain someone dismissed stays dismissed as that set;
 * its cliques are new conflicts.
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
