import { describe, expect, it } from 'vitest';
import { instanceIdOf, mapItem } from './exchange-mapper.js';
import type { EwsCalendarItem } from './exchange-wire.js';

const WINDOW = { from: new Date('2026-02-22T00:00:00Z'), to: new Date('2026-04-30T00:00:00Z') };

/** A GetItem answer for a single meeting, as exchange-read.ts gives it (contract 3.4). */
function single(overrides: Partial<EwsCalendarItem> = {}): EwsCalendarItem {
  return {
    id: 'AAMkADk1',
    changeKey: 'DwAAABYAAAA1',
    type: 'Single',
    subject: ' Quarterly review ',
    body: 'Join: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
    location: 'Room 4',
    uid: '040000008200E00074C5B7101A82E0080000000011',
    start: '2026-03-03T14:00:00.000Z',
    end: '2026-03-03T15:00:00.000Z',
    isAllDay: false,
    startTimeZone: 'W. Europe Standard Time',
    freeBusy: 'Busy',
    isCancelled: false,
    organizer: { email: 'Ann@Contoso.test', name: 'Ann' },
    requiredAttendees: [
      { email: 'bob@fabrikam.test', name: 'Bob', response: 'Accept' },
      { email: 'carol@fabrikam.test', name: null, response: 'Decline' },
    ],
    optionalAttendees: [
      { email: 'dave@fabrikam.test', name: null, response: 'NoResponseReceived' },
    ],
    lastModified: '2026-02-20T08:00:00.000Z',
    sequence: 2,
    recurrence: null,
    modifiedOccurrences: [],
    deletedOccurrences: [],
    originalStart: null,
    ...overrides,
  };
}

function weekly(overrides: Partial<EwsCalendarItem> = {}): EwsCalendarItem {
  return single({
    id: 'AAMkSeries',
    type: 'RecurringMaster',
    subject: 'Standup',
    start: '2026-03-02T09:00:00.000Z',
    end: '2026-03-02T09:15:00.000Z',
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
      range: { type: 'Numbered', startDate: '2026-03-02', endDate: null, numberOfOccurrences: 6 },
    },
    ...overrides,
  });
}

describe('mapItem', () => {
  it('maps a single meeting: Windows zone to IANA, people, responses, conference link', () => {
    const { events, ids, issues } = mapItem(single(), WINDOW);
    expect(issues).toEqual([]);
    expect(ids).toEqual(['AAMkADk1']);
    expect(events[0]!.event).toMatchObject({
      providerEventId: 'AAMkADk1',
      title: 'Quarterly review',
      timeZone: 'Europe/Berlin',
      start: '2026-03-03T14:00:00.000Z',
      status: 'confirmed',
      transparency: 'opaque',
      organizer: { email: 'ann@contoso.test', name: 'Ann' },
      conferenceUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
      etag: 'DwAAABYAAAA1',
      seriesId: null,
    });
    expect(events[0]!.event.attendees.map((a) => [a.email, a.responseStatus, a.optional])).toEqual([
      ['bob@fabrikam.test', 'accepted', false],
      ['carol@fabrikam.test', 'declined', false],
      ['dave@fabrikam.test', 'needsAction', true],
    ]);
  });

  it('maps free as transparent and IsCancelled as cancelled', () => {
    const { events } = mapItem(single({ freeBusy: 'Free', isCancelled: true }), WINDOW);
    expect(events[0]!.event).toMatchObject({ status: 'cancelled', transparency: 'transparent' });
  });

  it('gives all-day items their dates in their own zone', () => {
    const { events } = mapItem(
      single({
        isAllDay: true,
        start: '2026-03-04T23:00:00.000Z',
        end: '2026-03-06T23:00:00.000Z',
      }),
      WINDOW,
    );
    expect(events[0]!.event).toMatchObject({
      allDay: true,
      startDate: '2026-03-05',
      endDate: '2026-03-07',
      start: '2026-03-04T23:00:00.000Z',
    });
  });

  it('lists nothing for an item outside the window, and reports an unknown zone', () => {
    expect(
      mapItem(single({ start: '2025-01-01T09:00:00Z', end: '2025-01-01T10:00:00Z' }), WINDOW).ids,
    ).toEqual([]);
    const odd = mapItem(single({ startTimeZone: 'Atlantis Standard Time' }), WINDOW);
    expect(odd.events[0]!.event.timeZone).toBeNull();
    expect(odd.issues[0]!.message).toContain('Atlantis');
  });

  it('expands a master with a modified and a deleted occurrence', () => {
    const exceptionId = 'AAMkOccException';
    const { events, ids } = mapItem(
      weekly({
        modifiedOccurrences: [
          {
            id: exceptionId,
            start: '2026-03-10T13:00:00.000Z',
            end: '2026-03-10T13:30:00.000Z',
            originalStart: '2026-03-09T09:00:00.000Z',
          },
        ],
        deletedOccurrences: ['2026-03-16T09:00:00.000Z'],
      }),
      WINDOW,
      new Map([
        [
          exceptionId,
          {
            subject: 'Standup (moved)',
            location: null,
            body: null,
            isCancelled: false,
            freeBusy: 'Busy' as const,
          },
        ],
      ]),
    );
    expect(events.map((e) => [e.event.start, e.event.title])).toEqual([
      ['2026-03-02T09:00:00.000Z', 'Standup'],
      ['2026-03-10T13:00:00.000Z', 'Standup (moved)'],
      ['2026-03-23T09:00:00.000Z', 'Standup'],
      // Berlin moves to summer time on 29 March: 10:00 local is now 08:00 UTC.
      ['2026-03-30T08:00:00.000Z', 'Standup'],
      ['2026-04-06T08:00:00.000Z', 'Standup'],
    ]);
    expect(ids).toContain(instanceIdOf('AAMkSeries', '2026-03-09T09:00:00Z'));
    expect(events[1]!.event).toMatchObject({
      seriesId: 'AAMkSeries',
      originalStart: '2026-03-09T09:00:00Z',
    });
    // The master is carried once, by the first instance.
    expect(events[0]!.raw).toMatchObject({ id: 'AAMkSeries', type: 'RecurringMaster' });
    expect(events[2]!.raw).toEqual({
      seriesId: 'AAMkSeries',
      originalStart: '2026-03-23T09:00:00Z',
    });
  });

  it('expands an all-day yearly series by day', () => {
    const { events } = mapItem(
      weekly({
        isAllDay: true,
        start: '2026-03-04T23:00:00.000Z',
        end: '2026-03-05T23:00:00.000Z',
        recurrence: {
          pattern: {
            type: 'AbsoluteYearly',
            interval: 1,
            daysOfWeek: [],
            dayOfWeekIndex: null,
            dayOfMonth: 5,
            month: 3,
            firstDayOfWeek: null,
          },
          range: {
            type: 'NoEnd',
            startDate: '2026-03-05',
            endDate: null,
            numberOfOccurrences: null,
          },
        },
      }),
      WINDOW,
    );
    expect(
      events.map((e) => [e.event.providerEventId, e.event.startDate, e.event.endDate]),
    ).toEqual([['AAMkSeries::2026-03-05', '2026-03-05', '2026-03-06']]);
  });
});

describe('a series in a zone no table knows ("Customized Time Zone")', () => {
  /** Central Europe as EWS defines it, as ews-javascript-api gives it (exchange-read.ts). */
  const berlinDefinition = {
    standardOffset: 60,
    rules: [
      {
        from: null,
        until: null,
        delta: 60,
        // Last Sunday of March at 02:00, last Sunday of October at 03:00.
        toDaylight: { month: 3, week: 5, dayOfWeek: 0, day: null, time: 120 },
        toStandard: { month: 10, week: 5, dayOfWeek: 0, day: null, time: 180 },
      },
    ],
  };
  /**
   * Weekly on Monday at 09:00 Berlin from 2 March 2026, across the change to summer time on
   * 29 March: EWS gives the exception's and the deleted occurrence's original starts at 09:00
   * CEST (07:00Z). Exception on 6 April, moved to 14:00; occurrence of 13 April deleted.
   */
  const customized = (overrides: Partial<EwsCalendarItem> = {}) =>
    weekly({
      id: 'M',
      start: '2026-03-02T08:00:00.000Z',
      end: '2026-03-02T08:30:00.000Z',
      startTimeZone: 'Customized Time Zone',
      recurrence: {
        ...weekly().recurrence!,
        range: { type: 'NoEnd', startDate: '2026-03-02', endDate: null, numberOfOccurrences: null },
      },
      modifiedOccurrences: [
        {
          id: 'X',
          start: '2026-04-06T12:00:00.000Z',
          end: '2026-04-06T12:30:00.000Z',
          originalStart: '2026-04-06T07:00:00.000Z',
        },
      ],
      deletedOccurrences: ['2026-04-13T07:00:00.000Z'],
      ...overrides,
    });
  const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-21T00:00:00Z') };
  const starts = (item: EwsCalendarItem) =>
    mapItem(item, window, new Map(), 'UTC').events.map((e) => [
      e.event.providerEventId,
      e.event.start,
    ]);

  it('repeats in the zone its definition defines, as the same series named by its id does', () => {
    const defined = customized({ startTimeZoneDefinition: berlinDefinition });
    const named = customized({ startTimeZone: 'W. Europe Standard Time' });
    expect(mapItem(defined, window, new Map(), 'UTC').issues).toEqual([]);
    expect(starts(defined)).toEqual(starts(named));
    expect(starts(defined)).toEqual([
      ['M::2026-03-02T08:00:00Z', '2026-03-02T08:00:00.000Z'],
      ['M::2026-03-09T08:00:00Z', '2026-03-09T08:00:00.000Z'],
      ['M::2026-03-16T08:00:00Z', '2026-03-16T08:00:00.000Z'],
      ['M::2026-03-23T08:00:00Z', '2026-03-23T08:00:00.000Z'],
      ['M::2026-03-30T07:00:00Z', '2026-03-30T07:00:00.000Z'],
      ['M::2026-04-06T07:00:00Z', '2026-04-06T12:00:00.000Z'],
      ['M::2026-04-20T07:00:00Z', '2026-04-20T07:00:00.000Z'],
    ]);
  });

  it('without a definition, is read in the fallback zone but never shows an exception twice or a deleted occurrence again', () => {
    const mapped = mapItem(customized(), window, new Map(), 'UTC');
    expect(mapped.issues.map((i) => i.message)).toEqual([
      'M: unknown time zone "Customized Time Zone" with no definition; read in UTC',
    ]);
    const events = mapped.events.map((e) => e.event);
    expect(events.filter((e) => e.start.startsWith('2026-04-06'))).toHaveLength(1);
    expect(events.find((e) => e.start.startsWith('2026-04-06'))?.providerEventId).toBe(
      'M::2026-04-06T07:00:00Z',
    );
    expect(events.some((e) => e.start.startsWith('2026-04-13'))).toBe(false);
    expect(events).toHaveLength(7);
  });

  it('says why a definition it was given could not be read', () => {
    const mapped = mapItem(
      customized({ startTimeZoneProblem: 'its definition names a period it lacks' }),
      window,
      new Map(),
      'UTC',
    );
    expect(mapped.issues.map((i) => i.message)).toEqual([
      'M: unknown time zone "Customized Time Zone" with no usable definition ' +
        '(its definition names a period it lacks); read in UTC',
    ]);
  });

  it('reads an all-day series at midnight in the defined zone', () => {
    const allDay = customized({
      startTimeZoneDefinition: berlinDefinition,
      isAllDay: true,
      // Monday 2 March, midnight in Berlin (CET).
      start: '2026-03-01T23:00:00.000Z',
      end: '2026-03-02T23:00:00.000Z',
      modifiedOccurrences: [],
      // Monday 13 April, midnight in Berlin (CEST).
      deletedOccurrences: ['2026-04-12T22:00:00.000Z'],
    });
    const events = mapItem(allDay, window, new Map(), 'UTC').events.map((e) => e.event);
    expect(events.map((e) => [e.startDate, e.start])).toContainEqual([
      '2026-03-30',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(events.map((e) => e.startDate)).not.toContain('2026-04-13');
    expect(events).toHaveLength(7);
  });
});

describe('items that cannot be read whole', () => {
  const keeps = { providerEventId: 'AAMkSeries', keepsSeries: true };

  it('reads a master whose pattern Exchange did not give as unreadable, not as one event', () => {
    const mapped = mapItem(weekly({ recurrence: null }), WINDOW);
    expect(mapped).toMatchObject({ events: [], ids: [], unreadable: true });
    expect(mapped.issues).toEqual([expect.objectContaining(keeps)]);
    expect(mapped.issues[0]!.message).toMatch(/^AAMkSeries: .*pattern/);
  });

  it('reads a pattern that cannot be expanded (a 40th day of the month) as unreadable', () => {
    const series = weekly();
    const mapped = mapItem(
      {
        ...series,
        recurrence: {
          ...series.recurrence!,
          pattern: { ...series.recurrence!.pattern, type: 'AbsoluteMonthly', dayOfMonth: 40 },
        },
      },
      WINDOW,
    );
    expect(mapped).toMatchObject({ events: [], ids: [], unreadable: true });
    expect(mapped.issues).toEqual([expect.objectContaining(keeps)]);
    expect(mapped.issues[0]!.message).toContain('BYMONTHDAY');
  });

  it('still maps items it can read as readable', () => {
    expect(mapItem(single(), WINDOW).unreadable).toBe(false);
    expect(mapItem(weekly(), WINDOW).unreadable).toBe(false);
  });
});
