/**
 * A day of Ana's (Berlin HQ, Europe/Berlin) for the travel-conflict tests: her events on
 * 2026-03-10, her own entries with nobody invited (trips, rides), and the travel conflicts the
 * domain finds among them.
 */
import { availabilityFromEvents } from '../../src/domain/conflicts/availability.js';
import { detectConflicts } from '../../src/domain/conflicts/detect.js';
import {
  makeConflictEvent,
  type ConflictEventInput,
} from '../../src/domain/conflicts/make-event.js';
import { conflictSettings } from '../../src/domain/conflicts/settings.js';
import type { Conflict } from '../../src/domain/conflicts/types.js';

export const ANA = 'ana@northwind.io';
export const NOW = Date.parse('2026-03-01T00:00:00Z');
export const at = (time: string) => Date.parse(`2026-03-10T${time}:00Z`);

/** One of Ana's meetings that day, with one outside guest unless the fields say otherwise. */
export function event(
  id: string,
  from: string,
  to: string,
  fields: Partial<ConflictEventInput> = {},
) {
  return makeConflictEvent({
    id,
    owner: ANA,
    title: id,
    start: at(from),
    end: at(to),
    attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: `${id}@client.example` }],
    organizer: { email: ANA },
    ...fields,
  });
}

/** Ana's own entry (a trip, a ride): nobody else invited. */
export const own = (id: string, from: string, to: string, title: string, location: string | null) =>
  event(id, from, to, { title, location, attendees: [] });

/** The travel conflicts among these events, with Berlin HQ as the one office. */
export function travel(events: ReturnType<typeof event>[]): Conflict[] {
  const settings = conflictSettings({
    internalDomains: ['northwind.io'],
    offices: [
      { name: 'Berlin HQ', location: 'Berlin, Germany', lat: null, lng: null, timeZone: null },
    ],
    timeZoneOf: () => 'Europe/Berlin',
  });
  return detectConflicts(events, settings, availabilityFromEvents(events), NOW).filter(
    (c) => c.kind === 'travel',
  );
}
