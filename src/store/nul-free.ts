/**
 * PostgreSQL's text cannot hold U+0000: one such character in an event's title made its whole
 * page fail ("invalid byte sequence for encoding UTF8: 0x00"), so a calendar never synced past
 * it. Stored events carry U+FFFD in its place, on SQLite too, so that both stores hold the same
 * text and an event compares the same on its next sync.
 */
import type { Attendee, CalendarEvent, Person } from '../domain/event.js';

const NUL = '\u0000';
const REPLACEMENT = '\uFFFD';

/** `text` with every U+0000 replaced; the same string when it has none. */
export function nulFreeText(text: string): string {
  return text.includes(NUL) ? text.replaceAll(NUL, REPLACEMENT) : text;
}

/** The event with every U+0000 in its text replaced; the same object when it has none. */
export function nulFreeEvent(event: CalendarEvent): CalendarEvent {
  if (!hasNul(event)) return event;
  const cleaned = { ...event } as Record<string, unknown>;
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'string') cleaned[key] = nulFreeText(value);
  }
  return {
    ...(cleaned as unknown as CalendarEvent),
    organizer: event.organizer ? nulFreePerson(event.organizer) : null,
    attendees: event.attendees.map(nulFreePerson),
  };
}

function nulFreePerson<T extends Person | Attendee>(person: T): T {
  return {
    ...person,
    email: nulFreeText(person.email),
    name: person.name === null ? null : nulFreeText(person.name),
  };
}

// Runs for every synced event: a loop over the fields, no arrays made.
function hasNul(event: CalendarEvent): boolean {
  const fields = event as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'string' && value.includes(NUL)) return true;
  }
  if (event.organizer && personHasNul(event.organizer)) return true;
  for (const attendee of event.attendees) if (personHasNul(attendee)) return true;
  return false;
}

function personHasNul(person: Person): boolean {
  return person.email.includes(NUL) || (person.name?.includes(NUL) ?? false);
}
