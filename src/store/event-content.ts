/**
 * An event's serialised parts and its content hash, which tells an unchanged event from a
 * changed one without reading the stored version back.
 *
 * Three digests exist, told apart by their prefix:
 * - `c3:` (current, for an event that carries the provider's etag: Google, Outlook, Exchange's
 *   change key, CalDAV): the normalised fields alone. The etag is one of them, and providers give
 *   an event a new etag whenever anything in it changes, so hashing the raw payload as well only
 *   repeated the work (the payload is about 60% of the bytes: ~0.15 s of a 100,000-event first
 *   sync). A payload that differs only where the etag does not (key order, say) no longer
 *   rewrites the row, which is what such a difference deserves.
 * - `c2:` (current without an etag: ICS files and feeds): the fields, then the raw payload.
 * - 64 hex digits: the first digest, written before the seventh session.
 * A stored row is compared by the digest it carries, so that upgrading never makes every stored
 * event look changed, which would rewrite a whole calendar on its next full sync. A row keeps an
 * older digest until the event really changes.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Attendee, CalendarEvent } from '../domain/event.js';

/** The serialised parts of an event's row, made once for both its content hash and the row. */
export interface EventContent {
  /** JSON of the attendees, keys in a fixed order. */
  attendees: string;
  /** JSON of the provider's raw payload. */
  raw: string;
  hash: string;
}

const WITH_RAW = 'c2:';
const BY_ETAG = 'c3:';

/** `rawJson`: the raw payload's text as the provider sent it, if it has it (see ProviderEvent). */
export function eventContent(event: CalendarEvent, raw: unknown, rawJson?: string): EventContent {
  const attendees = attendeesJson(event.attendees);
  const rawText = rawJson ?? JSON.stringify(raw ?? null);
  return { attendees, raw: rawText, hash: contentHash(event, attendees, rawText) };
}

/** Whether an event whose stored row carries `storedHash` is unchanged in `content`. */
export function sameContent(
  storedHash: string,
  event: CalendarEvent,
  content: EventContent,
): boolean {
  if (storedHash === content.hash) return true;
  if (storedHash.startsWith(BY_ETAG)) return false;
  if (storedHash.startsWith(WITH_RAW)) {
    // Stored before the etag digest, or when the event had no etag: the same content hashes alike.
    return (
      content.hash.startsWith(BY_ETAG) &&
      storedHash === withRawHash(event, content.attendees, content.raw)
    );
  }
  return storedHash === firstContentHash(event, content.attendees, content.raw);
}

/** The event's digest: `c3:` when it has an etag, else `c2:` with the raw payload (see above). */
function contentHash(event: CalendarEvent, attendees: string, raw: string): string {
  if (event.etag !== null) return BY_ETAG + fieldsDigest(event, attendees).digest('base64url');
  return withRawHash(event, attendees, raw);
}

/** The `c2:` digest: the fields, then the raw payload. */
function withRawHash(event: CalendarEvent, attendees: string, raw: string): string {
  // Two updates rather than `text + raw`: flattening that one string for the hash raised a
  // 100,000-event sync's peak memory from 414 to 528 MB.
  return WITH_RAW + fieldsDigest(event, attendees).update(raw).digest('base64url');
}

/**
 * SHA-256 fed with the event's fields in a fixed order. Each string goes in as its length and
 * itself (null as `~`), so that no two events read as the same text. The first digest
 * serialised the fields as JSON, which escaped the attendees' JSON a second time: most of the
 * 0.9-1.4 s it took of a 100,000-event first sync (BENCHMARKS.md).
 */
function fieldsDigest(event: CalendarEvent, attendees: string): Hash {
  const organizer = event.organizer;
  const text =
    field(event.providerEventId) +
    field(event.iCalUid) +
    field(event.title) +
    field(event.description) +
    field(event.location) +
    field(event.conferenceUrl) +
    (event.allDay ? 'T' : 'F') +
    field(event.start) +
    field(event.end) +
    field(event.startDate) +
    field(event.endDate) +
    field(event.timeZone) +
    field(event.status) +
    field(event.transparency) +
    (organizer ? `O${field(organizer.email)}${field(organizer.name)}` : '~') +
    field(attendees) +
    field(event.seriesId) +
    field(event.originalStart) +
    (event.sequence === null ? '~' : `${event.sequence};`) +
    field(event.etag) +
    field(event.updatedAt);
  return createHash('sha256').update(text);
}

function field(value: string | null): string {
  return value === null ? '~' : `${value.length}:${value}`;
}

/** The first digest, kept to compare rows written before the current one (see above). */
function firstContentHash(event: CalendarEvent, attendees: string, raw: string): string {
  const fields = [
    event.providerEventId,
    event.iCalUid,
    event.title,
    event.description,
    event.location,
    event.conferenceUrl,
    event.allDay,
    event.start,
    event.end,
    event.startDate,
    event.endDate,
    event.timeZone,
    event.status,
    event.transparency,
    event.organizer ? [event.organizer.email, event.organizer.name] : null,
    attendees,
    event.seriesId,
    event.originalStart,
    event.sequence,
    event.etag,
    event.updatedAt,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).update('\n').update(raw).digest('hex');
}

/** The attendees' JSON with each one's keys in one order, whatever order the mapper used. */
export function attendeesJson(attendees: readonly Attendee[]): string {
  return JSON.stringify(attendees.map(canonicalAttendee));
}

function canonicalAttendee(a: Attendee): Attendee {
  return {
    email: a.email,
    name: a.name,
    responseStatus: a.responseStatus,
    optional: a.optional,
    resource: a.resource,
  };
}
