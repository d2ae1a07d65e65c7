/**
 * Change detection: compares the stored version of an event with the one a sync brings and says
 * what a person would call a change. Pure; the store calls it only for events whose content hash
 * differs, so it may take its time over one pair but is never run over a whole calendar.
 */
import { normaliseEmail } from '../event.js';
import type { Attendee, CalendarEvent, Person } from '../event.js';
import type { EventChange, EventTimes, UpdatedField } from './event-change.js';

/**
 * What changed from `before` to `after` (null: the event did not exist / no longer exists).
 * Empty when nothing a person sees changed (etag, updatedAt and sequence alone are not a change).
 * Entries come in a fixed order: cancelled, rescheduled, updated, then attendees added, removed
 * and answering, each by email.
 *
 * Becoming cancelled is the `cancelled` entry alone: a cancelled copy is often a stub (an ICS
 * override with STATUS:CANCELLED and no attendees, as Google and hand-written exports have it),
 * and comparing it field by field told a CRM that everyone left and the place was cleared. The
 * store keeps such a stub merged over the version before it (cancelledCopyOver), so coming back
 * from cancelled is compared with what the log last said, as any other update.
 */
export function describeChanges(
  before: CalendarEvent | null,
  after: CalendarEvent | null,
): EventChange[] {
  if (!before) return after ? [{ kind: 'created' }] : [];
  if (!after) {
    return [{ kind: 'deleted', title: before.title, start: before.start, end: before.end }];
  }
  if (after.status === 'cancelled' && before.status !== 'cancelled') return [{ kind: 'cancelled' }];
  const changes: EventChange[] = [];
  if (!sameTimes(before, after)) {
    changes.push({ kind: 'rescheduled', previous: timesOf(before), current: timesOf(after) });
  }
  const attendees = compareAttendees(before.attendees, after.attendees);
  const fields = changedFields(before, after, attendees.otherwiseChanged);
  if (fields.length > 0) changes.push({ kind: 'updated', fields });
  changes.push(...attendees.changes);
  return changes;
}

function changedFields(
  before: CalendarEvent,
  after: CalendarEvent,
  attendeesOtherwiseChanged: boolean,
): UpdatedField[] {
  const fields: UpdatedField[] = [];
  const differs = (field: UpdatedField, a: unknown, b: unknown) => {
    if (a !== b) fields.push(field);
  };
  differs('title', before.title, after.title);
  differs('description', before.description, after.description);
  differs('location', before.location, after.location);
  differs('conferenceUrl', before.conferenceUrl, after.conferenceUrl);
  differs('timeZone', before.timeZone, after.timeZone);
  // Becoming cancelled never reaches here; coming back from it, or tentative, is a status update.
  differs('status', before.status, after.status);
  differs('transparency', before.transparency, after.transparency);
  if (!samePerson(before.organizer, after.organizer)) fields.push('organizer');
  if (attendeesOtherwiseChanged) fields.push('attendees');
  differs('iCalUid', before.iCalUid, after.iCalUid);
  differs('seriesId', before.seriesId, after.seriesId);
  differs('originalStart', before.originalStart, after.originalStart);
  return fields;
}

function timesOf(event: CalendarEvent): EventTimes {
  const { start, end, allDay, startDate, endDate } = event;
  return { start, end, allDay, startDate, endDate };
}

function sameTimes(a: CalendarEvent, b: CalendarEvent): boolean {
  return (
    sameInstant(a.start, b.start) &&
    sameInstant(a.end, b.end) &&
    a.allDay === b.allDay &&
    a.startDate === b.startDate &&
    a.endDate === b.endDate
  );
}

/** The same instant written two ways (".000Z" or not) is not a reschedule. */
function sameInstant(a: string, b: string): boolean {
  return a === b || Date.parse(a) === Date.parse(b);
}

function samePerson(a: Person | null, b: Person | null): boolean {
  if (!a || !b) return a === b;
  return normaliseEmail(a.email) === normaliseEmail(b.email) && a.name === b.name;
}

interface AttendeeComparison {
  changes: EventChange[];
  /** An attendee in both lists differs in something other than the response (name, flags). */
  otherwiseChanged: boolean;
}

/** Attendees are matched by normalised email, so order and letter case are not changes. */
function compareAttendees(before: Attendee[], after: Attendee[]): AttendeeComparison {
  const previous = byEmail(before);
  const current = byEmail(after);
  const removed: EventChange[] = [];
  const added: EventChange[] = [];
  const answered: EventChange[] = [];
  let otherwiseChanged = false;
  for (const [email, old] of previous) {
    const now = current.get(email);
    if (!now) {
      removed.push({ kind: 'attendee_removed', email });
      continue;
    }
    if (old.responseStatus !== now.responseStatus) {
      answered.push({
        kind: 'response_changed',
        email,
        from: old.responseStatus,
        to: now.responseStatus,
      });
    }
    if (old.name !== now.name || old.optional !== now.optional || old.resource !== now.resource) {
      otherwiseChanged = true;
    }
  }
  for (const email of current.keys()) {
    if (!previous.has(email)) added.push({ kind: 'attendee_added', email });
  }
  return { changes: [...added, ...removed, ...answered], otherwiseChanged };
}

/** Attendees by normalised email, sorted by it; the first of duplicates wins. */
function byEmail(attendees: Attendee[]): Map<string, Attendee> {
  const map = new Map<string, Attendee>();
  for (const attendee of attendees) {
    const email = normaliseEmail(attendee.email);
    if (!map.has(email)) map.set(email, attendee);
  }
  return new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
