/**
 * What an Exchange calendar's cursor remembers between runs, as CalDAV's does (caldav-cursor.ts):
 * where the folder's history was read up to (the SyncState), and per item the ChangeKey last
 * applied and the ids of the events it produced in the window. Those ids are how a changed or
 * deleted item's vanished instances are found: SyncFolderItems names the master (an Update, or a
 * Delete with a bare ItemId), never the instances an edit of the series removed.
 */
import { windowKeyOf } from '../caldav/caldav-cursor.js';

export { windowKeyOf };

export interface ItemState {
  /** The ChangeKey last applied; an Update with the same one is a replay. */
  changeKey: string | null;
  /** Provider event ids the item produced in the window (see exchange-mapper.ts). */
  ids: string[];
  /**
   * The item could not be read when last asked for (Exchange's error for it, a series whose
   * pattern or occurrences cannot be read): `changeKey` is still the one applied before (null if
   * none was), `ids` every id it produced before, and the next run reads it again whatever
   * SyncFolderItems reports, until it reads cleanly.
   */
  unreadable?: true;
}

export interface ExchangeCursor {
  v: 1;
  /** The window the ids were expanded for: when it moves, the folder is read afresh. */
  window: string;
  syncState: string;
  items: Record<string, ItemState>;
  /**
   * Set while a listing from no SyncState is part-way (a first sync, a moved window, a state the
   * server forgot): `items` holds only what the listing has read, and `before` the event ids the
   * calendar held when it began. A run that finishes the listing deletes those it did not list.
   */
  listing?: { before: string[] };
}

export function writeCursor(cursor: ExchangeCursor): string {
  return JSON.stringify(cursor);
}

/** The cursor, or null when there is none or it cannot be read (a snapshot puts it right). */
export function readCursor(text: string | null): ExchangeCursor | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<ExchangeCursor>;
    if (value.v !== 1 || typeof value.window !== 'string') return null;
    if (typeof value.syncState !== 'string' || !value.syncState) return null;
    if (typeof value.items !== 'object' || value.items === null) return null;
    const cursor: ExchangeCursor = {
      v: 1,
      window: value.window,
      syncState: value.syncState,
      items: value.items,
    };
    if (value.listing) {
      if (!Array.isArray(value.listing.before)) return null;
      cursor.listing = { before: value.listing.before.filter((id) => typeof id === 'string') };
    }
    return cursor;
  } catch {
    return null;
  }
}

/** Every event id the cursor says the calendar holds: its items', and a listing's `before`. */
export function heldEventIds(cursor: ExchangeCursor | null): string[] {
  if (!cursor) return [];
  const ids = new Set(cursor.listing?.before ?? []);
  for (const item of Object.values(cursor.items)) for (const id of item.ids) ids.add(id);
  return [...ids];
}
