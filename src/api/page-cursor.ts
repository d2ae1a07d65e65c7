/**
 * A list's page cursor: opaque, bound to the user it was given to, to the list and to its filters.
 *
 * The store's cursor is a position (start, id; a relationships position holds an account key),
 * readable and forgeable as it is. The first bound cursors put an unkeyed digest of the list and
 * its filters in front of it (`<digest>.<position>`): anyone could compute that digest, so a
 * hand-made position was taken, one user's cursor was taken from another user, and a
 * relationships cursor showed the account's domain. A cursor is now
 * `tag(12) ‖ AES-256-CTR(digest(6) ‖ form(1) ‖ position)` in base64url, where the tag is an HMAC
 * over the user's id and the plaintext, under keys derived from CALINTEL_SECRET_KEY, and serves as
 * the counter's IV (a synthetic IV, so a cursor is deterministic and nothing is stored). The
 * position travels as bytes when it is base64url (the store's usual form), so a cursor is only
 * about 20 characters longer than the store's. `limit` is not a filter: a client may change its
 * page size between pages. Cursors of the earlier forms are refused, never read as a position.
 */
import { createCipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import type { ApiDeps } from './api-deps.js';
import { callerOf } from './auth.js';

/** The lists paged by a cursor; each binds its cursors to itself. */
export type PagedList =
  | 'events'
  | 'meetings'
  | 'conflicts'
  | 'relationships'
  | 'crm-accounts'
  | 'crm-leads'
  | 'crm-contacts';

/** Whose cursors these are: the key (ApiDeps.pageCursorKey) and the user they are given to. */
export interface CursorOwner {
  readonly key: Buffer;
  readonly userId: string;
}

const TAG_BYTES = 12;
const DIGEST_BYTES = 6;
/** How the position is kept: its base64url bytes, or its text as it is. */
const FORM_BYTES = 0;
const FORM_TEXT = 1;
const HEADER_BYTES = DIGEST_BYTES + 1;

export const DIFFERENT_QUERY = 'this cursor belongs to a different query; start again without it';
export const NOT_YOURS = 'not a cursor this API gave you; start again without it';
const NOT_RETURNED = 'not a cursor this API returned; start again without it';
const UNSEALED =
  'this cursor was given out before cursors were sealed to their user; start again without it';

/** The cursors of one request: the position its `cursor` names, and the `nextCursor` to give. */
export interface RequestCursors {
  /** The store's position of the request's cursor; undefined without one. */
  readonly position: string | undefined;
  /** The cursor to hand out for the store's next position (null on the last page). */
  next(position: string | null): string | null;
}

/** The owner of the cursors of an authenticated request. */
export function cursorOwner(
  deps: Pick<ApiDeps, 'pageCursorKey'>,
  request: FastifyRequest,
): CursorOwner {
  return { key: deps.pageCursorKey, userId: callerOf(request).userId };
}

/**
 * Reads the request's cursor for `list` and `query` (its parsed querystring); an
 * `invalid_cursor` AppError when the cursor was not given to `owner`, was altered, or was made
 * for another list or other filters.
 */
export function requestCursors(
  list: PagedList,
  query: { cursor?: string | undefined } & Record<string, unknown>,
  owner: CursorOwner,
): RequestCursors {
  const digest = digestOf(list, query);
  const keys = keysOf(owner.key);
  return {
    position:
      query.cursor === undefined ? undefined : positionOf(query.cursor, digest, keys, owner.userId),
    next: (position) => (position === null ? null : seal(position, digest, keys, owner.userId)),
  };
}

/** Whether `cursor` is a page cursor of some list given to `owner` (or of an earlier form). */
export function isPageCursor(cursor: string, owner: CursorOwner): boolean {
  if (EARLIER_BOUND.test(cursor)) return true;
  return open(cursor, keysOf(owner.key), owner.userId) !== null;
}

interface CursorKeys {
  readonly mac: Buffer;
  readonly cipher: Buffer;
}

function keysOf(key: Buffer): CursorKeys {
  const derive = (purpose: string) => createHmac('sha256', key).update(purpose).digest();
  return { mac: derive('page-cursor:mac'), cipher: derive('page-cursor:cipher') };
}

function seal(position: string, digest: Buffer, keys: CursorKeys, userId: string): string {
  const bytes = base64urlBytes(position);
  const plain = Buffer.concat([
    digest,
    Buffer.of(bytes === null ? FORM_TEXT : FORM_BYTES),
    bytes ?? Buffer.from(position, 'utf8'),
  ]);
  const tag = tagOf(keys, userId, plain);
  return Buffer.concat([tag, ctr(keys, tag, plain)]).toString('base64url');
}

/** The plaintext of a cursor sealed for `userId`, or null when it is not one. */
function open(cursor: string, keys: CursorKeys, userId: string): Buffer | null {
  const bytes = base64urlBytes(cursor);
  if (bytes === null || bytes.length < TAG_BYTES + HEADER_BYTES) return null;
  const tag = bytes.subarray(0, TAG_BYTES);
  const plain = ctr(keys, tag, bytes.subarray(TAG_BYTES));
  return timingSafeEqual(tag, tagOf(keys, userId, plain)) ? plain : null;
}

function positionOf(cursor: string, digest: Buffer, keys: CursorKeys, userId: string): string {
  const plain = open(cursor, keys, userId);
  if (plain === null) throw invalidCursor(refusalOf(cursor));
  if (!plain.subarray(0, DIGEST_BYTES).equals(digest)) throw invalidCursor(DIFFERENT_QUERY);
  const body = plain.subarray(HEADER_BYTES);
  // A position holding a NUL, raw or escaped, was never one of the store's: PostgreSQL would
  // refuse it in text as a 500. Only a leaked key could seal one; refused all the same.
  const text = body.toString('utf8');
  if (text.includes('\u0000') || text.includes('\\u0000')) throw invalidCursor(NOT_RETURNED);
  return plain[DIGEST_BYTES] === FORM_BYTES ? body.toString('base64url') : text;
}

/** The first bound form, `<digest>.<position>`: its digest was not keyed. */
const EARLIER_BOUND = /^[\w-]{8}\.[\w-]+$/;

/**
 * Why a cursor that does not open is refused: an earlier form was given out before cursors were
 * sealed; a change-log cursor belongs to `/events/changes/`; anything else was given to another
 * user, altered, or never ours.
 */
function refusalOf(cursor: string): string {
  if (EARLIER_BOUND.test(cursor)) return UNSEALED;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (text.startsWith('["'))
    return 'this cursor was given out before cursors were bound to their query; start again without it';
  // A change-log cursor: one AES block (22 characters), or its first form `chg:<sequence>`.
  if (/^[\w-]{22}$/.test(cursor) || text.startsWith('chg:')) return DIFFERENT_QUERY;
  return NOT_YOURS;
}

function tagOf(keys: CursorKeys, userId: string, plain: Buffer): Buffer {
  const user = Buffer.from(userId, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(user.length);
  return createHmac('sha256', keys.mac)
    .update(Buffer.concat([length, user, plain]))
    .digest()
    .subarray(0, TAG_BYTES);
}

/** AES-256-CTR with the tag as the IV's first 12 bytes (CTR enciphers and deciphers alike). */
function ctr(keys: CursorKeys, tag: Buffer, data: Buffer): Buffer {
  const iv = Buffer.concat([tag, Buffer.alloc(16 - TAG_BYTES)]);
  const cipher = createCipheriv('aes-256-ctr', keys.cipher, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** The bytes of `text` when it is exactly base64url (decoding skips what it cannot read). */
function base64urlBytes(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function invalidCursor(reason: string): AppError {
  return new AppError('invalid_cursor', `querystring.cursor: ${reason}`);
}

/** The list's name and its filters (every query parameter but cursor and limit), canonical. */
function digestOf(list: PagedList, query: Record<string, unknown>): Buffer {
  const filters = Object.keys(query)
    .filter((key) => key !== 'cursor' && key !== 'limit' && query[key] !== undefined)
    .sort()
    .map((key) => [key, query[key]]);
  return createHash('sha256')
    .update(JSON.stringify([list, filters]))
    .digest()
    .subarray(0, DIGEST_BYTES);
}
