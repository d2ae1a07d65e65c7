/**
 * Cases ported by hand from node-ical's test suite (Apache-2.0, see test/fixtures/ics/NOTICE.md).
 * node-ical asserts on its parsed objects (start, end, tz, exdate and recurrence maps); each case
 * below asserts the same facts on our expanded instances, and names the test it ports.
 */
import { expect } from 'vitest';
import {
  day,
  fixture,
  prop,
  span,
  summaries,
  wallStart,
  type RealWorldCase,
} from './real-world-support.js';

const load = (file: string, zone = 'UTC'): ReturnType<typeof fixture> =>
  fixture(`node-ical/${file}`, zone);

export const nodeIcalCases: RealWorldCase[] = [
  {
    name: 'two EXDATE lines remove 2015-07-08 and 07-10; the 07-07 instance is overridden',
    source:
      "advanced.test.js: 'handles RRULE + EXDATEs + RECURRENCE-ID override (daily-count-exdate-recurrence-id.ics)'",
    run: () => {
      const cal = load('daily-count-exdate-recurrence-id.ics');
      const ids = cal.all().map((i) => i.recurrenceId);
      expect(ids).not.toContain('2015-07-08T19:00:00Z');
      expect(ids).not.toContain('2015-07-10T19:00:00Z');
      expect(ids).toHaveLength(8);
      const moved = cal.all().find((i) => i.recurrenceId === '2015-07-07T19:00:00Z');
      expect(moved && prop(moved, 'summary')).toBe('More Treasure Hunting');
    },
  },
  {
    name: 'Windows zone names, and a TZID whose value slipped inside the quotes, give the right UTC times',
    source: "advanced.test.js: 'maps Windows zones to times (ms_timezones.ics)'",
    run: () => {
      const [first] = load('ms_timezones.ics')
        .all()
        .filter((i) => prop(i, 'summary') === "Log Yesterday's Jira time");
      expect(first!.start.slice(0, 7)).toBe('2020-06');
      expect(first!.start.slice(11, 13)).toBe('07');
      expect(first!.end.slice(14, 16)).toBe('30');
    },
  },
  {
    name: 'a quoted Windows display name TZID is a time zone',
    source: "advanced.test.js: 'parses quoted parameter values (windows-quoted-tz-rrule.ics)'",
    run: () => {
      const [first] = load('windows-quoted-tz-rrule.ics').all();
      expect(first!.timeZone).toBe('America/New_York');
    },
  },
  {
    name: 'an Exchange display name maps to its IANA zone',
    source: "advanced.test.js: 'maps Exchange tz to IANA (exchange-custom-tz.ics)'",
    run: () => {
      const [first] = load('exchange-custom-tz.ics').all();
      expect(first!.timeZone).toBe('Asia/Bangkok');
      expect(first!.start).toBe('2019-04-30T02:00:00.000Z');
    },
  },
  {
    name: "Outlook's 'Customized Time Zone' is read from its VTIMEZONE (EDT in August)",
    source:
      'advanced.test.js: \'resolves VTIMEZONE to IANA zone for "Customized Time Zone" (bad_ms_tz.ics)\'',
    run: () => {
      const [first] = load('bad_ms_tz.ics').all();
      expect([first!.start, first!.end]).toEqual([
        '2020-08-25T14:35:00.000Z',
        '2020-08-25T15:50:00.000Z',
      ]);
      expect(first!.timeZone).not.toBe('Customized Time Zone');
    },
  },
  {
    name: 'a VTIMEZONE with two eras applies the rule of each event’s year',
    source:
      "advanced.test.js: 'picks the right observance block for multi-era VTIMEZONE (multi-era-vtimezone.ics)'",
    run: () => {
      const byUid = new Map(
        load('multi-era-vtimezone.ics')
          .all()
          .map((i) => [i.uid, i.start]),
      );
      expect(byUid.get('multi-era-2025@test')).toBe('2025-06-10T18:00:00.000Z');
      expect(byUid.get('multi-era-1985@test')).toBe('1985-10-15T18:00:00.000Z');
    },
  },
  {
    name: 'a VTIMEZONE starting in year 0001 does not break its events',
    source: "advanced.test.js: 'does not crash on VTIMEZONE with DTSTART year 0001 (issue #495)'",
    run: () => {
      const [first] = load('vtimezone-year-0001-dtstart.ics').all();
      expect(first!.start).toBe('2024-06-01T08:00:00.000Z');
    },
  },
  {
    name: 'an unknown Microsoft TZID keeps its wall-clock date; no DTEND gives end = start',
    source:
      "advanced.test.js: 'handles custom tz recurrence', 'uses start as end when missing' (bad_custom_ms_tz.ics)",
    run: () => {
      const cal = load('bad_custom_ms_tz.ics');
      const bySummary = new Map(cal.all().map((i) => [prop(i, 'summary'), i]));
      expect(bySummary.get('[private]')!.start.slice(0, 10)).toBe('2021-03-25');
      const masked = bySummary.get('*masked-away*')!;
      expect(masked.end.slice(0, 10)).toBe(masked.start.slice(0, 10));
      expect(cal.parsed.problems.some((p) => p.message.includes('tzone://Microsoft/Custom'))).toBe(
        true,
      );
    },
  },
  {
    name: 'a daily 23:00 series with a made-up TZID starts on 2024-10-22 local',
    source:
      "advanced.test.js: 'keeps end-of-day recurrence across DST (germany_at_end_of_day_repeating.ics)'",
    run: () => {
      const [first] = load('germany_at_end_of_day_repeating.ics', 'Europe/Berlin').all();
      expect(wallStart(first!, 'Europe/Berlin')).toBe('2024-10-22T23:00');
    },
  },
  {
    name: 'an all-day instance moved over the DST change stays one whole day',
    source:
      "advanced.test.js: 'keeps whole-day recurrence across DST (whole_day_moved_over_dst_change_berlin.ics)'",
    run: () => {
      const moved = load('whole_day_moved_over_dst_change_berlin.ics', 'Europe/Berlin')
        .all()
        .find((i) => i.recurrenceId === '2024-10-28');
      expect(moved).toMatchObject({
        allDay: true,
        startDate: '2024-10-30',
        endDate: '2024-10-31',
        isOverride: true,
      });
    },
  },
  {
    name: 'of two overrides for one instance the higher SEQUENCE wins; overrides at other times stand alone',
    source: "advanced.test.js: 'applies SEQUENCE logic to RECURRENCE-ID overrides'",
    run: () => {
      const byId = new Map(
        load('recurrence-sequence.ics')
          .all()
          .map((i) => [i.recurrenceId, prop(i, 'summary')]),
      );
      expect(byId.get('2024-01-02T10:00:00Z')).toBe('Moved to afternoon (SEQUENCE 3)');
      expect(byId.get('2024-01-03T10:00:00Z')).toBe('Newer override (SEQUENCE 5) - should win');
      expect(byId.get('2024-01-04T09:00:00Z')).toBe('Morning slot (SEQUENCE 2)');
      expect(byId.get('2024-01-04T15:00:00Z')).toBe(
        'Afternoon slot (SEQUENCE 4) - different time same day',
      );
    },
  },
  {
    name: 'of two VEVENTs with one UID and no RECURRENCE-ID the higher SEQUENCE wins',
    source: "advanced.test.js: 'applies SEQUENCE logic to duplicate UIDs without RECURRENCE-ID'",
    run: () => {
      const byUid = new Map(
        load('duplicate-uid-sequence.ics')
          .all()
          .map((i) => [i.uid, i]),
      );
      const first = byUid.get('duplicate-sequence-test@node-ical.test')!;
      expect([prop(first, 'summary'), first.start.slice(11, 13)]).toEqual([
        'Team Meeting (SEQUENCE 2)',
        '10',
      ]);
      const second = byUid.get('newer-wins-test@node-ical.test')!;
      expect([prop(second, 'summary'), second.start.slice(11, 13)]).toEqual([
        'Updated version (SEQUENCE 3) - should win',
        '14',
      ]);
    },
  },
  {
    name: 'an override listed before its master (Google) still binds to it',
    source:
      "advanced.test.js: 'accepts base series (RRULE) even when RECURRENCE-ID with higher SEQUENCE comes first (issue #450)'",
    run: () => {
      const list = load('google-recurrence-order.ics').all();
      expect(summaries(list)).toContain('TEST RECURR 3');
      expect(summaries(list)).toContain('TEST RECURR 3 - MODIFIED');
      expect(list.find((i) => prop(i, 'summary') === 'TEST RECURR 3 - MODIFIED')!.isOverride).toBe(
        true,
      );
    },
  },
  {
    name: 'comma-separated EXDATEs in US/Central each remove an instance',
    source: "advanced.test.js: 'parses comma-separated EXDATEs (biweekly-exdate-until.ics)'",
    run: () => {
      const cal = load('biweekly-exdate-until.ics');
      const series = (d: string) =>
        cal
          .between(day(d, 'America/Chicago'))
          .filter((i) => i.uid === '98765432-ABCD-DCBB-999A-987765432123');
      for (const d of ['2017-07-06', '2017-07-17', '2017-07-20', '2017-08-03'])
        expect(series(d), d).toEqual([]);
      expect(
        cal.between(span('2017-02-16', '2017-02-17', 'America/Chicago')).length,
      ).toBeGreaterThan(0);
    },
  },
];
