/**
 * What a CalDAV calendar's server says changed since a cursor, and the listing a snapshot starts
 * from: RFC 6578 sync-collection where the server offers it, else the ctag and every etag.
 */
import type { CaldavSession, ObjectVersion } from './caldav-client.js';
import type { CaldavCursor } from './caldav-cursor.js';

/** What changed since the cursor, or why there is nothing to read incrementally. */
export type Changes =
  | { kind: 'unchanged' }
  | { kind: 'resync' }
  | {
      kind: 'changes';
      changed: ObjectVersion[];
      removed: string[];
      syncToken: string | null;
      ctag: string | null;
      /**
       * Hrefs named that are not URLs (see readHref): what they changed is not known, so the
       * changes are not complete and the next run asks for them again.
       */
      malformed: string[];
    };

/** What changed since the cursor; 'resync' when the server forgot the token. */
export async function changesSince(
  session: CaldavSession,
  calendarUrl: string,
  previous: CaldavCursor,
): Promise<Changes> {
  // Objects that could not be read last time are fetched again even if the server says nothing.
  const unread = Object.keys(previous.objects).filter((href) => previous.objects[href]?.unreadable);
  if (previous.syncToken !== null) {
    const answer = await session.syncCollection(calendarUrl, previous.syncToken);
    if (answer.kind !== 'changes') return { kind: 'resync' };
    const none =
      answer.changed.length === 0 && answer.removed.length === 0 && answer.malformed.length === 0;
    if (none && answer.syncToken === previous.syncToken && unread.length === 0)
      return { kind: 'unchanged' };
    const named = new Set([...answer.changed.map((v) => v.href), ...answer.removed]);
    const retried = unread.filter((href) => !named.has(href)).map((href) => ({ href, etag: null }));
    return { ...answer, changed: [...answer.changed, ...retried], ctag: null };
  }
  const ctag = await session.ctag(calendarUrl);
  if (ctag !== null && ctag === previous.ctag && unread.length === 0) return { kind: 'unchanged' };
  const listed = await session.listObjects(calendarUrl);
  const present = new Set(listed.versions.map((v) => v.href));
  return {
    kind: 'changes',
    changed: listed.versions.filter(
      (v) =>
        v.etag === null ||
        previous.objects[v.href]?.etag !== v.etag ||
        previous.objects[v.href]?.unreadable,
    ),
    // An object missing from a listing with a malformed href may be the one behind it.
    removed: listed.malformed.length
      ? []
      : Object.keys(previous.objects).filter((href) => !present.has(href)),
    syncToken: null,
    ctag,
    malformed: listed.malformed,
  };
}

/**
 * Every member with its etag, the hrefs named that are not URLs, and where later syncs start
 * from: a sync token, or the ctag.
 */
export async function listEverything(
  session: CaldavSession,
  calendarUrl: string,
): Promise<{
  versions: ObjectVersion[];
  malformed: string[];
  syncToken: string | null;
  ctag: string | null;
}> {
  const answer = await session.syncCollection(calendarUrl, '');
  if (answer.kind === 'changes')
    return {
      versions: answer.changed,
      malformed: answer.malformed,
      syncToken: answer.syncToken,
      ctag: null,
    };
  // Read before the listing: a change made in between shows as a new ctag next time.
  const ctag = await session.ctag(calendarUrl);
  return { ...(await session.listObjects(calendarUrl)), syncToken: null, ctag };
}
