/**
 * The stage changes calintel recorded as it analysed an organisation's relationships, one row per
 * change, dated, with the reasons of the new stage in words and in parts. The parts are kept as
 * the API gives them (instants in ISO 8601), so that a reader writes a change's dates in their
 * own zone long after it was recorded; rows recorded before parts were kept (migration 0032) have
 * none.
 */
import type { Executor } from './database.js';
import type { OrgScope } from './scope.js';
import { fromJson, newId, toJson } from './sql-support.js';

export interface StageChange {
  fromStage: string | null;
  toStage: string;
  reasons: string[];
  /**
   * Each reason's parts, in the order of `reasons`, as they were given to record (JSON the store
   * does not look into); null for a change recorded before parts were kept.
   */
  reasonParts: unknown[] | null;
  changedAt: string;
}

/** Records that the account's stage became `change.toStage` at `change.changedAt`. */
export async function recordStageChange(
  db: Executor,
  scope: OrgScope,
  accountKey: string,
  change: StageChange,
): Promise<void> {
  await db
    .insertInto('relationship_stage_changes')
    .values({
      id: newId(),
      org_id: scope.orgId,
      account_key: accountKey,
      from_stage: change.fromStage,
      to_stage: change.toStage,
      reasons: toJson(change.reasons),
      reason_parts: change.reasonParts === null ? null : toJson(change.reasonParts),
      changed_at: change.changedAt,
    })
    .execute();
}

/** Every stage change recorded for the account, oldest first. */
export async function listStageChanges(
  db: Executor,
  scope: OrgScope,
  accountKey: string,
): Promise<StageChange[]> {
  const rows = await db
    .selectFrom('relationship_stage_changes')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('account_key', '=', accountKey)
    .orderBy('changed_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    fromStage: row.from_stage,
    toStage: row.to_stage,
    reasons: fromJson<string[]>(row.reasons, []),
    reasonParts: fromJson<unknown[] | null>(row.reason_parts, null),
    changedAt: row.changed_at,
  }));
}
