/**
 * The store's groups for what analysis keeps: scheduling conflicts (found, decided, the change
 * cursor of incremental passes) and relationships (analyses, stage changes, the meetings read).
 */
import { lockOrganisationRelationships } from './relationships-lock.repository.js';
import * as conflictScans from './conflict-scans.repository.js';
import * as conflicts from './conflicts.repository.js';
import type { Executor, Transaction } from './database.js';
import * as relationships from './relationships.repository.js';
import type { Tables } from './schema.js';
import type { OrgScope, Scope } from './scope.js';
import { inTransaction } from './sql-support.js';

export function conflictsGroup(db: Executor) {
  const tx = <T>(fn: (trx: Transaction<Tables>) => Promise<T>) => inTransaction(db, fn);
  return {
    /** Brings the stored conflicts intersecting `window` in step with what was found there. */
    reconcile: (
      scope: Scope,
      window: { from: string; to: string },
      found: readonly conflicts.ConflictDraft[],
      now?: Date,
    ) => tx((trx) => conflicts.reconcileConflicts(trx, scope, window, found, now)),
    /** Notes why a conflict the last reconcile cleared went away (conflict as it cleared it). */
    recordClearance: (scope: Scope, conflict: conflicts.StoredConflict, clearance: unknown) =>
      conflicts.recordClearance(db, scope, conflict, clearance),
    list: (scope: Scope, query?: conflicts.ConflictQuery) =>
      conflicts.listConflicts(db, scope, query),
    get: (scope: Scope, id: string) => conflicts.getConflict(db, scope, id),
    decide: (scope: Scope, id: string, decision: conflicts.ConflictDecision, now?: Date) =>
      conflicts.decideConflict(db, scope, id, decision, now),
    recordResolution: (
      scope: Scope,
      id: string,
      decision: conflicts.DecisionRef,
      resolution: unknown,
      now?: Date,
    ) => conflicts.recordResolution(db, scope, id, decision, resolution, now),
    reopen: (
      scope: Scope,
      id: string,
      decision: conflicts.DecisionRef,
      now?: Date,
      record?: unknown,
    ) => conflicts.reopenConflict(db, scope, id, decision, now, record),
    undoDecision: (
      scope: Scope,
      id: string,
      undo: { readAt: string; record: unknown },
      now?: Date,
    ) => conflicts.undoDecision(db, scope, id, undo, now),
    scanCursor: (scope: Scope) => conflictScans.getScanCursor(db, scope),
    saveScanCursor: (scope: Scope, cursor: string | null, now?: Date) =>
      conflictScans.saveScanCursor(db, scope, cursor, now),
    resetScans: (scope: OrgScope) => conflictScans.resetScans(db, scope),
  };
}

export function relationshipsGroup(db: Executor) {
  const tx = <T>(fn: (trx: Transaction<Tables>) => Promise<T>) => inTransaction(db, fn);
  return {
    /** Writes analyses (recording stage changes) and deletes accounts left without meetings. */
    save: (
      scope: OrgScope,
      drafts: readonly relationships.RelationshipDraft[],
      removed: readonly string[],
      now?: Date,
    ) => tx((trx) => relationships.saveRelationships(trx, scope, drafts, removed, now)),
    list: (scope: OrgScope, query?: relationships.RelationshipQuery) =>
      relationships.listRelationships(db, scope, query),
    get: (scope: OrgScope, accountKey: string) =>
      relationships.getRelationship(db, scope, accountKey),
    keys: (scope: OrgScope) => relationships.listRelationshipKeys(db, scope),
    stageChanges: (scope: OrgScope, accountKey: string) =>
      relationships.listStageChanges(db, scope, accountKey),
    takeDirty: (scope: OrgScope) => relationships.takeDirtyKeys(db, scope),
    countUnkeyed: (scope: OrgScope) => relationships.countUnkeyedMeetings(db, scope),
    meetings: (scope: OrgScope, filter?: { relationshipKey?: string }) =>
      relationships.listRelationshipMeetings(db, scope, filter),
    /** Inside a transaction: waits until no other update of the organisation's runs. */
    lockOrganisation: (scope: OrgScope) => lockOrganisationRelationships(db, scope),
  };
}
