/**
 * The sync store port over the Store, telling meeting detection about every run that changed a
 * user's events: detection then "runs on every synced change". A run that failed part-way still
 * committed its earlier pages, so it counts as well.
 *
 * What a run changed is kept for detection: the provider ids its delta pages named, and where
 * the sales meetings of the events it deleted stood (read before the page's commit removes them
 * with their events). A snapshot, or a run that names more than INCREMENTAL_LIMIT events, asks
 * for a full run instead: one by one would then cost more than reading the whole calendar.
 */
import type { SyncPage } from '../../providers/provider.js';
import type { MeetingPlace, Scope, Store } from '../../store/store.js';
import type { PageCounts, SyncOutcome, SyncTarget } from '../../sync/sync-store.js';
import type { SyncedChanges } from '../services/meetings.service.js';
import { StoreSyncAdapter } from '../sync-store-adapter.js';

/** Events a run may name and still be detected one by one. */
export const INCREMENTAL_LIMIT = 500;

/** One run's changes so far (null ids: the run needs a full detection). */
interface RunChanges {
  changed: boolean;
  providerEventIds: Set<string> | null;
  removed: MeetingPlace[];
}

export class DetectingSyncAdapter extends StoreSyncAdapter {
  /** Runs (by their target, one object per run) and what they changed. */
  private readonly runs = new WeakMap<SyncTarget, RunChanges>();

  constructor(
    private readonly events: Store,
    private readonly onEventsChanged: (scope: Scope, changes: SyncedChanges) => Promise<void>,
  ) {
    super(events);
  }

  override async commitPage(
    target: SyncTarget,
    page: SyncPage,
    generation: number,
  ): Promise<PageCounts> {
    const run = this.runOf(target);
    const removed = await this.salesMeetingsDeletedBy(target, page, run);
    const counts = await super.commitPage(target, page, generation);
    if (counts.added + counts.updated + counts.deleted > 0) run.changed = true;
    run.removed.push(...removed);
    this.remember(run, page);
    return counts;
  }

  override async succeedRun(
    target: SyncTarget,
    outcome: SyncOutcome,
    at: Date,
    nextRunAt: Date | null,
  ): Promise<void> {
    await super.succeedRun(target, outcome, at, nextRunAt);
    await this.afterRun(target);
  }

  override async failRun(
    target: SyncTarget,
    failure: Parameters<StoreSyncAdapter['failRun']>[1],
    at: Date,
    nextRunAt: Date | null,
  ): Promise<void> {
    await super.failRun(target, failure, at, nextRunAt);
    await this.afterRun(target);
  }

  private runOf(target: SyncTarget): RunChanges {
    let run = this.runs.get(target);
    if (!run) {
      run = { changed: false, providerEventIds: new Set(), removed: [] };
      this.runs.set(target, run);
    }
    return run;
  }

  /** Where the sales meetings of the events a delta page deletes stand, before they go. */
  private async salesMeetingsDeletedBy(
    target: SyncTarget,
    page: SyncPage,
    run: RunChanges,
  ): Promise<MeetingPlace[]> {
    if (page.mode !== 'delta' || !run.providerEventIds || page.deletions.length === 0) return [];
    if (run.providerEventIds.size + page.deletions.length > INCREMENTAL_LIMIT) return [];
    const deleted = await this.events.events.getByProviderIds(
      target.scope,
      target.calendarId,
      page.deletions,
    );
    const places = await this.events.meetings.placesOf(
      target.scope,
      deleted.map((stored) => stored.id),
    );
    return [...places.values()];
  }

  private remember(run: RunChanges, page: SyncPage): void {
    const ids = run.providerEventIds;
    if (!ids) return;
    const named = page.upserts.length + page.deletions.length;
    if (page.mode === 'snapshot' || ids.size + named > INCREMENTAL_LIMIT) {
      run.providerEventIds = null;
      run.removed = [];
      return;
    }
    for (const upsert of page.upserts) ids.add(upsert.event.providerEventId);
    for (const id of page.deletions) ids.add(id);
  }

  private async afterRun(target: SyncTarget): Promise<void> {
    const run = this.runs.get(target);
    this.runs.delete(target);
    if (!run?.changed) return;
    const changes: SyncedChanges = run.providerEventIds
      ? {
          kind: 'events',
          calendarId: target.calendarId,
          providerEventIds: [...run.providerEventIds],
          removed: run.removed,
        }
      : { kind: 'all' };
    await this.onEventsChanged(target.scope, changes);
  }
}
