/**
 * What a cancelled copy of an event is stored as. A cancelled copy is often a stub: an ICS
 * override with STATUS:CANCELLED written at its RECURRENCE-ID, with no attendees, place or
 * organiser. Stored as it came, a return from it was compared with the stub, which said nothing
 * of who was invited and where, and said the occurrence was at its original time: the change log
 * then reported a move the consumer never saw and hid the people and place that really changed.
 * A cancelled copy that names its organiser or anyone invited is not a stub but the whole event
 * (an Exchange or Outlook item marked cancelled, a full ICS override): what it leaves empty is
 * empty (Exchange convergence: attendees removed from a cancelled occurrence stayed stored).
 */
import type { CalendarEvent } from '../event.js';

/**
 * `cancelled` as it is to be stored over `previous` (the stored version). A stub takes the
 * previous version's people (attendees, organiser) and what else it leaves empty (place,
 * description, conference link), and at its original start (the RECURRENCE-ID) the previous
 * times and zone; its status and everything it does say are its own. A copy that is not
 * cancelled, or is cancelled but names someone, is returned as it is.
 */
export function cancelledCopyOver(
  previous: CalendarEvent,
  cancelled: CalendarEvent,
): CalendarEvent {
  if (cancelled.status !== 'cancelled' || !isStub(cancelled)) return cancelled;
  const atOriginalStart =
    cancelled.originalStart !== null && sameInstant(cancelled.start, cancelled.originalStart);
  return {
    ...cancelled,
    ...(atOriginalStart ? timesOf(previous) : {}),
    timeZone:
      atOriginalStart || !saysZone(cancelled.timeZone) ? previous.timeZone : cancelled.timeZone,
    attendees: previous.attendees,
    location: orPrevious(cancelled.location, previous.location),
    description: orPrevious(cancelled.description, previous.description),
    conferenceUrl: orPrevious(cancelled.conferenceUrl, previous.conferenceUrl),
    organizer: previous.organizer,
  };
}

/** A stub names no one: neither an organiser nor an attendee. */
function isStub(copy: CalendarEvent): boolean {
  return copy.organizer === null && copy.attendees.length === 0;
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
