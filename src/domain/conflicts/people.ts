/**
 * Who is in a meeting, as conflicts need it: the organisation's people (who can cover or must be
 * free for a new slot), external people, rooms, and the owner's own blocks (holds, focus time).
 */
import {
  hasRoomName,
  isFreeMailDomain,
  isProviderResource,
  isWithinDomains,
  parseAddress,
  registrableDomain,
} from '../matching/addresses.js';
import { isOrganisedByOwner, ownerAttendee, sameEmail } from './blocking.js';
import type { ConflictSettings } from './settings.js';
import type { ConflictAttendee, ConflictEvent } from './types.js';

/**
 * Internal: within the organisation's domains; without any configured, the owner's own
 * registrable domain (unless it is free mail, where nobody else is a colleague).
 */
export function isInternal(email: string, event: ConflictEvent, settings: ConflictSettings) {
  const address = parseAddress(email);
  if (!address) return false;
  if (settings.internalDomains.length > 0)
    return isWithinDomains(address.domain, settings.internalDomains);
  const owner = parseAddress(event.owner);
  if (!owner || isFreeMailDomain(owner.domain)) return sameEmail(email, event.owner);
  return registrableDomain(owner.domain) === registrableDomain(address.domain);
}

/** A room or other resource: flagged by the source, or guessed as meeting matching does. */
export function isResource(
  attendee: ConflictAttendee,
  event: ConflictEvent,
  settings: ConflictSettings,
): boolean {
  return attendee.resource === true || isRoomAddress(attendee.email, event, settings);
}

/**
 * An address the source did not flag that still is a resource: in the provider's resource domain,
 * or named like a room within the organisation (see hasRoomName: sala.marco@ at a customer is a
 * person, and counting him as a room made a meeting with him look internal).
 */
function isRoomAddress(email: string, event: ConflictEvent, settings: ConflictSettings) {
  if (isProviderResource(email)) return true;
  return hasRoomName(email) && isInternal(email, event, settings);
}

/** Everyone but the owner and rooms: attendees, and the organiser when not listed. */
export function otherPeople(event: ConflictEvent, settings: ConflictSettings): string[] {
  const people = new Map<string, string>();
  for (const attendee of event.attendees) {
    if (isResource(attendee, event, settings) || sameEmail(attendee.email, event.owner)) continue;
    people.set(attendee.email.trim().toLowerCase(), attendee.email);
  }
  const organizer = event.organizer?.email;
  if (organizer && !sameEmail(organizer, event.owner) && !isRoomAddress(organizer, event, settings))
    people.set(organizer.trim().toLowerCase(), organizer);
  return [...people.keys()];
}

export function externalPeople(event: ConflictEvent, settings: ConflictSettings): string[] {
  return otherPeople(event, settings).filter((email) => !isInternal(email, event, settings));
}

/** Colleagues invited (not rooms, not the owner, not declined), in attendee order. */
export function internalAttendees(
  event: ConflictEvent,
  settings: ConflictSettings,
  options: { includeOptional?: boolean } = {},
): ConflictAttendee[] {
  return event.attendees.filter(
    (a) =>
      !isResource(a, event, settings) &&
      !sameEmail(a.email, event.owner) &&
      a.responseStatus !== 'declined' &&
      (options.includeOptional || a.optional !== true) &&
      isInternal(a.email, event, settings),
  );
}

export function hasExternalOrganizer(event: ConflictEvent, settings: ConflictSettings): boolean {
  const organizer = event.organizer?.email;
  return !!organizer && !isOrganisedByOwner(event) && !isInternal(organizer, event, settings);
}

/** A meeting with a customer or prospect: detected as a sales meeting, or with outsiders. */
export function isExternalMeeting(event: ConflictEvent, settings: ConflictSettings): boolean {
  return event.meeting?.isSalesMeeting === true || externalPeople(event, settings).length > 0;
}

const HOLD_TITLE =
  /\b(hold|focus|placeholder|blocker|block(ed)?|busy|do not book|dnb|no meetings|heads? ?down|deep work|reserved|tentative hold|prep(aration)? time|travel time)\b/i;

/**
 * The owner's own block: a hold, focus time or placeholder the owner made, with nobody else
 * invited. Releasing it affects no one, which is what makes it safe to resolve automatically.
 */
export function isOwnHold(event: ConflictEvent, settings: ConflictSettings): boolean {
  return (
    isOrganisedByOwner(event) &&
    otherPeople(event, settings).length === 0 &&
    HOLD_TITLE.test(event.title)
  );
}

/** Whether the copy is on the owner's own calendar (see ConflictEvent.ownCalendar). */
export function isOnOwnCalendar(event: ConflictEvent): boolean {
  return event.ownCalendar !== false;
}

/** An own hold that calintel may release: on the owner's own calendar, not one shared with them. */
export function isReleasableHold(event: ConflictEvent, settings: ConflictSettings): boolean {
  return isOnOwnCalendar(event) && isOwnHold(event, settings);
}

/**
 * The owner takes part in the meeting: the copy is on their own calendar and names them, as an
 * attendee who has not declined or as the organiser. A meeting on a colleague's calendar shared
 * with the owner, or one that does not name them, is not theirs to free time for.
 */
export function ownerTakesPart(event: ConflictEvent): boolean {
  if (!isOnOwnCalendar(event)) return false;
  const attendee = ownerAttendee(event);
  if (attendee) return attendee.responseStatus !== 'declined';
  return event.organizer !== null && sameEmail(event.organizer.email, event.owner);
}

/**
 * The owner's own: on their own calendar and organised by them (a personal block, an own trip
 * entry without an organiser), or naming them as a guest who has not declined (ownerTakesPart).
 */
export function isOwnersOwn(event: ConflictEvent): boolean {
  return ownerTakesPart(event) || (isOnOwnCalendar(event) && isOrganisedByOwner(event));
}

/** A meeting with outsiders that an own hold may be released for (see ownerTakesPart). */
export function isReleaseTarget(event: ConflictEvent, settings: ConflictSettings): boolean {
  return (
    !isReleasableHold(event, settings) &&
    ownerTakesPart(event) &&
    isExternalMeeting(event, settings)
  );
}

/**
 * Firmly on the owner's calendar: confirmed and timed, not an optional guest, and accepted by the
 * owner or organised by them (named as the organiser, with no "maybe" of their own). An
 * invitation not answered, answered "maybe" or optional is not yet a meeting to free time for
 * without asking.
 */
export function isFirmForOwner(event: ConflictEvent): boolean {
  if (event.allDay || event.status !== 'confirmed') return false;
  const attendee = ownerAttendee(event);
  if (attendee?.optional === true) return false;
  if (attendee?.responseStatus === 'accepted') return true;
  const organises = event.organizer !== null && sameEmail(event.organizer.email, event.owner);
  return organises && (attendee === null || attendee.responseStatus === 'needsAction');
}
