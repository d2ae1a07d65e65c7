/**
 * Who an Exchange item invites, as mapItem gives it (exchange-people.ts): rooms and equipment
 * from t:Resources as resource attendees, an exception's own attendee lists over its master's,
 * and the owner's own answer (MyResponseType) on the owner's entry.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../domain/event.js';
import { mapItem } from './exchange-mapper.js';
import type { EwsCalendarItem, EwsExceptionFields, EwsRecurrence } from './exchange-wire.js';

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

/** A weekly pattern on Mondays from 2026-03-02, `count` occurrences long. */
function mondays(count: number): EwsRecurrence {
  return {
    pattern: {
      type: 'Weekly',
      interval: 1,
      daysOfWeek: ['Monday'],
      dayOfWeekIndex: null,
      dayOfMonth: null,
      month: null,
      firstDayOfWeek: 'Sunday',
    },
    range: { type: 'Numbered', startDate: '2026-03-02', endDate: null, numberOfOccurrences: count },
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
    recurrence: mondays(3),
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

describe("mapItem: the owner's own answer", () => {
  it("gives the owner's entry the owner's own answer (MyResponseType), and no one else's", () => {
    const answerOf = (calendarItem: EwsCalendarItem, owner: string | null, id = calendarItem.id) =>
      mapItem(calendarItem, WINDOW, new Map(), 'UTC', owner)
        .events.find((e) => e.event.providerEventId === id)
        ?.event.attendees.map((a) => `${a.email} ${a.responseStatus}`);
    const invited = item({
      requiredAttendees: [
        { email: 'Carol@Fabrikam.test', name: null, response: 'Unknown' },
        { email: 'bob@fabrikam.test', name: 'Bob', response: 'Accept' },
      ],
      optionalAttendees: [],
      myResponse: 'Decline',
    });
    expect(answerOf(invited, 'carol@fabrikam.test')).toEqual([
      'carol@fabrikam.test declined',
      'bob@fabrikam.test accepted',
    ]);
    // Unknown says nothing; without the owner's address nobody is changed.
    expect(answerOf({ ...invited, myResponse: 'Unknown' }, 'carol@fabrikam.test')).toEqual([
      'carol@fabrikam.test needsAction',
      'bob@fabrikam.test accepted',
    ]);
    expect(answerOf(invited, null)).toEqual([
      'carol@fabrikam.test needsAction',
      'bob@fabrikam.test accepted',
    ]);
    // An exception has its own answer; one that does not give it has the series'.
    const exception = {
      id: 'AAMkExc',
      start: '2026-03-09T12:00:00.000Z',
      end: '2026-03-09T12:15:00.000Z',
      originalStart: '2026-03-09T09:00:00.000Z',
    };
    const series = item({
      ...invited,
      id: 'AAMkSeries',
      type: 'RecurringMaster',
      start: '2026-03-02T09:00:00.000Z',
      end: '2026-03-02T09:15:00.000Z',
      recurrence: mondays(6),
      myResponse: 'Accept',
      modifiedOccurrences: [exception],
    });
    const fields = {
      subject: null,
      location: null,
      body: null,
      isCancelled: false,
      freeBusy: null,
    };
    const mapped = (myResponse: 'Decline' | null) =>
      mapItem(
        series,
        WINDOW,
        new Map([[exception.id, { ...fields, myResponse }]]),
        'UTC',
        'carol@fabrikam.test',
      ).events.map((e) => e.event.attendees[0]!.responseStatus);
    expect(mapped('Decline')).toEqual([
      'accepted',
      'declined',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(mapped(null)).toEqual(Array(6).fill('accepted'));
  });
});
