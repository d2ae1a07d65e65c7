import { describe, expect, it } from 'vitest';
import { makeConflictEvent, type ConflictEventInput } from './make-event.js';
import { externalPeople, internalAttendees, isOwnHold, isResource, otherPeople } from './people.js';
import { conflictSettings } from './settings.js';

const ANA = 'ana@northwind.io';
const settings = conflictSettings({ internalDomains: ['northwind.io'] });

const event = (fields: Partial<ConflictEventInput>) =>
  makeConflictEvent({ id: 'e', owner: ANA, title: 'Meeting', start: 0, end: 3_600_000, ...fields });

describe('rooms among the people of a meeting', () => {
  it('takes a customer whose address starts like a room name for a person', () => {
    const meeting = event({
      organizer: { email: ANA },
      attendees: [{ email: ANA }, { email: 'sala.marco@acme.com' }, { email: 'room-2@acme.com' }],
    });
    expect(externalPeople(meeting, settings)).toEqual(['sala.marco@acme.com', 'room-2@acme.com']);
  });

  it('guesses an unflagged room only within the organisation, and always in Google resources', () => {
    const meeting = event({
      attendees: [
        { email: ANA },
        { email: 'raum.berlin@northwind.io' },
        { email: 'c_1888@resource.calendar.google.com' },
        { email: 'ben@northwind.io' },
      ],
    });
    expect(otherPeople(meeting, settings)).toEqual(['ben@northwind.io']);
    expect(internalAttendees(meeting, settings).map((a) => a.email)).toEqual(['ben@northwind.io']);
    expect(isResource({ email: 'salle.paris@northwind.io' }, meeting, settings)).toBe(true);
    expect(isResource({ email: 'salle.paris@acme.com' }, meeting, settings)).toBe(false);
    expect(isResource({ email: 'sala.marco@acme.com', resource: true }, meeting, settings)).toBe(
      true,
    );
  });

  it('does not take a block with a customer named like a room for an own hold', () => {
    const hold = event({
      title: 'Hold: pricing call',
      organizer: { email: ANA },
      attendees: [{ email: ANA }, { email: 'sala.marco@acme.com' }],
    });
    expect(isOwnHold(hold, settings)).toBe(false);
    const ownHold = event({
      title: 'Hold: pricing call',
      organizer: { email: ANA },
      attendees: [{ email: ANA }, { email: 'room-4@northwind.io' }],
    });
    expect(isOwnHold(ownHold, settings)).toBe(true);
  });
});
