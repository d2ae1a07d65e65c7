/**
 * Microsoft Graph events (the wire form) to the normalised CalendarEvent. Only the fields the
 * product reads are mapped; the whole Graph event stays in `raw` for reprocessing.
 */
import { DateTime, FixedOffsetZone, type Zone } from 'luxon';
import { findConferenceUrl } from '../../domain/conferencing.js';
import type { Attendee, CalendarEvent, Person, ResponseStatus } from '../../domain/event.js';
import { ianaNameOf, resolveTzid } from '../../domain/ical/time-zones.js';
import type { ProviderEvent } from '../provider.js';
import type {
  GraphAttendee,
  GraphDateTimeZone,
  GraphEmailAddress,
  GraphEvent,
} from './microsoft-wire.js';

/** A delta entry that says the item is gone (deleted, or moved out of the window). */
export function isRemoval(item: GraphEvent): boolean {
  return item['@removed'] !== undefined;
}

export class UnmappableEventError extends Error {
  override readonly name = 'UnmappableEventError';
}

/**
 * Maps one event, occurrence or exception. `calendarZone` places all-day events whose own zone is
 * unknown and stands in for a zone name nothing resolves (a custom Exchange zone). `owner` is the
 * address of the mailbox the event is in, whose attendee entry takes its own response.
 */
export function mapGraphEvent(
  item: GraphEvent,
  calendarZone: string | null,
  owner: string | null = null,
): ProviderEvent {
  if (!item.id) throw new UnmappableEventError('an event without an id');
  const zone = eventZone(item) ?? calendarZone;
  const times = item.isAllDay ? allDayTimes(item, zone) : timedTimes(item, zone);
  const event: CalendarEvent = {
    providerEventId: item.id,
    iCalUid: item.iCalUId ?? null,
    title: item.subject?.trim() || '(no title)',
    description: descriptionOf(item),
    location: locationOf(item),
    conferenceUrl: conferenceUrlOf(item),
    ...times,
    status: item.isCancelled ? 'cancelled' : 'confirmed',
    transparency: item.showAs === 'free' ? 'transparent' : 'opaque',
    organizer: personOf(item.organizer?.emailAddress),
    attendees: withOwnResponse((item.attendees ?? []).flatMap(attendeeOf), owner, item),
    seriesId: item.seriesMasterId ?? null,
    originalStart: originalStartOf(item, times.allDay, times.timeZone),
    sequence: null,
    etag: item['@odata.etag'] ?? item.changeKey ?? null,
    updatedAt: instant(item.lastModifiedDateTime),
  };
  return { event, raw: item };
}

type EventTimes = Pick<
  CalendarEvent,
  'allDay' | 'start' | 'end' | 'startDate' | 'endDate' | 'timeZone'
>;

/**
 * The zone the event was written in: originalStartTimeZone (a Windows name such as
 * `W. Europe Standard Time`) mapped to IANA, else the zone of its start when that is not the
 * UTC we asked Graph to answer in.
 */
function eventZone(item: GraphEvent): string | null {
  for (const name of [item.originalStartTimeZone, item.start?.timeZone]) {
    if (!name) continue;
    const iana = ianaNameOf(resolveTzid(name, null));
    if (iana && (iana !== 'UTC' || name === item.originalStartTimeZone)) return iana;
  }
  return null;
}

function timedTimes(item: GraphEvent, zone: string | null): EventTimes {
  const start = wallClockInstant(item.start);
  if (!start) throw new UnmappableEventError(`event ${item.id}: no readable start time`);
  const end = wallClockInstant(item.end) ?? start;
  return {
    allDay: false,
    start,
    end: end < start ? start : end,
    startDate: null,
    endDate: null,
    timeZone: zone,
  };
}

/** All-day events float: midnight to midnight of their dates, whatever zone Graph answers in. */
function allDayTimes(item: GraphEvent, zone: string | null): EventTimes {
  const startDate = datePart(item.start);
  if (!startDate) throw new UnmappableEventError(`event ${item.id}: no readable start date`);
  const endDate = datePart(item.end);
  const exclusiveEnd = endDate && endDate > startDate ? endDate : nextDay(startDate);
  const place = zone ?? 'UTC';
  return {
    allDay: true,
    start: midnight(startDate, place),
    end: midnight(exclusiveEnd, place),
    startDate,
    endDate: exclusiveEnd,
    timeZone: zone,
  };
}

/** A Graph date-time: wall-clock text without offset, in the zone named beside it. */
function wallClockInstant(value: GraphDateTimeZone | null | undefined): string | null {
  const text = value?.dateTime?.trim();
  if (!text) return null;
  if (/(Z|[+-]\d{2}:\d{2})$/i.test(text)) return instant(text);
  const zone = luxonZone(value?.timeZone);
  // The provider asks Graph for UTC (Prefer: outlook.timezone), so this is the usual case:
  // no zone arithmetic needed. Seven fraction digits: both read milliseconds only.
  if (zone === 'UTC') return instant(`${text.slice(0, 23)}Z`);
  const local = DateTime.fromISO(text.slice(0, 23), { zone });
  return local.isValid ? local.toUTC().toJSDate().toISOString() : null;
}

/** Zone names resolved once per process: a mailbox uses a handful, each event names one. */
const zonesByName = new Map<string, Zone | string>();
const MAX_REMEMBERED_ZONES = 500;

function luxonZone(name: string | undefined): Zone | string {
  if (!name) return 'UTC';
  const known = zonesByName.get(name);
  if (known !== undefined) return known;
  const ref = resolveTzid(name, null);
  const zone =
    ref.kind === 'fixed' ? FixedOffsetZone.instance(ref.offsetMinutes) : (ianaNameOf(ref) ?? 'UTC');
  if (zonesByName.size < MAX_REMEMBERED_ZONES) zonesByName.set(name, zone);
  return zone;
}

function datePart(value: GraphDateTimeZone | null | undefined): string | null {
  const date = value?.dateTime?.slice(0, 10);
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
}

/**
 * Occurrences and exceptions: the start the series gave them (UTC in Graph). All-day instances
 * are identified by their date, timed ones by their UTC instant, as for the other providers.
 */
function originalStartOf(item: GraphEvent, allDay: boolean, zone: string | null): string | null {
  const at = instant(item.originalStart);
  if (!at || !allDay) return at;
  return DateTime.fromISO(at, { zone: zone ?? 'UTC' }).toISODate();
}

function instant(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function midnight(date: string, zone: string): string {
  const local = DateTime.fromISO(date, { zone });
  const valid = local.isValid ? local : DateTime.fromISO(date, { zone: 'UTC' });
  if (!valid.isValid) throw new UnmappableEventError(`not a date: ${date}`);
  return valid.toUTC().toJSDate().toISOString();
}

function nextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? date;
}

function personOf(address: GraphEmailAddress | null | undefined): Person | null {
  if (!address?.address) return null;
  return { email: address.address.trim().toLowerCase(), name: address.name?.trim() || null };
}

const RESPONSES: Record<string, ResponseStatus> = {
  accepted: 'accepted',
  organizer: 'accepted',
  declined: 'declined',
  tentativelyAccepted: 'tentative',
  none: 'needsAction',
  notResponded: 'needsAction',
};

/**
 * The owner's attendee entry with the owner's own response. Graph gives it as the event's
 * responseStatus (contract §2.2); on an invitee's copy the owner's entry in `attendees` may say
 * none while responseStatus says declined. `none` says nothing and leaves the entry as it is; an
 * owner who is not listed (invited through a group) is not added, as the Google mapper adds nobody.
 */
function withOwnResponse(attendees: Attendee[], owner: string | null, item: GraphEvent) {
  const response = item.responseStatus?.response;
  const answer = response && response !== 'none' ? RESPONSES[response] : undefined;
  const key = owner?.trim().toLowerCase();
  if (!key || !answer) return attendees;
  return attendees.map((a) => (a.email === key ? { ...a, responseStatus: answer } : a));
}

function attendeeOf(attendee: GraphAttendee): Attendee[] {
  const person = personOf(attendee.emailAddress);
  if (!person) return [];
  return [
    {
      ...person,
      responseStatus: RESPONSES[attendee.status?.response ?? ''] ?? 'needsAction',
      optional: attendee.type === 'optional',
      resource: attendee.type === 'resource',
    },
  ];
}

function locationOf(item: GraphEvent): string | null {
  const names = [item.location?.displayName, ...(item.locations ?? []).map((l) => l.displayName)]
    .map((name) => name?.trim())
    .filter((name): name is string => Boolean(name));
  return [...new Set(names)].join('; ') || null;
}

/**
 * The Teams (or Skype) join URL Graph gives, then links in the location and the body. The body
 * is searched as HTML: Outlook puts the join link in an href.
 */
function conferenceUrlOf(item: GraphEvent): string | null {
  const joinUrl = item.onlineMeeting?.joinUrl ?? null;
  return (
    findConferenceUrl(
      joinUrl,
      item.onlineMeetingUrl,
      item.location?.displayName,
      item.body?.content,
    ) ??
    joinUrl ??
    item.onlineMeetingUrl ??
    null
  );
}

function descriptionOf(item: GraphEvent): string | null {
  const content = item.body?.content;
  if (!content?.trim()) return item.bodyPreview?.trim() || null;
  const text = item.body?.contentType === 'html' ? htmlToText(content) : content.trim();
  return text || null;
}

/** Outlook bodies are HTML documents; the product reads their words, not their markup. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
