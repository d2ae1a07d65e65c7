/**
 * Consecutive small provider pages joined into commits of a useful size. Graph serves a first
 * sync in pages of 500 events; committing each one on its own made SQLite write the index pages
 * those events touch once per 500 events instead of once per 2,500 (a 100,000-event store
 * took 9-11 s at 500 a commit against 6-7 s at 2,500; BENCHMARKS.md). A joined page commits with
 * the cursor of its last part, so a crash still resumes from a committed cursor, never skips.
 */
import type { ProviderEvent, SyncPage } from '../providers/provider.js';

/** Events per joined page: beyond 2,500 commits got no cheaper, and memory stays bounded. */
export const JOINED_PAGE_EVENTS = 2_500;

/**
 * Yields the source's pages joined while they have the same mode and bound on their removals
 * and fewer than `maxEvents` events are held. A page that ends a run (`hasMore` false) or changes
 * mode or bound ends the joined page. When the source fails, what was already read is yielded first, so that its commit
 * keeps the progress made, and the error surfaces after it.
 */
export async function* coalescePages(
  source: AsyncIterable<SyncPage>,
  maxEvents = JOINED_PAGE_EVENTS,
): AsyncGenerator<SyncPage> {
  let joined: PageJoiner | null = null;
  try {
    for await (const page of source) {
      if (joined && !joined.takes(page)) {
        yield joined.page();
        joined = null;
      }
      joined ??= new PageJoiner(page.mode, page.removalsWithin);
      joined.add(page);
      if (!page.hasMore || joined.size >= maxEvents) {
        yield joined.page();
        joined = null;
      }
    }
  } catch (error) {
    if (joined) {
      const partial = joined.page();
      joined = null;
      yield partial;
    }
    throw error;
  }
  if (joined) yield joined.page();
}

/**
 * Later pages win: an event deleted by one page and listed again by a later one is kept, and
 * one listed then deleted is deleted. Within one page a deletion wins, as the store applies it.
 */
class PageJoiner {
  private readonly parts: SyncPage[] = [];
  private events = 0;

  constructor(
    readonly mode: SyncPage['mode'],
    readonly removalsWithin: SyncPage['removalsWithin'],
  ) {}

  /** Whether `page` can join: a removal bounded to a window must not become unbounded, or worse. */
  takes(page: SyncPage): boolean {
    return page.mode === this.mode && sameSpan(page.removalsWithin, this.removalsWithin);
  }

  get size(): number {
    return this.events;
  }

  add(page: SyncPage): void {
    this.parts.push(page);
    this.events += page.upserts.length + page.deletions.length;
  }

  page(): SyncPage {
    const last = this.parts.at(-1);
    if (!last) throw new Error('a joined page needs at least one page');
    // One page (Google's 2,500) passes through untouched.
    if (this.parts.length === 1) return last;
    const upserts = new Map<string, ProviderEvent>();
    const deletions = new Set<string>();
    for (const part of this.parts) {
      const deleted = new Set(part.deletions);
      for (const id of deleted) {
        upserts.delete(id);
        deletions.add(id);
      }
      for (const upsert of part.upserts) {
        const id = upsert.event.providerEventId;
        if (deleted.has(id)) continue;
        deletions.delete(id);
        // Re-inserted so that the joined page lists each event where its last page did.
        upserts.delete(id);
        upserts.set(id, upsert);
      }
    }
    return {
      mode: this.mode,
      upserts: [...upserts.values()],
      deletions: [...deletions],
      issues: this.parts.flatMap((part) => part.issues),
      nextCursor: last.nextCursor,
      hasMore: last.hasMore,
      ...(this.removalsWithin ? { removalsWithin: this.removalsWithin } : {}),
      ...(this.parts.every((part) => part.sameContent) ? { sameContent: true as const } : {}),
    };
  }
}

function sameSpan(a: SyncPage['removalsWithin'], b: SyncPage['removalsWithin']): boolean {
  if (!a || !b) return a === b;
  return a.from.getTime() === b.from.getTime() && a.to.getTime() === b.to.getTime();
}
