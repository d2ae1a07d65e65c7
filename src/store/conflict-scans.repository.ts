/**
 * Where each user's conflicts were last recomputed up to, in the change log: the scanner reads
 * only what changed since. Forgetting it makes the next pass recompute the whole window.
 */
import type { Executor } from './database.js';
import type { Scope } from './scope.js';
import { iso } from './sql-support.js';

/** The change-log cursor up to which the scope's conflicts were recomputed (null: never). */
export async function getScanCursor(
  db: Executor,
  scope: Scope,
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('conflict_scans')
    .select('change_cursor')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .executeTakeFirst();
  return row ? row.change_cursor : undefined;
}

export async function saveScanCursor(
  db: Executor,
  scope: Scope,
  cursor: string | null,
  now = new Date(),
): Promise<void> {
  await db
    .insertInto('conflict_scans')
    .values({
      org_id: scope.orgId,
      user_id: scope.userId,
      change_cursor: cursor,
      scanned_at: iso(now),
    })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'user_id'])
        .doUpdateSet({ change_cursor: cursor, scanned_at: iso(now) }),
    )
    .execute();
}

/** Forgets one user's scan cursor: their next pass recomputes the whole window. */
export async function forgetConflictScan(db: Executor, scope: Scope): Promise<void> {
  await db
    .deleteFrom('conflict_scans')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .execute();
}

/** Forgets every user's scan cursor in the organisation: the next passes recompute everything. */
export async function resetScans(db: Executor, scope: { orgId: string }): Promise<void> {
  await db.deleteFrom('conflict_scans').where('org_id', '=', scope.orgId).execute();
}
