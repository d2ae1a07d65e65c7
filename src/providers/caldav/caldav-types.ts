/**
 * The shapes the CalDAV client takes and hands back, apart from the client itself, so that the
 * pieces it is built from (its fetch, its reading of answers) can share them without importing
 * the client that imports them.
 */

export interface CaldavCredentials {
  /** A server URL (https://caldav.example.com/dav/) or a bare domain (example.com). */
  serverUrl: string;
  username: string;
  password: string;
}

/** Where discovery led: the principal and its calendar home set. */
export interface CaldavAccount {
  serverUrl: string;
  rootUrl: string;
  principalUrl: string;
  homeUrl: string;
}

export interface CaldavCalendar {
  /** Absolute URL of the calendar collection: its id on our side. */
  url: string;
  displayName: string | null;
  ctag: string | null;
  syncToken: string | null;
  /** IANA zone of the calendar's CALDAV:calendar-timezone, when it names one we know. */
  timeZone: string | null;
  supportsSyncCollection: boolean;
}

/** A calendar the home set named by an href that cannot be used, and why (naming the href). */
export interface SkippedCalendar {
  /** As the server sent it ('' when it sent none). */
  href: string;
  reason: string;
}

/** The home set's event calendars, and those left out of it. */
export interface CalendarList {
  calendars: CaldavCalendar[];
  skipped: SkippedCalendar[];
  /** The answer shows the list whole (isWholeListing): an empty one means no calendars. */
  whole: boolean;
}

/** An object as a listing names it; `href` is the decoded path (see normaliseHref). */
export interface ObjectVersion {
  href: string;
  etag: string | null;
}

/** The members a listing named, and the hrefs it named that are not URLs (see readHref). */
export interface Listing {
  versions: ObjectVersion[];
  /** As the server sent them. Any member may hide behind one: the listing is not whole. */
  malformed: string[];
}

export type SyncCollectionAnswer =
  | {
      kind: 'changes';
      changed: ObjectVersion[];
      removed: string[];
      syncToken: string;
      /** Hrefs of changes that are not URLs, as sent: what they changed is not known. */
      malformed: string[];
    }
  | { kind: 'invalid_token' }
  /** The server has no sync-collection on this collection: compare ctags and etags instead. */
  | { kind: 'unsupported' };

export interface CalendarObjectData extends ObjectVersion {
  data: string;
}

export interface MultigetAnswer {
  found: CalendarObjectData[];
  /** Hrefs the server no longer has (deleted since they were listed). */
  missing: string[];
  /** Hrefs in the answer that are not URLs, as sent. */
  malformed: string[];
  /**
   * Hrefs asked for that no readable href answered, when the answer held malformed ones: any of
   * those may have been theirs, so they are not taken as gone.
   */
  unanswered: string[];
}

export interface CaldavClientOptions {
  timeoutMs: number;
  /** For tests and proxies; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Rounds of a sync-collection cut short by 507 before giving up (each continues the last). */
  maxSyncRounds?: number;
  /**
   * How many times a time-range query cut short by 507 is halved before the listing fails
   * (default 6: down to a 64th of the range, at most 127 queries).
   */
  maxRangeSplits?: number;
}
