/** How stored events are completed, changed and shown (full, tombstone, or cancelled instance). */
import { createHash, randomBytes } from 'node:crypto';
import { badRequest } from './errors.js';
import { instanceSuffix, rfc3339 } from './times.js';
import type { GoogleEvent, GoogleEventInput, GoogleEventPatch, GooglePerson } from './types.js';

/** Fields a client or the control API cannot set: Google derives or fixes them. */
const READ_ONLY = ['kind', 'etag', 'id', 'iCalUID', 'created', 'recurringEventId', 'htmlLink'];
/** Changing one of these is a "significant" change: Google then increments `sequence`. */
const SIGNIFICANT = ['start', 'end', 'recurrence', 'location', 'status'];

/** Google's event ids use base32hex (a-v, 0-9); generated ones look the same. */
export function newEventId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...randomBytes(26)].map((b) => alphabet[b % 32]).join('');
}

/** A content hash rendered as digits, as Google's etags look (`"3512345678901000"`). */
export function etagOf(value: unknown): string {
  const digest = createHash('sha1').update(JSON.stringify(value)).digest('hex');
  return `"${BigInt(`0x${digest.slice(0, 13)}`).toString()}"`;
}

/** The event with a fresh etag computed from everything else. */
export function withEtag(event: GoogleEvent): GoogleEvent {
  const { etag: _old, ...rest } = event;
  return { kind: 'calendar#event', etag: etagOf(rest), ...rest, id: event.id };
}

export interface CompleteContext {
  nowMs: number;
  /** The user who created it. */
  creator: GooglePerson;
  /** The calendar's owner: the user on a primary calendar, the calendar itself otherwise. */
  organizer: GooglePerson;
  calendarId: string;
  /** The master's iCalUID, for an exception (every instance of a series shares it). */
  seriesUid?: string;
}

/** Google's link format: eid is base64 of "<event id> <calendar id>". */
export function htmlLinkOf(eventId: string, calendarId: string): string {
  const eid = Buffer.from(`${eventId} ${calendarId}`).toString('base64url');
  return `https://www.google.com/calendar/event?eid=${eid}`;
}

/** A seeded or added event with the fields Google always fills in. */
export function completeEvent(
  input: GoogleEventInput,
  id: string,
  ctx: CompleteContext,
): GoogleEvent {
  const cancelled = input.status === 'cancelled';
  if (!cancelled && (!input.start || !input.end))
    throw badRequest(`event ${id}: start and end are required`);
  const now = rfc3339(ctx.nowMs);
  return withEtag({
    ...input,
    id,
    status: input.status ?? 'confirmed',
    htmlLink: htmlLinkOf(id, ctx.calendarId),
    created: input.created ?? now,
    updated: input.updated ?? now,
    creator: input.creator ?? ctx.creator,
    organizer: markSelf(input.organizer, ctx.calendarId) ?? ctx.organizer,
    ...(input.attendees
      ? { attendees: input.attendees.map((a) => markSelf(a, ctx.calendarId) ?? a) }
      : {}),
    iCalUID: input.iCalUID ?? ctx.seriesUid ?? `${input.recurringEventId ?? id}@google.com`,
    sequence: input.sequence ?? 0,
    eventType: input.eventType ?? 'default',
  });
}

/**
 * `self` (read-only) marks the entry of the calendar this copy is on (contract §1.2): the one
 * whose address is the calendar's id. Google also knows the owner's aliases; a seed marks those.
 */
function markSelf<T extends { email?: string; self?: boolean }>(
  person: T | undefined,
  calendarId: string,
): T | undefined {
  if (!person || person.self !== undefined) return person;
  const own = person.email?.toLowerCase() === calendarId.toLowerCase();
  return own ? { ...person, self: true } : person;
}

/** Applies a merge patch (null removes a field); read-only fields are left as they were. */
export function patchEvent(
  event: GoogleEvent,
  patch: GoogleEventPatch,
  nowMs: number,
): GoogleEvent {
  const next: Record<string, unknown> = { ...event };
  let significant = false;
  for (const [key, value] of Object.entries(patch)) {
    if (READ_ONLY.includes(key) || key === 'sequence' || key === 'updated') continue;
    if (JSON.stringify(next[key]) === JSON.stringify(value)) continue;
    if (SIGNIFICANT.includes(key)) significant = true;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  const patched = next as unknown as GoogleEvent;
  patched.updated = rfc3339(nowMs);
  if (significant) patched.sequence = (event.sequence ?? 0) + 1;
  return withEtag(patched);
}

/** A deleted event as Google lists it: only id is guaranteed (plus kind, etag and status). */
export function tombstone(event: GoogleEvent): GoogleEvent {
  return { kind: 'calendar#event', etag: event.etag, id: event.id, status: 'cancelled' };
}

/** A cancelled instance of a live series: id, recurringEventId and originalStartTime. */
export function cancelledInstance(event: GoogleEvent): GoogleEvent {
  const shown: GoogleEvent = {
    kind: 'calendar#event',
    id: event.id,
    status: 'cancelled',
    recurringEventId: event.recurringEventId,
    originalStartTime: event.originalStartTime,
  };
  return withEtag(shown);
}

/** An instance of a master at one occurrence, before any exception applies. */
export function instanceOf(
  master: GoogleEvent,
  occurrence: { key: string; start: GoogleEvent['start']; end: GoogleEvent['end'] },
  originalStartTime: GoogleEvent['originalStartTime'],
  calendarId: string,
): GoogleEvent {
  const { recurrence: _r, etag: _e, ...rest } = master;
  const id = `${master.id}_${instanceSuffix(occurrence.key)}`;
  return withEtag({
    ...rest,
    id,
    htmlLink: htmlLinkOf(id, calendarId),
    recurringEventId: master.id,
    originalStartTime,
    start: occurrence.start,
    end: occurrence.end,
  });
}

/** Deep copy, so callers of the programmatic API cannot change stored state by accident. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
