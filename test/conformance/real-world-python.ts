/**
 * Cases ported by hand from python-recurring-ical-events (LGPL-3.0, see
 * test/fixtures/ics/NOTICE.md): deleted, moved, cancelled and added instances. Each names the
 * test it ports; the expected values are that test's assertions. `at(day)` there is the day on
 * the event's wall clock, which is what the windows below use.
 */
import { expect } from 'vitest';
import {
  day,
  fixture,
  hour,
  hours,
  month,
  prop,
  summaries,
  utc,
  wallEnd,
  wallStart,
  type RealWorldCase,
} from './real-world-support.js';

const load = (file: string, zone = 'UTC'): ReturnType<typeof fixture> =>
  fixture(`python-recurring-ical-events/${file}`, zone);

export const pythonRecurrenceCases: RealWorldCase[] = [
  {
    name: 'weekly Thunderbird series with one EXDATE written in UTC has 7 of 8 instances',
    source: 'test_deleted_entries.py::test_one_deleted_event',
    run: () => expect(load('each_week_but_one_deleted.ics').all()).toHaveLength(7),
  },
  {
    name: 'two EXDATE lines remove two instances',
    source: 'test_deleted_entries.py::test_one_deleted_event_2',
    run: () => expect(load('each_week_but_two_deleted.ics').all()).toHaveLength(6),
  },
  {
    name: 'a cancelled override stays an instance that carries STATUS:CANCELLED',
    source: 'test_issue_18_cancel_status.py::test_events_are_cancelles',
    run: () => {
      const cal = load('issue_18_cancel_status.ics');
      const at = (d: string) => cal.between(day(d, 'Europe/Berlin'))[0]!;
      expect([
        prop(at('2020-01-28'), 'status'),
        prop(at('2020-01-29'), 'status'),
        prop(at('2020-01-30'), 'status'),
      ]).toEqual([null, 'CANCELLED', null]);
      expect(at('2020-01-29').isOverride).toBe(true);
      for (const d of ['2020-01-28', '2020-01-29', '2020-01-30'])
        expect(prop(at(d), 'transp')).toBe('OPAQUE');
    },
  },
  {
    name: 'Google moves the last Friday of December: gone from the 31st, present on the 17th',
    source:
      'test_issue_62_moved_event.py::test_event_is_absent, test_event_has_moved, test_there_is_only_one_event_in_december',
    run: () => {
      const cal = load('issue_62_moved_event.ics');
      expect(cal.between(day('2021-12-31', 'Europe/Berlin'))).toEqual([]);
      expect(cal.between(day('2021-12-17', 'Europe/Berlin'))).toHaveLength(1);
      expect(cal.between(month('2021-12', 'Europe/Berlin'))).toHaveLength(1);
    },
  },
  {
    name: 'Google moves a timed and an all-day weekly instance (Sydney): six events in August',
    source:
      'test_issue_62_moved_event.py::test_event_is_present, test_event_is_absent_2, test_total_amount_of_events',
    run: () => {
      const zone = 'Australia/Sydney';
      const cal = load('issue_62_moved_event_2.ics', zone);
      const present: [string, string][] = [
        ['2023-08-10', 'All Day'],
        ['2023-08-16', 'All Day'],
        ['2023-08-24', 'All Day'],
        ['2023-08-08', 'Datetime'],
        ['2023-08-14', 'Datetime'],
        ['2023-08-22', 'Datetime'],
      ];
      for (const [d, summary] of present)
        expect(summaries(cal.between(day(d, zone))), d).toEqual([summary]);
      for (const d of ['2023-08-15', '2023-08-17'])
        expect(cal.between(day(d, zone)), d).toEqual([]);
      expect(cal.between(month('2023-08', zone))).toHaveLength(6);
    },
  },
  {
    name: 'RANGE=THISANDFUTURE moves and reshapes that and every later instance (RDATE included)',
    source:
      'test_issue_75_range_parameter.py::test_issue_75_RANGE_BETWEEN_parameter, test_issue_75_RANGE_AT_parameter',
    run: () => {
      const cal = load('issue_75_range_parameter.ics');
      const table: [string, string, string, number][] = [
        ['20240901T000000Z', '20240911T235959Z', 'ORIGINAL EVENT', 6],
        ['20240901T000000Z', '20240913T000000Z', 'ORIGINAL EVENT', 6],
        ['20240901T000000Z', '20240913T235959Z', 'MODIFIED EVENT', 7],
        ['20240901T000000Z', '20240914T235959Z', 'MODIFIED EVENT', 8],
        ['20240901T000000Z', '20240915T235959Z', 'MODIFIED EVENT', 9],
        ['20240901T000000Z', '20240917T235959Z', 'MODIFIED EVENT', 10],
        ['20240901T000000Z', '20240919T235959Z', 'MODIFIED EVENT', 11],
        ['20240901T000000Z', '20240921T235959Z', 'MODIFIED EVENT', 11],
        ['20240901T000000Z', '20240922T000000Z', 'MODIFIED EVENT', 11],
        ['20240901T000000Z', '20240922T235959Z', 'EDITED EVENT', 12],
        ['20240901T000000Z', '20240923T000000Z', 'EDITED EVENT', 12],
        ['20240901T000000Z', '20240923T235959Z', 'EDITED EVENT', 12],
        ['20240901T000000Z', '20240924T235959Z', 'EDITED EVENT', 13],
        ['20240901T000000Z', '20240925T235959Z', 'EDITED EVENT', 13],
        ['20240913T000000Z', '20240922T000000Z', 'MODIFIED EVENT', 5],
        ['20240913T000000Z', '20240922T235959Z', 'EDITED EVENT', 6],
        ['20240924T000000Z', '20240925T235959Z', 'EDITED EVENT', 1],
      ];
      for (const [from, to, summary, total] of table) {
        const found = cal.between(utc(from, to));
        expect(found.length, `${from}..${to}`).toBe(total);
        expect(summaries(found).at(-1), `${from}..${to}`).toBe(summary);
      }
      const atDay: [string, string][] = [
        ['2024-09-01', 'ORIGINAL EVENT'],
        ['2024-09-11', 'ORIGINAL EVENT'],
        ['2024-09-13', 'MODIFIED EVENT'],
        ['2024-09-14', 'MODIFIED EVENT'],
        ['2024-09-15', 'MODIFIED EVENT'],
        ['2024-09-17', 'MODIFIED EVENT'],
        ['2024-09-19', 'MODIFIED EVENT'],
        ['2024-09-22', 'EDITED EVENT'],
        ['2024-09-24', 'EDITED EVENT'],
        ['2024-09-26', 'EDITED EVENT'],
      ];
      for (const [d, summary] of atDay)
        expect(summaries(cal.between(day(d))), d).toEqual([summary]);
    },
  },
  {
    name: 'THISANDFUTURE instances keep the moved start and the new length',
    source: 'test_issue_75_range_parameter.py::test_the_length_of_modified_events',
    run: () => {
      const cal = load('issue_75_range_parameter.ics');
      const table: [string, string, string][] = [
        ['2024-09-13T09', '09:00', '16:00'],
        ['2024-09-17T09', '09:00', '16:00'],
        ['2024-09-22T14', '14:22', '16:13'],
        ['2024-09-24T14', '14:22', '16:13'],
      ];
      for (const [at, start, end] of table) {
        const found = cal.between(hour(at));
        expect(found, at).toHaveLength(1);
        expect(
          [wallStart(found[0]!, 'UTC').slice(11), wallEnd(found[0]!, 'UTC').slice(11)],
          at,
        ).toEqual([start, end]);
      }
    },
  },
  {
    name: 'EXDATEs written in UTC remove DAVx5 instances; UNTIL one second early drops February',
    source:
      'test_issue_20_exdate_ignored.py::test_exdates_do_not_show_up, test_rrule_dates_show_up, test_there_are_n_events',
    run: () => {
      const cal = load('issue_20_exdate_ignored.ics');
      const zone = 'Europe/Berlin';
      for (const d of [
        '2019-10-15',
        '2019-10-22',
        '2019-11-05',
        '2019-11-19',
        '2019-11-26',
        '2019-12-03',
        '2019-12-17',
        '2019-12-24',
        '2019-12-31',
      ]) {
        expect(cal.between(day(d, zone)), d).toEqual([]);
      }
      for (const d of [
        '2019-10-29',
        '2019-11-12',
        '2019-12-10',
        '2020-01-07',
        '2020-01-14',
        '2020-01-21',
        '2020-01-28',
      ]) {
        expect(cal.between(day(d, zone)), d).toHaveLength(1);
      }
      expect(cal.all()).toHaveLength(7);
    },
  },
  {
    name: 'twelve RDATE lines make twelve instances',
    source: 'test_rdate.py::test_rdate_is_included, test_rdate_occurs_multiple_times',
    run: () => {
      const cal = load('rdate_hackerpublicradio.ics');
      for (const d of [
        '2013-08-03',
        '2013-08-31',
        '2013-10-05',
        '2013-11-02',
        '2013-11-30',
        '2014-01-04',
        '2014-02-01',
        '2014-03-01',
        '2014-04-05',
        '2014-05-03',
        '2014-05-31',
        '2014-07-05',
      ]) {
        expect(cal.between(day(d)), d).toHaveLength(1);
      }
      expect(cal.all()).toHaveLength(12);
    },
  },
  {
    name: 'an RDATE equal to an RRULE instance is one instance; EXDATE removes RDATEs too',
    source:
      'test_rdate.py::test_rdate_does_not_double_rrule_entry, test_rdate_can_be_excluded_by_exdate, test_rdate_and_rrule_can_be_excluded_by_exdate',
    run: () => {
      const cal = load('rdate.ics');
      expect(cal.between(day('2014-07-05'))).toHaveLength(1);
      expect(cal.between(day('2025-07-05'))).toHaveLength(0);
      expect(cal.between(day('2015-07-05'))).toHaveLength(0);
    },
  },
  {
    name: 'an RDATE PERIOD gives its instance its own end (America/Vancouver)',
    source: 'test_issue_113_period_in_rdate.py::test_start_of_rdate, test_end_of_rdate',
    run: () => {
      const zone = 'America/Vancouver';
      const [found] = load('issue_113_period_in_rdate.ics').between(day('2023-12-13', zone));
      expect([wallStart(found!, zone), wallEnd(found!, zone)]).toEqual([
        '2023-12-13T12:00',
        '2023-12-13T15:00',
      ]);
    },
  },
  {
    name: 'an RDATE PERIOD with a duration lasts that duration',
    source: 'test_issue_113_period_in_rdate.py::test_rdate_with_a_period_with_duration',
    run: () => {
      const found = load('issue_113_period_rdate_duration.ics').between(day('2024-09-13'));
      expect(found).toHaveLength(1);
      expect(hours(found[0]!)).toBe(2);
    },
  },
];
