/**
 * Google Calendar v3 events (the wire form) to the normalised CalendarEvent. Only the fields the
 * product reads are mapped; the whole Google event stays in `raw` for reprocessing.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { findConferenceUrl } from '../../domain/conferencing.js';
import type {
  Attendee,
  CalendarEvent,
  EventStatus,
  Person,
  ResponseStatus,
} from '../../domain/event.js';
import type { ProviderEvent } from '../provider.js';
import { instant, midnight, nextDay } from './google-times.js';

export type GoogleEvent = calendar_v3.Schema$Event;

/** A cancelled item: a deleted event, or a cancelled instance of a series that lives on. */
export function isRemoval(item: GoogleEvent): boolean {
  return item.status === 'cancelled';
}

export class UnmappableEventError extends Error {
  override readonly name = 'UnmappableEventError';
}

/**
 * Maps one live event or instance. `calendarZone` places all-day events (their midnight is the
 * calendar's, as Google shows them) and fills in a zone the event itself does not name. `owner`
 * is the account's address when the calendar is the account's own (see GoogleProvider): the
 * attendee and organiser Google marks `self` are then the account's user, whatever address
 * Google lists for them.
 */
export function mapGoogleEvent(
  item: GoogleEvent,
  calendarZone: string | null,
  owner: string | null = null,
): ProviderEvent {
  if (!item.id) throw new UnmappableEventError('an event without an id');
  const times = eventTimes(item, calendarZone);
  const event: CalendarEvent = {
    providerEventId: item.id,
    iCalUid: item.iCalUID ?? null,
    title: item.summary?.trim() || '(no title)',
    description: item.description ?? null,
    location: item.location ?? null,
    conferenceUrl: conferenceUrlOf(item),
    allDay: times.allDay,
    start: times.start,
    end: times.end,
    startDate: times.startDate,
    endDate: times.endDate,
    timeZone: times.timeZone,
    status: statusOf(item.status),
    transparency: item.transparency === 'transparent' ? 'transparent' : 'opaque',
    organizer: personOf(item.organizer && asOwner(item.organizer, owner)),
    attendees: (item.attendees ?? []).flatMap((a) => attendeeOf(asOwner(a, owner))),
    seriesId: item.recurringEventId ?? null,
    originalStart: originalStartOf(item),
    sequence: item.sequence ?? null,
    etag: item.etag ?? null,
    updatedAt: instant(item.updated) ?? null,
  };
  return { event, raw: item };
}

interface EventTimes {
  allDay: boolean;
  start: string;
  end: string;
  startDate: string | null;
  endDate: string | null;
  timeZone: string | null;
}

function eventTimes(item: GoogleEvent, calendarZone: string | null): EventTimes {
  const start = item.start ?? {};
  const end = item.end ?? {};
  if (start.date) {
    const zone = calendarZone ?? 'UTC';
    const endDate = end.date ?? nextDay(start.date);
    return {
      allDay: true,
      start: midnightOf(start.date, zone),
      end: midnightOf(endDate, zone),
      startDate: start.date,
      endDate,
      timeZone: calendarZone,
    };
  }
  const startAt = instant(start.dateTime);
  if (!startAt) throw new UnmappableEventError(`event ${item.id}: no start time`);
  // endTimeUnspecified events carry an end equal to the start; a missing end is read the same way.
  const endAt = instant(end.dateTime) ?? startAt;
  return {
    allDay: false,
    start: startAt,
    end: endAt < startAt ? startAt : endAt,
    startDate: null,
    endDate: null,
    timeZone: start.timeZone ?? calendarZone,
  };
}

/** All-day instances are identified by their date, timed ones by their UTC instant. */
function originalStartOf(item: GoogleEvent): string | null {
  const original = item.originalStartTime;
  if (!original) return null;
  return original.date ?? instant(original.dateTime);
}

function midnightOf(date: string, zone: string): string {
  const at = midnight(date, zone);
  if (at === null) throw new UnmappableEventError(`not a date: ${date}`);
  return at;
}

function statusOf(status: string | null | undefined): EventStatus {
  if (status === 'tentative' || status === 'cancelled') return status;
  return 'confirmed';
}

/**
 * `self` marks the entry of the calendar this copy is on (contract §1.2): on the account's own
 * calendar that is the account's user, listed under the address the invitation went to (an
 * alias, another domain of the organisation) or, on a secondary calendar, under the calendar's
 * id, which is no one's mailbox. Either way the rest of calintel knows the owner by address, so
 * the entry takes the account's: its answer is the owner's, and it is never an outside person.
 */
function asOwner<T extends { email?: string | null; self?: boolean | null }>(
  person: T,
  owner: string | null,
): T {
  if (person.self !== true || !owner) return person;
  return { ...person, email: owner };
}

function personOf(person: calendar_v3.Schema$Event['organizer']): Person | null {
  if (!person?.email) return null;
  return { email: person.email.toLowerCase(), name: person.displayName ?? null };
}

const RESPONSES: Record<string, ResponseStatus> = {
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentative',
  needsAction: 'needsAction',
};

function attendeeOf(attendee: calendar_v3.Schema$EventAttendee): Attendee[] {
  if (!attendee.email) return [];
  return [
    {
      email: attendee.email.toLowerCase(),
      name: attendee.displayName ?? null,
      responseStatus: RESPONSES[attendee.responseStatus ?? ''] ?? 'needsAction',
      optional: attendee.optional === true,
      resource: attendee.resource === true,
    },
  ];
}

/** Structured conference data first (Meet, or an add-on's video entry point), then free text. */
function conferenceUrlOf(item: GoogleEvent): string | null {
  const video = item.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri;
  return (
    findConferenceUrl(video, item.hangoutLink, item.location, item.description) ?? video ?? null
  );
}
