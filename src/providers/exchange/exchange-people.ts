/**
 * Who an EWS calendar item names, as the project's people: its organiser, its required and
 * optional attendees with their answers, the rooms and equipment it books (t:Resources) as
 * resource attendees, and the mailbox owner's own answer (MyResponseType) on the owner's entry.
 * Kept apart from exchange-mapper.ts, which reads an item's times, series and identity, so that
 * the rules about people and their answers are in one place.
 */
import type { Attendee, Person, ResponseStatus } from '../../domain/event.js';
import type { EwsAttendee, EwsCalendarItem, EwsMailbox, EwsResponseType } from './exchange-wire.js';

const RESPONSES: Record<string, ResponseStatus> = {
  Accept: 'accepted',
  Organizer: 'accepted',
  Decline: 'declined',
  Tentative: 'tentative',
};

/** MyResponseType as the owner's answer; Unknown says nothing and leaves the entry as it is. */
const MY_RESPONSES: Partial<Record<EwsResponseType, ResponseStatus>> = {
  ...RESPONSES,
  NoResponseReceived: 'needsAction',
};

/**
 * The owner's attendee entry with the owner's own answer. EWS gives it as MyResponseType (contract
 * §3.4): on an invitee's copy the owner's entry in the attendee lists may say Unknown (or an old
 * answer) while MyResponseType says Decline. An owner who is not listed (invited through a group)
 * is not added, as the Google and Graph mappers add nobody.
 */
export function withOwnAnswer(
  attendees: Attendee[],
  owner: string | null,
  myResponse: EwsResponseType | null,
): Attendee[] {
  const answer = myResponse ? MY_RESPONSES[myResponse] : undefined;
  if (!owner || !answer) return attendees;
  return attendees.map((a) => (a.email === owner ? { ...a, responseStatus: answer } : a));
}

/**
 * Required, optional, then Resources: rooms and equipment booked as resources (contract §3.4)
 * are attendees flagged as resources, so that matching never takes a room for an external person
 * and conflicts read a booked room as the office. A resource also listed as an attendee is
 * listed once, as the resource.
 */
export function attendeesOf(item: EwsCalendarItem): Attendee[] {
  const resources = (item.resources ?? []).flatMap((a) => attendeeOf(a, false, true));
  const booked = new Set(resources.map((a) => a.email));
  const people = [
    ...item.requiredAttendees.flatMap((a) => attendeeOf(a, false, false)),
    ...item.optionalAttendees.flatMap((a) => attendeeOf(a, true, false)),
  ].filter((a) => !booked.has(a.email));
  return [...people, ...resources];
}

function attendeeOf(attendee: EwsAttendee, optional: boolean, resource: boolean): Attendee[] {
  const person = personOf(attendee);
  if (!person) return [];
  return [
    {
      ...person,
      responseStatus: RESPONSES[attendee.response] ?? 'needsAction',
      optional,
      resource,
    },
  ];
}

/** A mailbox as a person: its address in lower case, its name if it has one. */
export function personOf(mailbox: EwsMailbox | null): Person | null {
  const email = mailbox?.email.trim().toLowerCase();
  if (!email) return null;
  return { email, name: mailbox?.name?.trim() || null };
}
