/**
 * A list's page cursor is bound to the list and the filters it was made for.
 *
 * The store's cursor is a position only (start, id), so a `nextCursor` of one query used with
 * another answered a silently wrong page: a cursor of `from=2026-11-01` sent with
 * `from=2026-06-01` started in November and skipped June to October, and the events list's
 * cursor was taken by the meetings and conflicts lists too. The API now puts a digest of the
 * list's name and its filters in front of the store's cursor (`<digest>.<position>`, 9 characters
 * more) and refuses a cursor whose digest is not the request's. `limit` is not a filter: a client
 * may change its page size between pages. Cursors given out before the binding carry no digest;
 * they are refused as such, never read as a position.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../domain/errors.js';

/** The lists paged by a cursor; each binds its cursors to itself. */
export type PagedList = 'events' | 'meetings' | 'conflicts' | 'relationships';

const DIGEST_BYTES = 6;
const DIGEST_LENGTH = 8; // base64url of DIGEST_BYTES
const BOUND = /^([\w-]{8})\.([\w-]+)$/;

export const DIFFERENT_QUERY = 'this cursor belongs to a different query; start again without it';

/** The cursors of one request: the position its `cursor` names, and the `nextCursor` to give. */
export interface RequestCursors {
  /** The store's position of the request's cursor; undefined without one. */
  readonly position: string | undefined;
  /** The cursor to hand out for the store's next position (null on the last page). */
  next(position: string | null): string | null;
}

/**
 * Reads the request's cursor for `list` and `query` (its parsed querystring); an
 * `invalid_cursor` AppError when the cursor was made for another list or other filters.
 */
export function requestCursors(
  list: PagedList,
  query: { cursor?: string | undefined } & Record<string, unknown>,
): RequestCursors {
  const digest = digestOf(list, query);
  return {
    position: query.cursor === undefined ? undefined : positionOf(query.cursor, digest),
    next: (position) => (position === null ? null : `${digest}.${position}`),
  };
}

/** Whether `cursor` is a page cursor of some list: as a change-log `since`, a cursor of another query. */
export function isPageCursor(cursor: string): boolean {
  return BOUND.test(cursor);
}

function positionOf(cursor: string, digest: string): string {
  const bound = BOUND.exec(cursor);
  if (bound === null) throw invalidCursor(unboundReason(cursor));
  if (bound[1] !== digest) throw invalidCursor(DIFFERENT_QUERY);
  return bound[2] as string;
}

/**
 * Why a cursor without a digest is refused: one of the first form (base64url of a JSON pair) was
 * given out before cursors were bound to their query; anything else was never ours, or is a
 * change-log cursor, which belongs to `/events/changes/`.
 */
function unboundReason(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (text.startsWith('["'))
    return 'this cursor was given out before cursors were bound to their query; start again without it';
  // A change-log cursor: one AES block (22 characters), or its first form `chg:<sequence>`.
  if (/^[\w-]{22}$/.test(cursor) || text.startsWith('chg:')) return DIFFERENT_QUERY;
  return 'not a cursor this API gave out; start again without it';
}

function invalidCursor(reason: string): AppError {
  return new AppError('invalid_cursor', `querystring.cursor: ${reason}`);
}

/** The list's name and its filters (every query parameter but cursor and limit), canonical. */
function digestOf(list: PagedList, query: Record<string, unknown>): string {
  const filters = Object.keys(query)
    .filter((key) => key !== 'cursor' && key !== 'limit' && query[key] !== undefined)
    .sort()
    .map((key) => [key, query[key]]);
  const digest = createHash('sha256')
    .update(JSON.stringify([list, filters]))
    .digest()
    .subarray(0, DIGEST_BYTES)
    .toString('base64url');
  return digest.slice(0, DIGEST_LENGTH);
}
