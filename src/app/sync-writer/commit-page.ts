/**
 * One page of a sync, committed: its events, the removals that end a snapshot, and the cursor
 * after it, in one transaction (the contract of SyncStore.commitPage). The same function runs on
 * the main thread and in the writer thread, so both commit exactly alike.
 */
import type { SyncPage } from '../../providers/provider.js';
import type { Store } from '../../store/store.js';
import type { PageCounts, Scope } from '../../sync/sync-store.js';

export interface PageCommit {
  scope: Scope;
  calendarId: string;
  page: SyncPage;
  generation: number;
}

/** Where pages are committed: in this thread's store, or in the writer thread. */
export interface PageWriter {
  commit(commit: PageCommit): Promise<PageCounts>;
  /** A run is starting: get ready to commit, while its first page is fetched. */
  prepare?(): void;
}

/** Pages committed on this thread, in `store`. */
export function inPlaceWriter(store: Store): PageWriter {
  return { commit: (commit) => commitPageTo(store, commit) };
}

export function commitPageTo(store: Store, commit: PageCommit): Promise<PageCounts> {
  const { scope, calendarId, page, generation } = commit;
  return store.transaction(async (tx) => {
    const counts = await tx.events.applyPage(scope, calendarId, page, generation);
    if (page.mode === 'snapshot' && !page.hasMore) {
      const removed = await tx.events.deleteNotInGeneration(scope, calendarId, generation);
      counts.deleted += removed;
      counts.changes.deleted += removed;
    }
    if (page.nextCursor !== null) await tx.syncStatus.setCursor(scope, calendarId, page.nextCursor);
    return counts;
  });
}
