/**
 * The sync store port over the Store, telling meeting detection about every run that changed a
 * user's events: detection then "runs on every synced change". A run that failed part-way still
 * committed its earlier pages, so it counts as well.
 */
import type { SyncPage } from '../../providers/provider.js';
import type { Scope, Store } from '../../store/store.js';
import type { PageCounts, RunProgress, SyncOutcome, SyncTarget } from '../../sync/sync-store.js';
import { StoreSyncAdapter } from '../sync-store-adapter.js';

export class DetectingSyncAdapter extends StoreSyncAdapter {
  /** Runs (by their target, one object per run) that committed a change. */
  private readonly changed = new WeakSet<SyncTarget>();

  constructor(
    store: Store,
    private readonly onEventsChanged: (scope: Scope) => Promise<void>,
  ) {
    super(store);
  }

  override async commitPage(
    target: SyncTarget,
    page: SyncPage,
    generation: number,
  ): Promise<PageCounts> {
    const counts = await super.commitPage(target, page, generation);
    // A row rewritten without a logged change (counted unchanged) is read again too: detection
    // may use what changed in it (its raw payload).
    if (counts.added + counts.updated + counts.deleted + (counts.rewritten ?? 0) > 0)
      this.changed.add(target);
    return counts;
  }

  override async succeedRun(
    target: SyncTarget,
    outcome: SyncOutcome,
    at: Date,
    nextRunAt: Date | null,
    run: RunProgress,
  ): Promise<boolean> {
    const recorded = await super.succeedRun(target, outcome, at, nextRunAt, run);
    await this.afterRun(target);
    return recorded;
  }

  override async failRun(
    target: SyncTarget,
    failure: Parameters<StoreSyncAdapter['failRun']>[1],
    at: Date,
    nextRunAt: Date | null,
    run: RunProgress,
  ): Promise<void> {
    await super.failRun(target, failure, at, nextRunAt, run);
    await this.afterRun(target);
  }

  private async afterRun(target: SyncTarget): Promise<void> {
    if (!this.changed.has(target)) return;
    this.changed.delete(target);
    await this.onEventsChanged(target.scope);
  }
}
