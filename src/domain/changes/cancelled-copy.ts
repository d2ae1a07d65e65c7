/**
 * What a cancelled copy of an event is stored as. A cancelled copy is often a stub: an ICS
 * override with STATUS:CANCELLED written at its RECURRENCE-ID, with no attendees, place or
 * organiser. Stored as it came, a return from it was compared with the stub, which said nothing
 * of who was invited and where, and said the occurrence was at its original time: the change log
 * then reported a move the consumer never saw and hid the people and place that really changed.
 */
import type { CalendarEvent } from '../event.js';

/**
 * `cancelled` as it is to be stored over `previous` (the stored version): what the copy leaves
 * empty (attendees, place, organiser, description, conference link) is the previous version's,
 * and a copy at its original start (the RECURRENCE-ID) keeps the previous times and zone. The
 * status and everything the copy says are the copy's. A copy that is not cancelled is returned
 * as it is.
 */
export function cancelledCopyOver(
  previous: CalendarEvent,
  cancelled: CalendarEvent,
): CalendarEvent {
  if (cancelled.status !== 'cancelled') return cancelled;
  const atOriginalStart =
    cancelled.originalStart !== null && sameInstant(cancelled.start, cancelled.originalStart);
  return {
    ...cancelled,
    ...(atOriginalStart ? timesOf(previous) : {}),
    timeZone:
      atOriginalStart || !saysZone(cancelled.timeZone) ? previous.timeZone : cancelled.timeZone,
    attendees: cancelled.attendees.length > 0 ? cancelled.attendees : previous.attendees,
    location: orPrevious(cancelled.location, previous.location),
    description: orPrevious(cancelled.description, previous.description),
    conferenceUrl: orPrevious(cancelled.conferenceUrl, previous.conferenceUrl),
    organizer: cancelled.organizer ?? previous.organizer,
  };
}

function orPrevious(value: string | null, previous: string | null): string | null {
  return value === null || value === '' ? previous : value;
}

/** Times written in UTC (an ICS `Z` time) are read with zone UTC: that names no zone. */
function saysZone(zone: string | null): boolean {
  return zone !== null && zone !== '' && zone !== 'UTC';
}

function timesOf(
  event: CalendarEvent,
): Pick<CalendarEvent, 'start' | 'end' | 'allDay' | 'startDate' | 'endDate'> {
  const { start, end, allDay, startDate, endDate } = event;
  return { start, end, allDay, startDate, endDate };
}

function sameInstant(a: string, b: string): boolean {
  return a === b || Date.parse(a) === Date.parse(b);
}
