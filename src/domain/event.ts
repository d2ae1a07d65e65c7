/**
 * The normalised calendar event every provider maps into, and every analysis reads.
 *
 * Instants are UTC ISO-8601 strings (`2026-03-04T15:00:00.000Z`), so that they sort and compare as
 * text; the zone the event was written in is kept beside them. All-day events also carry their
 * calendar dates (end exclusive), because "the 4th of March" is not an instant.
 */

export const PROVIDER_KINDS = ['google', 'microsoft', 'exchange', 'caldav', 'ics'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const EVENT_STATUSES = ['confirmed', 'tentative', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const TRANSPARENCIES = ['opaque', 'transparent'] as const;
export type Transparency = (typeof TRANSPARENCIES)[number];

export const RESPONSE_STATUSES = ['accepted', 'declined', 'tentative', 'needsAction'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export interface Person {
  email: string;
  name: string | null;
}

export interface Attendee extends Person {
  responseStatus: ResponseStatus;
  optional: boolean;
  /** A room or piece of equipment, never a person. */
  resource: boolean;
}

export interface CalendarEvent {
  /** The provider's id for this event or instance; unique within one calendar. */
  providerEventId: string;
  /** iCalendar UID, shared by every copy of one meeting across calendars and providers. */
  iCalUid: string | null;
  title: string;
  description: string | null;
  location: string | null;
  /** Zoom, Teams, Meet or Webex link, from structured fields, location or description. */
  conferenceUrl: string | null;
  allDay: boolean;
  /** UTC instant; for all-day events, midnight of startDate in `timeZone` (UTC when unknown). */
  start: string;
  /** UTC instant, exclusive. */
  end: string;
  /** All-day events only: first day, `YYYY-MM-DD`. */
  startDate: string | null;
  /** All-day events only: the day after the last day, `YYYY-MM-DD` (exclusive). */
  endDate: string | null;
  /** IANA zone the event was written in, or null for floating/unknown. */
  timeZone: string | null;
  status: EventStatus;
  transparency: Transparency;
  organizer: Person | null;
  attendees: Attendee[];
  /** Recurring instances: the series they belong to (provider master id or iCalendar UID). */
  seriesId: string | null;
  /** Recurring instances: the start the rule gave this instance (UTC instant or date). */
  originalStart: string | null;
  sequence: number | null;
  etag: string | null;
  /** When the provider last changed the event (UTC instant), if it says. */
  updatedAt: string | null;
}

/** Returns the problems that make an event unusable; an empty list means it is valid. */
export function validateEvent(event: CalendarEvent): string[] {
  const problems: string[] = [];
  if (!event.providerEventId) problems.push('providerEventId is empty');
  if (Number.isNaN(Date.parse(event.start)))
    problems.push(`start is not an instant: ${event.start}`);
  if (Number.isNaN(Date.parse(event.end))) problems.push(`end is not an instant: ${event.end}`);
  if (event.end < event.start) problems.push('end is before start');
  if (event.allDay && (!event.startDate || !event.endDate)) {
    problems.push('an all-day event needs startDate and endDate');
  }
  return problems;
}

/** Lower-cases and trims an email address so that comparisons ignore case and padding. */
export function normaliseEmail(email: string): string {
  return email
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
}
