import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../ical/parse-calendar.js';
import { expandCalendar } from './expand-calendar.js';
import {
  buildCalendar,
  buildEvent,
  centralEuropeVtimezone,
  expandEvents as expand,
  startsOf as starts,
  YEAR_2024,
} from '../../../test/conformance/ics-builder.js';

describe('expandSeries: time zones, floating times and lengths', () => {
  it('keeps a 09:00 Europe/Berlin weekly meeting at 09:00 local across the DST change', () => {
    const r = expand([
      { 'DTSTART;TZID=Europe/Berlin': '20240321T090000', RRULE: 'FREQ=WEEKLY;COUNT=3' },
    ]);
    expect(starts(r)).toEqual([
      '2024-03-21T08:00:00.000Z',
      '2024-03-28T08:00:00.000Z',
      '2024-04-04T07:00:00.000Z',
    ]);
    expect(r.instances[0]!.timeZone).toBe('Europe/Berlin');
  });

  it('gives an override with a DATE RECURRENCE-ID the id of the timed occurrence it replaces', () => {
    // RFC 5545 wants RECURRENCE-ID in DTSTART's value type; some exporters write the day alone.
    // The override must take the id the occurrence had (09:00 Berlin, CEST after the change),
    // or a copy of the meeting elsewhere and a later sync without the override would not match.
    const r = expand([
      {
        UID: 'w',
        'DTSTART;TZID=Europe/Berlin': '20240321T090000',
        RRULE: 'FREQ=WEEKLY;COUNT=3',
      },
      {
        UID: 'w',
        'RECURRENCE-ID;VALUE=DATE': '20240404',
        'DTSTART;TZID=Europe/Berlin': '20240404T150000',
        SUMMARY: 'moved',
      },
    ]);
    expect(r.instances.map((i) => [i.recurrenceId, i.start, i.isOverride])).toEqual([
      ['2024-03-21T08:00:00Z', '2024-03-21T08:00:00.000Z', false],
      ['2024-03-28T08:00:00Z', '2024-03-28T08:00:00.000Z', false],
      ['2024-04-04T07:00:00Z', '2024-04-04T13:00:00.000Z', true],
    ]);
  });

  it('reads a Windows zone name as its IANA zone', () => {
    const r = expand([{ 'DTSTART;TZID=W. Europe Standard Time': '20240704T090000' }]);
    expect([r.instances[0]!.start, r.instances[0]!.timeZone]).toEqual([
      '2024-07-04T07:00:00.000Z',
      'Europe/Berlin',
    ]);
  });

  it('reads floating times in the floating zone and gives them no time zone', () => {
    const r = expand([{ DTSTART: '20240704T090000' }], YEAR_2024, {
      floatingZone: 'America/New_York',
    });
    expect([r.instances[0]!.start, r.instances[0]!.timeZone]).toEqual([
      '2024-07-04T13:00:00.000Z',
      null,
    ]);
  });

  it('reads an unknown TZID as floating', () => {
    const r = expand([{ 'DTSTART;TZID=Nowhere/Special': '20240704T090000' }], YEAR_2024, {
      floatingZone: 'Asia/Tokyo',
    });
    expect(r.instances[0]!.start).toBe('2024-07-04T00:00:00.000Z');
  });

  it('reads a time in a spring-forward gap with the offset before the gap (RFC 5545 §3.3.5)', () => {
    const r = expand([{ 'DTSTART;TZID=Europe/Berlin': '20240331T023000' }]);
    expect(r.instances[0]!.start).toBe('2024-03-31T01:30:00.000Z');
  });

  it('uses DURATION when there is no DTEND: nominal days, exact hours', () => {
    const r = expand([
      { UID: 'h', DTSTART: '20240704T090000Z', DURATION: 'PT1H30M' },
      { UID: 'd', 'DTSTART;TZID=Europe/Berlin': '20240330T120000', DURATION: 'P1D' },
    ]);
    const byUid = Object.fromEntries(r.instances.map((i) => [i.uid, [i.start, i.end]]));
    expect(byUid.h).toEqual(['2024-07-04T09:00:00.000Z', '2024-07-04T10:30:00.000Z']);
    // One nominal day over the DST change is 23 hours: noon to noon on the wall clock.
    expect(byUid.d).toEqual(['2024-03-30T11:00:00.000Z', '2024-03-31T10:00:00.000Z']);
  });

  it('gives an all-day event one day and a timed event zero length when neither DTEND nor DURATION is set', () => {
    const r = expand([
      { UID: 'a', 'DTSTART;VALUE=DATE': '20240704' },
      { UID: 't', DTSTART: '20240704T090000Z' },
    ]);
    const byUid = Object.fromEntries(r.instances.map((i) => [i.uid, i]));
    expect(byUid.a).toMatchObject({
      allDay: true,
      startDate: '2024-07-04',
      endDate: '2024-07-05',
      timeZone: null,
    });
    expect(byUid.t!.end).toBe(byUid.t!.start);
  });

  it('gives an all-day event whose DTEND is its DTSTART its one day, as without DTEND', () => {
    // RFC 5545 wants DTEND later than DTSTART; such an event had no length and fell out of a
    // range covering exactly its day.
    const r = expand([
      { UID: 'z', 'DTSTART;VALUE=DATE': '20240704', 'DTEND;VALUE=DATE': '20240704' },
    ]);
    expect(r.instances[0]).toMatchObject({ startDate: '2024-07-04', endDate: '2024-07-05' });
  });

  it('places all-day instances at midnight of their date in the floating zone', () => {
    const r = expand(
      [{ 'DTSTART;VALUE=DATE': '20240704', 'DTEND;VALUE=DATE': '20240706' }],
      YEAR_2024,
      { floatingZone: 'Europe/Berlin' },
    );
    expect(r.instances[0]).toMatchObject({
      start: '2024-07-03T22:00:00.000Z',
      end: '2024-07-05T22:00:00.000Z',
      startDate: '2024-07-04',
      endDate: '2024-07-06',
    });
  });

  it('ends a series at a UTC UNTIL just before a change in a zone only the file defines', () => {
    // Outlook's "Customized Time Zone": US Eastern rules (spring forward at 07:00Z on 2025-03-09).
    const eastern = [
      'BEGIN:VTIMEZONE',
      'TZID:Customized Time Zone',
      'BEGIN:STANDARD',
      'DTSTART:16011104T020000',
      'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010311T020000',
      'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ];
    const calendar = parseCalendar(
      buildCalendar([
        eastern,
        centralEuropeVtimezone('Custom Central Europe'),
        // UNTIL is 01:30 EST: the 02:30 of March 9 (skipped, so 03:30 EDT, 07:30Z) is after it.
        buildEvent({
          UID: 'us',
          'DTSTART;TZID=Customized Time Zone': '20250307T023000',
          RRULE: 'FREQ=DAILY;UNTIL=20250309T063000Z',
        }),
        // UNTIL is the first 02:30 of October 26 (CEST): that instance is the series' last.
        buildEvent({
          UID: 'eu',
          'DTSTART;TZID=Custom Central Europe': '20251024T023000',
          RRULE: 'FREQ=DAILY;UNTIL=20251026T003000Z',
        }),
      ]),
    );
    const r = expandCalendar(
      calendar,
      { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') },
      { floatingZone: 'UTC' },
    );
    const startsOfUid = (uid: string) =>
      r.instances.filter((i) => i.uid === uid).map((i) => i.start);
    expect(startsOfUid('us')).toEqual(['2025-03-07T07:30:00.000Z', '2025-03-08T07:30:00.000Z']);
    expect(startsOfUid('eu')).toEqual([
      '2025-10-24T00:30:00.000Z',
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z',
    ]);
  });
});
