/**
 * What an ICS feed's cursor remembers from one poll to the next (the validators the next request
 * sends, the hash and size of the body last applied, the window's day, an empty answer seen once)
 * and how it is read back. Kept apart from ics-provider.ts, which decides what each answer does,
 * so that the cursor's shape and its tolerant reading are in one place.
 */
import { createHash } from 'node:crypto';
import type { SyncIssue, SyncPage, SyncWindow } from '../provider.js';
import type { FeedValidators } from './ics-client.js';

export interface IcsCursor extends FeedValidators {
  contentHash: string;
  /** The day the window started on: when it moves, the feed is expanded afresh. */
  windowDay: string;
  /** VEVENT blocks in the body last applied; absent in cursors written before it was kept. */
  events?: number;
  /**
   * The content hash of an empty calendar the feed answered with once, after one with events:
   * applied (every stored event removed) only if the next fetch answers with an empty calendar
   * again.
   */
  emptyOnce?: string;
}

/** Whether a feed answered under the validators the cursor already keeps. */
export function sameValidators(a: FeedValidators, b: FeedValidators): boolean {
  return a.etag === b.etag && a.lastModified === b.lastModified;
}

/** A page that changes no event and moves the cursor on. */
export function cursorOnlyPage(cursor: IcsCursor, issues: SyncIssue[]): SyncPage {
  return {
    mode: 'delta',
    upserts: [],
    deletions: [],
    issues,
    nextCursor: JSON.stringify(cursor),
    hasMore: false,
  };
}

/** VEVENT blocks in an iCalendar text (lines that begin one). */
export function countEvents(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/^BEGIN:VEVENT\r?$/gim)) if (match) count += 1;
  return count;
}

/** The cursor a run stored, or null for a first run or one whose cursor cannot be read. */
export function parseCursor(cursor: string | null): IcsCursor | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as Partial<IcsCursor>;
    return typeof value.contentHash === 'string' && typeof value.windowDay === 'string'
      ? {
          etag: value.etag ?? null,
          lastModified: value.lastModified ?? null,
          contentHash: value.contentHash,
          windowDay: value.windowDay,
          ...(typeof value.events === 'number' ? { events: value.events } : {}),
          ...(typeof value.emptyOnce === 'string' ? { emptyOnce: value.emptyOnce } : {}),
        }
      : null;
  } catch {
    // An unreadable cursor only costs one full fetch.
    return null;
  }
}

/** The hash by which an unchanged body is recognised under new validators. */
export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The window's first day, which the cursor compares to expand the feed afresh when it moves. */
export function dayOf(window: SyncWindow): string {
  return window.from.toISOString().slice(0, 10);
}
