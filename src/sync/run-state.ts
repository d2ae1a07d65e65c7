/**
 * Where a sync run is (sync-engine.ts): whether it has claimed its calendar yet, and a cursor
 * it has not written. A run claims its calendar only before its first write, and a delta page
 * that changes nothing is not committed on its own, so that a run its provider answers "no
 * changes" (a feed's 304, an empty delta) writes the calendar's sync status once, at its end.
 */
import { emptyChangeCounts } from '../domain/changes/event-change.js';
import type { SyncPage } from '../providers/provider.js';
import type { PageCounts, RunProgress } from './sync-store.js';

export interface RunState {
  startedAt: Date;
  claimed: boolean;
  /** The generation the claim started (0 before it): the pages of a snapshot are stamped with it. */
  generation: number;
  /** The cursor after the last pages, when they changed nothing and were not committed. */
  cursor?: string | null;
}

export function progressOf(run: RunState): RunProgress {
  return {
    startedAt: run.startedAt,
    claimed: run.claimed,
    ...(run.cursor !== undefined ? { cursor: run.cursor } : {}),
  };
}

/**
 * A delta page with nothing to write but its cursor: no event, no removal, no stored event kept
 * despite an issue (a kept event is stamped with the run's generation, which only a snapshot's
 * end reads, but the page is then committed as before).
 */
export function changesNothing(page: SyncPage): boolean {
  return (
    page.mode === 'delta' &&
    page.upserts.length === 0 &&
    page.deletions.length === 0 &&
    page.issues.every((issue) => issue.providerEventId === null)
  );
}

export function emptyPageCounts(): PageCounts {
  return { added: 0, updated: 0, unchanged: 0, deleted: 0, changes: emptyChangeCounts() };
}
