/**
 * Who an Exchange item invites, as mapItem gives it: rooms and equipment from t:Resources as
 * resource attendees, and an exception's own attendee lists over its master's.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../domain/event.js';
import { mapItem } from './exchange-mapper.js';
import type { EwsCalendarItem, EwsExceptionFields } from './exchange-wire.js';

const WINDOW = { from: new Date('2026-02-22T00:00:00Z'), to: new Date('2026-04-30T00:00:00Z') };
const BOB = { email: 'bob@fabrikam.test', name: 'Bob', response: 'Accept' } as const;
const CAROL = { email: 'carol@fabrikam.test', name: null, response: 'Tentative' } as const;
const ERIN = { email: 'erin@northwind.test', name: null, response: 'Decline' } as const;
const ROOM = { email: 'Room-4@Contoso.test', name: 'Room 4', response: 'Accept' } as const;

function item(overrides: Partial<EwsCalendarItem> = {}): EwsCalendarItem {
  return {
    id: 'AAMkOne',
    changeKey: 'CK1',
    type: 'Single',
    subject: 'Pricing',
    body: null,
    location: null,
    uid: 'uid-1',
    start: '2026-03-03T14:00:00.000Z',
    end: '2026-03-03T15:00:00.000Z',
    isAllDay: false,
    startTimeZone: 'UTC',
    freeBusy: 'Busy',
    isCancelled: false,
    organizer: { email: 'alice@contoso.test', name: 'Alice' },
    requiredAttendees: [BOB],
    optionalAttendees: [CAROL],
    lastModified: null,
    sequence: 0,
    recurrence: null,
    modifiedOccurrences: [],
    deletedOccurrences: [],
    originalStart: null,
    ...overrides,
  };
}

const people = (event: CalendarEvent | undefined) =>
  (event?.attendees ?? []).map(
    (a) =>
      `${a.email} ${a.responseStatus}${a.optional ? ' optional' : ''}${a.resource ? ' resource' : ''}`,
  );

describe('mapItem: resources', () => {
  it('lists Resources after the attendees, flagged as resources', () => {
    const { events } = mapItem(item({ resources: [ROOM] }), WINDOW);
    expect(people(events[0]?.event)).toEqual([
      'bob@fabrikam.test accepted',
      'carol@fabrikam.test tentative optional',
      'room-4@contoso.test accepted resource',
    ]);
  });

  it('lists a resource that is also an attendee once, as the resource', () => {
    const { events } = mapItem(
      item({ requiredAttendees: [BOB, { ...ROOM, response: 'Unknown' }], resources: [ROOM] }),
      WINDOW,
    );
    expect(people(events[0]?.event)).toEqual([
      'bob@fabrikam.test accepted',
      'carol@fabrikam.test tentative optional',
      'room-4@contoso.test accepted resource',
    ]);
  });

  it('reads an item stored before resources were asked for as having none', () => {
    const { events } = mapItem(item(), WINDOW);
    expect(events[0]?.event.attendees.some((a) => a.resource)).toBe(false);
  });
});

describe('mapItem: an exception with its own people', () => {
  const exception = {
    id: 'AAMkExc',
    start: '2026-03-09T09:00:00.000Z',
    end: '2026-03-09T09:30:00.000Z',
    originalStart: '2026-03-09T09:00:00.000Z',
  };
  const series = item({
    id: 'AAMkSeries',
    type: 'RecurringMaster',
    start: '2026-03-02T09:00:00.000Z',
    end: '2026-03-02T09:30:00.000Z',
    resources: [ROOM],
    recurrence: {
      pattern: {
        type: 'Weekly',
        interval: 1,
        daysOfWeek: ['Monday'],
        dayOfWeekIndex: null,
        dayOfMonth: null,
        month: null,
        firstDayOfWeek: 'Sunday',
      },
      range: { type: 'Numbered', startDate: '2026-03-02', endDate: null, numberOfOccurrences: 3 },
    },
    modifiedOccurrences: [exception],
  });
  const fields: EwsExceptionFields = {
    subject: null,
    location: null,
    body: null,
    isCancelled: false,
    freeBusy: null,
  };

  it("gives the exception its own lists and the other instances the master's", () => {
    const own = { ...fields, requiredAttendees: [BOB], optionalAttendees: [ERIN], resources: [] };
    const { events } = mapItem(series, WINDOW, new Map([[exception.id, own]]));
    expect(events.map((e) => people(e.event))).toEqual([
      [
        'bob@fabrikam.test accepted',
        'carol@fabrikam.test tentative optional',
        'room-4@contoso.test accepted resource',
      ],
      ['bob@fabrikam.test accepted', 'erin@northwind.test declined optional'],
      [
        'bob@fabrikam.test accepted',
        'carol@fabrikam.test tentative optional',
        'room-4@contoso.test accepted resource',
      ],
    ]);
    expect(events[1]?.raw).toMatchObject({ exception: { optionalAttendees: [ERIN] } });
  });

  it("keeps the master's people for an exception read without its lists", () => {
    const { events } = mapItem(series, WINDOW, new Map([[exception.id, fields]]));
    expect(people(events[1]?.event)).toEqual(people(events[0]?.event));
  });
});
