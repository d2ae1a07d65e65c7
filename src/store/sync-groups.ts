/**
 * The store's groups for what syncing keeps: each calendar's sync status, its events (written a
 * page at a time, in the transaction that also moves the cursor), and the change log. Kept apart
 * from store.ts, which wires every group into the Store, to keep that file small.
 */
import { ChangeCursors } from './change-cursors.js';
import * as changes from './changes.repository.js';
import type { Executor, Transaction } from './database.js';
import * as events from './events.repository.js';
import * as retention from './events-retention.repository.js';
import * as unlisted from './events-unlisted.repository.js';
import type { Tables } from './schema.js';
import type { OrgScope, Scope } from './scope.js';
import type { SecretBox } from './secret-box.js';
import * as syncStatus from './sync-status.repository.js';

type Db = Executor;
type Trx = Transaction<Tables>;
/** Runs a function that needs a Transaction in the store's, or in a new one. */
export type InTx = <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>;

export function syncStatusGroup(db: Db, tx: InTx) {
  return {
    get: (scope: Scope, calendarId: string) => syncStatus.getSyncStatus(db, scope, calendarId),
    list: (scope: Scope) => syncStatus.listSyncStatus(db, scope),
    markStarted: (scope: Scope, calendarId: string, now?: Date) =>
      syncStatus.markSyncStarted(db, scope, calendarId, now),
    claimRun: (scope: Scope, calendarId: string, claim: syncStatus.SyncRunClaim) =>
      syncStatus.claimSyncRun(db, scope, calendarId, claim),
    /** In a page's transaction (see continueSyncRun). */
    continueRun: (scope: Scope, calendarId: string, runId: string, now: Date) =>
      tx((trx) => syncStatus.continueSyncRun(trx, scope, calendarId, runId, now)),
    markRunning: (scope: Scope, calendarId: string, mark: syncStatus.UnclaimedRun) =>
      syncStatus.markSyncRunning(db, scope, calendarId, mark),
    markStopped: (scope: Scope, calendarId: string, stop: syncStatus.SyncStop) =>
      syncStatus.markSyncStopped(db, scope, calendarId, stop),
    abandonRun: (scope: Scope, calendarId: string, runId: string) =>
      syncStatus.abandonSyncRun(db, scope, calendarId, runId),
    revokeRun: (scope: Scope, calendarId: string) =>
      syncStatus.revokeSyncRun(db, scope, calendarId),
    nextGeneration: (scope: Scope, calendarId: string) =>
      syncStatus.nextSyncGeneration(db, scope, calendarId),
    markSucceeded: (
      scope: Scope,
      calendarId: string,
      outcome: syncStatus.SyncSuccess,
      now?: Date,
    ) => syncStatus.markSyncSucceeded(db, scope, calendarId, outcome, now),
    markFailed: (scope: Scope, calendarId: string, failure: syncStatus.SyncFailure, now?: Date) =>
      syncStatus.markSyncFailed(db, scope, calendarId, failure, now),
    recountEvents: (scope: Scope, calendarId: string) =>
      syncStatus.recountSyncEvents(db, scope, calendarId),
    setCursor: (scope: Scope, calendarId: string, cursor: string | null) =>
      tx((trx) => syncStatus.setSyncCursor(trx, scope, calendarId, cursor)),
    listDue: (now: Date, options?: { limit?: number; staleAfterMs?: number }) =>
      syncStatus.listDueSyncs(db, now, options),
    listFailing: (since: Date) => syncStatus.listFailingSyncs(db, since),
  };
}

export function eventsGroup(db: Db, tx: InTx) {
  return {
    applyPage: (
      scope: Scope,
      calendarId: string,
      page: events.EventPageInput,
      generation: number,
      now?: Date,
    ) => tx((trx) => events.applyEventPage(trx, scope, calendarId, page, generation, now)),
    deleteNotInGeneration: (
      scope: Scope,
      calendarId: string,
      generation: number,
      options?: unlisted.UnlistedDeletionOptions,
    ) =>
      tx((trx) =>
        unlisted.deleteEventsNotInGeneration(trx, scope, calendarId, generation, options),
      ),
    list: (scope: Scope, query?: events.EventQuery) => events.listEvents(db, scope, query),
    iterate: (scope: Scope, query?: Omit<events.EventQuery, 'cursor'>) =>
      events.iterateEvents(db, scope, query),
    get: (scope: Scope, id: string) => events.getEvent(db, scope, id),
    getMany: (scope: Scope, ids: readonly string[]) => events.getEvents(db, scope, ids),
    listMeetingCopies: (
      scope: OrgScope,
      event: { id: string; iCalUid: string | null; originalStart: string | null },
    ) => events.listMeetingCopies(db, scope, event),
    count: (scope: Scope, filter?: { calendarId?: string }) =>
      events.countEvents(db, scope, filter),
    /** Retention: deletes the events of a user, an organisation or `'all'` that ended before. */
    deleteEndedBefore: (target: retention.RetentionTarget, cutoff: Date) =>
      retention.deleteEventsEndedBefore(db, target, cutoff),
  };
}

export function changesGroup(db: Db, box: SecretBox) {
  const cursors = new ChangeCursors(box.deriveKey('change-cursor'));
  return {
    /**
     * The scope's change log after `query.since`, oldest first; InvalidCursorError if the cursor
     * is malformed or was given to another user.
     */
    list: (scope: Scope, query?: changes.ChangeQuery) =>
      changes.listChanges(db, scope, cursors, query),
    /** The cursor of the scope's latest change. */
    latestCursor: (scope: Scope) => changes.latestChangeCursor(db, scope, cursors),
    /** Retention: removes every tenant's changes older than `before`. */
    deleteOlderThan: (before: Date) => changes.deleteChangesOlderThan(db, before),
  };
}
