/**
 * Decisions on stored conflicts: taken (by a user or the policy, only over the conflict as it was
 * read), recorded as their write-back goes on, undone when a write-back fails, and taken back by
 * a user who reopens the conflict.
 */
import type { Executor } from './database.js';
import type { Scope } from './scope.js';
import { iso, toJson } from './sql-support.js';

export interface ConflictDecision {
  status: 'resolved' | 'dismissed';
  resolution: unknown;
  /** `user:<id>` or `policy`. */
  resolvedBy: string;
  /**
   * The conflict's `updatedAt` as the decider read it: the decision is taken only if no pass
   * rewrote the conflict (its events, its suggestions) since.
   */
  readAt?: string;
  /**
   * Takes a resolved conflict back (its decision was cut short before its writes finished)
   * instead of an open one; with `readAt`, only if that decision made no progress since.
   */
  reclaim?: boolean;
}

/**
 * The decision a writer carries out, as `decideConflict` recorded it (resolved_by, resolved_at):
 * a writer that outlived its lease must not touch a decision taken after it (the user reopened the
 * conflict and decided again, or claimed the decision back).
 */
export interface DecisionRef {
  resolvedBy: string;
  resolvedAt: string;
}

/**
 * Replaces the recorded resolution of a resolved conflict (what its write-back did so far); false
 * when the conflict is no longer resolved by `decision` (reopened or decided anew meanwhile).
 */
export async function recordResolution(
  db: Executor,
  scope: Scope,
  id: string,
  decision: DecisionRef,
  resolution: unknown,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('conflicts')
    .set({ resolution: toJson(resolution), updated_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('status', '=', 'resolved')
    .where('resolved_by', '=', decision.resolvedBy)
    .where('resolved_at', '=', decision.resolvedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Undoes a decision whose write-back failed: the conflict is open again, with `record` (what
 * the attempt did, if anything) as its resolution, or none. False, and nothing changed, when the
 * conflict is no longer resolved by `decision`.
 */
export async function reopenConflict(
  db: Executor,
  scope: Scope,
  id: string,
  decision: DecisionRef,
  now = new Date(),
  record: unknown = null,
): Promise<boolean> {
  const result = await db
    .updateTable('conflicts')
    .set({
      status: 'open',
      resolution: record === null ? null : toJson(record),
      resolved_by: null,
      resolved_at: null,
      updated_at: iso(now),
    })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('status', '=', 'resolved')
    .where('resolved_by', '=', decision.resolvedBy)
    .where('resolved_at', '=', decision.resolvedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a decision on an open conflict; false when it is not open (or not the scope's), or
 * changed since `decision.readAt`.
 */
export async function decideConflict(
  db: Executor,
  scope: Scope,
  id: string,
  decision: ConflictDecision,
  now = new Date(),
): Promise<boolean> {
  const at = iso(now);
  let update = db
    .updateTable('conflicts')
    .set({
      status: decision.status,
      resolution: toJson(decision.resolution),
      resolved_by: decision.resolvedBy,
      resolved_at: at,
      updated_at: at,
    })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('status', '=', decision.reclaim ? 'resolved' : 'open');
  if (decision.readAt !== undefined) update = update.where('updated_at', '=', decision.readAt);
  const result = await update.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Takes a decision back (a user reopens a resolved or dismissed conflict): the conflict is open
 * again with `record` as its resolution, only if it is still decided as `readAt` saw it; false
 * otherwise (a pass or another decision came first).
 */
export async function undoDecision(
  db: Executor,
  scope: Scope,
  id: string,
  undo: { readAt: string; record: unknown },
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('conflicts')
    .set({
      status: 'open',
      resolution: toJson(undo.record),
      resolved_by: null,
      resolved_at: null,
      updated_at: iso(now),
    })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('status', 'in', ['resolved', 'dismissed'])
    .where('updated_at', '=', undo.readAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
