/**
 * Whether an event takes its owner's time (contract: analysis-io.md, conflicts), and how firmly.
 *
 * An event blocks time when it is opaque, not cancelled, not declined by the calendar owner and
 * not empty (end after start: a zero-length event is a reminder, not a booking). All-day rule:
 * an all-day event blocks every day it covers, midnight to midnight in its zone, exactly when it
 * is opaque. Providers mark reminders, birthdays and holidays transparent (Google creates all-day
 * events as free), so an all-day offsite or out-of-office marked busy blocks the day and a
 * transparent reminder does not.
 */
import type { ConflictAttendee, ConflictEvent, ResponseStatus } from './types.js';

/** The owner's own entry in the attendee list, if the owner is invited. */
export function ownerAttendee(event: ConflictEvent): ConflictAttendee | null {
  for (const attendee of event.attendees) {
    if (sameEmail(attendee.email, event.owner)) return attendee;
  }
  return null;
}

export function ownerResponse(event: ConflictEvent): ResponseStatus | null {
  return ownerAttendee(event)?.responseStatus ?? null;
}

export function blocksTime(event: ConflictEvent): boolean {
  return (
    event.end > event.start &&
    event.status !== 'cancelled' &&
    event.transparency === 'opaque' &&
    ownerResponse(event) !== 'declined'
  );
}

/** Held loosely: tentative, or the owner answered "maybe". */
export function isTentative(event: ConflictEvent): boolean {
  return event.status === 'tentative' || ownerResponse(event) === 'tentative';
}

/** Certain to take the time: a confirmed, timed event the owner accepted or holds themselves. */
export function isFirm(event: ConflictEvent): boolean {
  if (event.allDay || event.status !== 'confirmed') return false;
  const response = ownerResponse(event);
  return response === null || response === 'accepted';
}

export function isOrganisedByOwner(event: ConflictEvent): boolean {
  return event.organizer === null || sameEmail(event.organizer.email, event.owner);
}

export function sameEmail(a: string, b: string): boolean {
  return a === b || a.trim().toLowerCase() === b.trim().toLowerCase();
}
