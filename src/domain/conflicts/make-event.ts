/** A ConflictEvent with the usual defaults, for adapters that know less and for tests. */
import type { ConflictEvent } from './types.js';

export type ConflictEventInput = Partial<ConflictEvent> &
  Pick<ConflictEvent, 'id' | 'owner' | 'start' | 'end'>;

export function makeConflictEvent(input: ConflictEventInput): ConflictEvent {
  return {
    calendarId: null,
    iCalUid: null,
    title: '',
    description: null,
    location: null,
    conferenceUrl: null,
    allDay: false,
    timeZone: null,
    status: 'confirmed',
    transparency: 'opaque',
    organizer: null,
    attendees: [],
    seriesId: null,
    meeting: null,
    ...input,
    owner: input.owner.trim().toLowerCase(),
  };
}
