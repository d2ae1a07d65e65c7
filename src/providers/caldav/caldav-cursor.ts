/**
 * What a CalDAV calendar's cursor remembers between runs. The sync token (or, on a server
 * without sync-collection, the ctag) says where the server's history was read up to; the
 * objects say, per href, the etag last applied and the keys of the events it produced in the
 * window. Those keys are how a changed or deleted object's vanished instances are found: the
 * server names the object, never the instances (an EXDATE added to a series removes one).
 */

export interface ObjectState {
  etag: string | null;
  /** Keys of the events this object produced in the window (see caldav-mapper eventIdOf). */
  keys: string[];
  /**
   * The object could not be read whole when last fetched: `etag` is still the one applied
   * before (null if none was), `keys` every key it produced before or since, and the next
   * change sync fetches it again whatever the server reports, until it reads cleanly.
   */
  unreadable?: true;
}

export interface CaldavCursor {
  v: 1;
  /** The day the window started on: when it moves, the calendar is listed afresh. */
  windowDay: string;
  /** null: the server offers no sync-collection, so ctags and etags are compared instead. */
  syncToken: string | null;
  ctag: string | null;
  objects: Record<string, ObjectState>;
}

export function writeCursor(cursor: CaldavCursor): string {
  return JSON.stringify(cursor);
}

/** The cursor, or null when there is none or it cannot be read (a full listing puts it right). */
export function readCursor(text: string | null): CaldavCursor | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<CaldavCursor>;
    if (value.v !== 1 || typeof value.windowDay !== 'string') return null;
    if (typeof value.objects !== 'object' || value.objects === null) return null;
    return {
      v: 1,
      windowDay: value.windowDay,
      syncToken: typeof value.syncToken === 'string' ? value.syncToken : null,
      ctag: typeof value.ctag === 'string' ? value.ctag : null,
      objects: value.objects,
    };
  } catch {
    return null;
  }
}

/**
 * The window a cursor's expansions were made for, as text: both ends' days, so that a changed
 * number of future days (not only a new day) lists the calendar again.
 */
export function windowKeyOf(window: { from: Date; to: Date }): string {
  return `${windowDayOf(window.from)}/${windowDayOf(window.to)}`;
}

/** The day an instant falls on (UTC), as the cursor keeps it. */
export function windowDayOf(from: Date): string {
  return from.toISOString().slice(0, 10);
}
