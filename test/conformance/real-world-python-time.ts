/**
 * Cases ported by hand from python-recurring-ical-events (LGPL-3.0, see
 * test/fixtures/ics/NOTICE.md): time zones, DST, lengths and UNTIL. Each names the test it
 * ports; the expected values are that test's assertions.
 */
import { expect } from 'vitest';
import {
  day,
  fixture,
  hour,
  span,
  wallEnd,
  wallStart,
  type RealWorldCase,
} from './real-world-support.js';

const load = (file: string, zone = 'UTC'): ReturnType<typeof fixture> =>
  fixture(`python-recurring-ical-events/${file}`, zone);

export const pythonTimeCases: RealWorldCase[] = [
  {
    name: 'UNTIL before DTSTART (Confluence deletes that way) leaves no instance',
    source: 'test_issue_117_until_before_dtstart.py::test_event_is_deleted',
    run: () => expect(load('issue_117_until_before_dtstart.ics').all()).toEqual([]),
  },
  {
    name: 'a weekly Google event stays at 19:00 Berlin time on both sides of the DST change',
    source: 'test_daylight_saving_time.py::test_daylight_saving_events',
    run: () => {
      const cal = load('daylight_saving_time.ics');
      const uid = '7uartkcnhf0elbvs8md0itrf6c@google.com';
      for (const [d, start] of [
        ['2019-03-20', '2019-03-20T18:00:00.000Z'],
        ['2019-04-24', '2019-04-24T17:00:00.000Z'],
      ]) {
        const found = cal.between(day(d!, 'Europe/Berlin')).filter((i) => i.uid === uid);
        expect(
          found.map((i) => i.start),
          d,
        ).toEqual([start]);
      }
    },
  },
  {
    name: 'Chicago series after the November DST change: three events between 10:00 and 15:00',
    source: 'test_issue_48_dst.py::test_between',
    run: () => {
      const cal = load('issue_48_dst.ics');
      expect(
        cal.between(span('2020-12-11T10:00', '2020-12-11T15:00', 'America/Chicago')),
      ).toHaveLength(3);
    },
  },
  {
    name: 'an event without DTEND or DURATION is a zero-length instant',
    source: 'test_zero_size_events.py::test_zero_sized_events_at, test_zero_sized_events_at_2',
    run: () => {
      const cal = load('zero_size_event.ics');
      const zone = 'Europe/Berlin';
      expect(
        [
          cal.between(day('2019-03-03', zone)),
          cal.between(day('2019-03-04', zone)),
          cal.between(day('2019-03-05', zone)),
        ].map((l) => l.length),
      ).toEqual([0, 1, 0]);
      expect(
        ['2019-03-04T07', '2019-03-04T08', '2019-03-04T09'].map(
          (h) => cal.between(hour(h, zone)).length,
        ),
      ).toEqual([0, 1, 0]);
      expect(cal.between(span('2019-03-04T07:00', '2019-03-04T08:00', zone))).toHaveLength(0);
      expect(cal.between(span('2019-03-04T08:00', '2019-03-04T09:00', zone))).toHaveLength(1);
      // Not ported: python also lists it for the empty span 08:00..08:00; an empty window lists nothing here.
    },
  },
  {
    name: 'DURATION sets the length of all-day and timed events; neither gives an instant',
    source: 'test_duration.py::test_events_expected',
    run: () => {
      const cal = load('duration.ics');
      const days: [string, number][] = [
        ['2018-01-10', 1],
        ['2018-01-11', 1],
        ['2018-01-12', 1],
        ['2018-01-09', 0],
        ['2018-01-14', 0],
        ['2018-01-20', 1],
        ['2018-01-19', 0],
        ['2018-01-21', 0],
      ];
      for (const [d, n] of days) expect(cal.between(day(d)), d).toHaveLength(n);
      const hoursAt: [string, number][] = [
        ['2018-01-15T10', 1],
        ['2018-01-15T11', 1],
        ['2018-01-15T12', 1],
        ['2018-01-15T09', 0],
        ['2018-01-15T14', 0],
      ];
      for (const [h, n] of hoursAt) expect(cal.between(hour(h)), h).toHaveLength(n);
    },
  },
  {
    name: 'DTEND before DTSTART is read with the times swapped',
    source: 'test_issue_132_swapped_start_and_end.py::test_event_case',
    run: () => {
      const [first] = load('issue_132_swapped_start_and_end.ics').all();
      expect([wallStart(first!, 'Europe/Paris'), wallEnd(first!, 'Europe/Paris')]).toEqual([
        '2023-12-18T23:30',
        '2023-12-18T23:45',
      ]);
    },
  },
  {
    name: 'Exchange all-day series with date-time RECURRENCE-IDs: 15 bins, one moved in early September',
    source:
      'test_issue_28_timezone_with_z.py::test_expected_amount_of_events, test_modification_of_event',
    run: () => {
      const cal = load('issue_28_rrule_with_UTC_endinginZ.ics');
      expect(cal.between(span('2020-05-25', '2020-09-05'))).toHaveLength(15);
      expect(cal.between(span('2020-09-03', '2020-09-05'))).toHaveLength(1);
    },
  },
  {
    name: 'UNTIL as a date includes that whole day (Europe/London weekly)',
    source: 'test_issue_4.py::test_can_use_different_rrule_until',
    run: () => expect(load('issue_4_rrule_until.ics').all()).toHaveLength(12),
  },
  {
    name: 'a Windows-named zone series keeps its last instance after the DST change',
    source: 'test_issue_107_omitting_last_event.py::test_last_event_is_present',
    run: () => {
      const found = load('issue_107_omitting_last_event.ics').between(
        span('2023-01-30', '2024-01-30', 'America/Los_Angeles'),
      );
      const dates = found.map((i) => wallStart(i, 'America/Los_Angeles').slice(0, 10));
      expect(dates).toContain('2023-06-01');
      expect(dates).toContain('2023-06-08');
    },
  },
];
