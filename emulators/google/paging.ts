/**
 * Paging over frozen snapshots. The first request of a listing computes every item once and
 * later pages are cut from that copy, so a change between two pages can neither repeat an event
 * nor hide one; the sync token handed out on the last page carries the sequence number of the
 * snapshot, so the next incremental call picks up whatever changed meanwhile.
 *
 * Page sizes follow the page-shape setting: exact sizes for the first pages, then short or empty
 * pages at a seeded rate, because Google's pages may hold fewer items than maxResults, or none,
 * and still carry nextPageToken (contract §1.1).
 */
import { randomBytes } from 'node:crypto';
import { seededRandom } from './prng.js';
import type { PageShapes } from './settings.js';
import type { GoogleEvent } from './types.js';

export interface Snapshot {
  items: GoogleEvent[];
  /** Sizes of the pages, in order; they add up to items.length. */
  sizes: number[];
  /** Sequence number the listing reflects: the next sync token starts from here. */
  seq: number;
  calendarId: string;
  user: string;
  paramsKey: string;
  filterKey: string;
  singleEvents: boolean;
  syncToken: string | undefined;
}

export interface Page {
  items: GoogleEvent[];
  /** Set on every page but the last. */
  nextPageToken?: string;
}

/** Snapshots kept at most; a page token of an evicted one is refused like a garbage token. */
const MAX_SNAPSHOTS = 500;
/** Random empty pages in a row at most, so a high rate cannot stall a listing. */
const MAX_EMPTY_RUN = 3;

export class Pager {
  private readonly snapshots = new Map<string, { snapshot: Snapshot; page: number }>();
  private random: () => number;

  constructor(private readonly shapes: () => PageShapes) {
    this.random = seededRandom(shapes().seed);
  }

  /** Restarts the random page shapes from their seed. */
  reseed(): void {
    this.random = seededRandom(this.shapes().seed);
  }

  clear(): void {
    this.snapshots.clear();
  }

  /** Freezes a listing and returns its first page. */
  start(
    base: Omit<Snapshot, 'sizes'>,
    maxResults: number,
  ): { page: Page; snapshot: Snapshot; last: boolean } {
    const snapshot = { ...base, sizes: this.plan(base.items.length, maxResults) };
    return this.serve(snapshot, 0);
  }

  /** The page a token stands for, or undefined for a token this emulator does not know. */
  resume(token: string): { page: Page; snapshot: Snapshot; last: boolean } | undefined {
    const found = this.snapshots.get(token);
    if (!found) return undefined;
    return this.serve(found.snapshot, found.page);
  }

  peek(token: string): Snapshot | undefined {
    return this.snapshots.get(token)?.snapshot;
  }

  private serve(
    snapshot: Snapshot,
    page: number,
  ): { page: Page; snapshot: Snapshot; last: boolean } {
    const offset = snapshot.sizes.slice(0, page).reduce((a, b) => a + b, 0);
    const items = snapshot.items.slice(offset, offset + (snapshot.sizes[page] ?? 0));
    const last = page >= snapshot.sizes.length - 1;
    if (last) return { page: { items }, snapshot, last };
    const token = randomBytes(24).toString('base64url');
    this.snapshots.set(token, { snapshot, page: page + 1 });
    this.evict();
    return { page: { items, nextPageToken: token }, snapshot, last };
  }

  private evict(): void {
    const pages = [...new Set([...this.snapshots.values()].map((v) => v.snapshot))];
    if (pages.length <= MAX_SNAPSHOTS) return;
    const oldest = pages[0];
    for (const [token, value] of this.snapshots) {
      if (value.snapshot === oldest) this.snapshots.delete(token);
    }
  }

  /** Page sizes for `total` items: exact sizes first, then random short and empty pages. */
  plan(total: number, maxResults: number): number[] {
    const shapes = this.shapes();
    const exact = [...(shapes.sizes ?? [])];
    const sizes: number[] = [];
    let left = total;
    let emptyRun = 0;
    while (left > 0 || exact.length > 0 || sizes.length === 0) {
      const wanted = exact.length > 0 ? exact.shift()! : this.randomSize(maxResults, emptyRun);
      const size = Math.min(wanted, maxResults, left);
      emptyRun = size === 0 ? emptyRun + 1 : 0;
      sizes.push(size);
      left -= size;
    }
    return sizes;
  }

  private randomSize(maxResults: number, emptyRun: number): number {
    const { shortPageRate, emptyPageRate } = this.shapes();
    const roll = this.random();
    if (roll < emptyPageRate && emptyRun < MAX_EMPTY_RUN) return 0;
    if (roll < emptyPageRate + shortPageRate && maxResults > 1)
      return 1 + Math.floor(this.random() * (maxResults - 1));
    return maxResults;
  }
}
