import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import {
  buildCalendar,
  buildEvent,
  expandEvents,
  startsOf,
  YEAR_2024,
} from '../../../test/conformance/ics-builder.js';
import { parseCalendar } from '../ical/parse-calendar.js';
import { expandSeries } from './expand-series.js';

const expand = expandEvents;
const starts = startsOf;

describe('expandSeries: recurrence sets', () => {
  it('removes EXDATEs given several per line and on several lines', () => {
    const r = expand([
      {
        DTSTART: '20240701T090000Z',
        RRULE: 'FREQ=DAILY;COUNT=6',
        EXDATE: ['20240702T090000Z,20240703T090000Z', '20240705T090000Z'],
      },
    ]);
    expect(r.instances.map((i) => i.recurrenceId)).toEqual([
      '2024-07-01T09:00:00Z',
      '2024-07-04T09:00:00Z',
      '2024-07-06T09:00:00Z',
    ]);
  });

  it('keeps a cancelled override as an instance described by the override', () => {
    const r = expand([
      { UID: 's', DTSTART: '20240701T090000Z', RRULE: 'FREQ=DAILY;COUNT=3' },
      {
        UID: 's',
        'RECURRENCE-ID': '20240702T090000Z',
        DTSTART: '20240702T090000Z',
        STATUS: 'CANCELLED',
      },
    ]);
    const cancelled = r.instances.find((i) => i.recurrenceId === '2024-07-02T09:00:00Z')!;
    expect(cancelled.isOverride).toBe(true);
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(r.instances).toHaveLength(3);
  });

  it('applies a THISANDFUTURE override to that and all later instances', () => {
    const r = expand([
      {
        UID: 't',
        DTSTART: '20240701T090000Z',
        DTEND: '20240701T100000Z',
        RRULE: 'FREQ=DAILY;COUNT=4',
        SUMMARY: 'old',
      },
      {
        UID: 't',
        'RECURRENCE-ID;RANGE=THISANDFUTURE': '20240702T090000Z',
        DTSTART: '20240702T110000Z',
        DTEND: '20240702T113000Z',
        SUMMARY: 'new',
      },
    ]);
    expect(
      r.instances.map((i) => [
        i.recurrenceId,
        i.start,
        i.end,
        i.component.getFirstPropertyValue('summary'),
      ]),
    ).toEqual([
      ['2024-07-01T09:00:00Z', '2024-07-01T09:00:00.000Z', '2024-07-01T10:00:00.000Z', 'old'],
      ['2024-07-02T09:00:00Z', '2024-07-02T11:00:00.000Z', '2024-07-02T11:30:00.000Z', 'new'],
      ['2024-07-03T09:00:00Z', '2024-07-03T11:00:00.000Z', '2024-07-03T11:30:00.000Z', 'new'],
      ['2024-07-04T09:00:00Z', '2024-07-04T11:00:00.000Z', '2024-07-04T11:30:00.000Z', 'new'],
    ]);
  });

  it('stops an unbounded series at `to` and at maxInstancesPerSeries, and says so', () => {
    const r = expand([{ UID: 'u', DTSTART: '20000101T090000Z', RRULE: 'FREQ=DAILY' }], YEAR_2024, {
      maxInstancesPerSeries: 10,
    });
    expect(r.instances).toHaveLength(10);
    expect(r.instances[0]!.start).toBe('2024-01-01T09:00:00.000Z');
    expect(r.truncated).toEqual([
      {
        uid: 'u',
        reason: 'more than 10 instances in the window; listed the first 10',
        cause: 'max-instances',
      },
    ]);
    const all = expand([{ UID: 'u', DTSTART: '20000101T090000Z', RRULE: 'FREQ=DAILY' }]);
    expect([all.instances.length, all.truncated]).toEqual([366, []]);
  });

  it('lists an instance that started before `from` and is still running, but not one that just ended', () => {
    const window = { from: new Date('2024-07-01T12:00:00Z'), to: new Date('2024-07-02T00:00:00Z') };
    const r = expand(
      [
        { UID: 'running', DTSTART: '20240701T100000Z', DTEND: '20240701T130000Z' },
        { UID: 'ended', DTSTART: '20240701T100000Z', DTEND: '20240701T120000Z' },
        { UID: 'instant', DTSTART: '20240701T120000Z' },
        { UID: 'late', DTSTART: '20240702T000000Z' },
      ],
      window,
    );
    expect(r.instances.map((i) => i.uid)).toEqual(['running', 'instant']);
  });

  it("with listing: 'starting', lists and counts only instances that start in the window", () => {
    const long = [{ DTSTART: '20240301T090000Z', DURATION: 'P3D', RRULE: 'FREQ=DAILY' }];
    const window = { from: new Date('2024-03-10T00:00:00Z'), to: new Date('2024-03-20T00:00:00Z') };
    const options = { floatingZone: 'UTC', maxInstancesPerSeries: 2 };
    const calendar = parseCalendar(buildCalendar(long.map(buildEvent)));
    const series = calendar.series[0]!;
    expect(starts(expandSeries(series, window, { ...options, listing: 'starting' }))).toEqual([
      '2024-03-10T09:00:00.000Z',
      '2024-03-11T09:00:00.000Z',
    ]);
    // The default lists first the three that started before `from` and are still running.
    expect(starts(expandSeries(series, window, options))).toEqual([
      '2024-03-07T09:00:00.000Z',
      '2024-03-08T09:00:00.000Z',
    ]);
  });

  it('lists a DTSTART the rule does not produce by default (RFC 5545), counting it in COUNT', () => {
    // 2024-07-01 is a Monday; the rule says Tuesdays.
    const event = { DTSTART: '20240701T090000Z', RRULE: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' };
    expect(starts(expand([event])).map((s) => s.slice(0, 10))).toEqual([
      '2024-07-01',
      '2024-07-02',
      '2024-07-09',
    ]);
    const libical = expand([event], YEAR_2024, { unmatchedDtstart: 'exclude' });
    expect(starts(libical).map((s) => s.slice(0, 10))).toEqual([
      '2024-07-02',
      '2024-07-09',
      '2024-07-16',
    ]);
  });

  it('accepts the trailing semicolon Google writes after an RRULE', () => {
    expect(
      expand([{ DTSTART: '20240701T090000Z', RRULE: 'FREQ=WEEKLY;COUNT=2;BYDAY=MO;' }]).instances,
    ).toHaveLength(2);
  });

  it('includes the whole UNTIL day when UNTIL is a date, and compares UTC UNTIL as an instant', () => {
    const date = expand([
      { 'DTSTART;TZID=Europe/Berlin': '20240701T230000', RRULE: 'FREQ=DAILY;UNTIL=20240703' },
    ]);
    expect(date.instances).toHaveLength(3);
    const utc = expand([
      {
        'DTSTART;TZID=Europe/Berlin': '20240701T230000',
        RRULE: 'FREQ=DAILY;UNTIL=20240702T210000Z',
      },
    ]);
    expect(utc.instances).toHaveLength(2);
  });

  it('adds RDATEs given as dates, date-times and periods', () => {
    const r = expand([
      { UID: 'd', 'DTSTART;VALUE=DATE': '20240701', 'RDATE;VALUE=DATE': '20240710,20240720' },
      {
        UID: 'p',
        DTSTART: '20240701T090000Z',
        DTEND: '20240701T100000Z',
        'RDATE;VALUE=PERIOD': '20240705T120000Z/PT3H',
      },
    ]);
    expect(
      r.instances.map((i) => `${i.uid} ${i.startDate ?? i.start} ${i.endDate ?? i.end}`),
    ).toEqual([
      'd 2024-07-01 2024-07-02',
      'p 2024-07-01T09:00:00.000Z 2024-07-01T10:00:00.000Z',
      'p 2024-07-05T12:00:00.000Z 2024-07-05T15:00:00.000Z',
      'd 2024-07-10 2024-07-11',
      'd 2024-07-20 2024-07-21',
    ]);
  });

  it('reads a series with a broken RRULE as its DTSTART alone, and reports the RRULE', () => {
    const text = buildCalendar([
      buildEvent({ UID: 'b', DTSTART: '20240701T090000Z', RRULE: 'FREQ=WEEKLY;BYSETPOS=0' }),
    ]);
    const parsed = parseCalendar(text);
    const r = expandSeries(parsed.series[0]!, YEAR_2024, { floatingZone: 'UTC' });
    expect(r.instances.map((i) => [i.start, i.recurrenceId])).toEqual([
      ['2024-07-01T09:00:00.000Z', null],
    ]);
    const line = text.split('\r\n').indexOf('RRULE:FREQ=WEEKLY;BYSETPOS=0') + 1;
    expect(r.problems).toEqual([
      {
        line,
        uid: 'b',
        message: `line ${line}: RRULE "FREQ=WEEKLY;BYSETPOS=0" ignored: BYSETPOS out of range: 0`,
        // Kept: DTSTART alone, as the message says.
        effect: { outcome: 'kept', event: `line ${text.split('\r\n').indexOf('UID:b')}` },
      },
    ]);
  });

  it('lets an EXDATE remove the DTSTART of an event without RRULE', () => {
    const r = expand([
      { DTSTART: '20240701T090000Z', EXDATE: '20240701T090000Z' },
      { DTSTART: '20240702T090000Z', RDATE: '20240703T090000Z', EXDATE: '20240702T090000Z' },
    ]);
    expect(starts(r)).toEqual(['2024-07-03T09:00:00.000Z']);
  });

  it('gives recurrence ids to recurring instances only', () => {
    const r = expand([
      { UID: 'single', DTSTART: '20240701T090000Z' },
      { UID: 'daily', 'DTSTART;VALUE=DATE': '20240701', RRULE: 'FREQ=DAILY;COUNT=2' },
    ]);
    expect(r.instances.map((i) => [i.uid, i.recurrenceId])).toEqual([
      ['daily', '2024-07-01'],
      ['single', null],
      ['daily', '2024-07-02'],
    ]);
  });

  it('gives up on a rule that never matches without spinning', () => {
    const r = expand([
      { UID: 'never', DTSTART: '20240101T090000Z', RRULE: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' },
    ]);
    // DTSTART itself is still the first instance (RFC 5545).
    expect(r.instances).toHaveLength(1);
    const wide = expand(
      [
        {
          UID: 'never',
          DTSTART: '20240101T090000Z',
          RRULE: 'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30',
        },
      ],
      {
        from: new Date('2024-01-01T00:00:00Z'),
        to: new Date('2900-01-01T00:00:00Z'),
      },
    );
    expect(wide.truncated.map((t) => t.reason)).toEqual([
      'the rule matched nothing in 200000 steps; stopped looking',
    ]);
  });

  it('lists a COUNT rule below daily frequency that began long before the window', () => {
    const march = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
    const rule = (RRULE: string) =>
      expand([{ UID: 'h', DTSTART: '20000101T090000Z', RRULE }], march);
    // Both need more than 200,000 periods to count their way from 2000 to 2026.
    const halfHourly = rule('FREQ=MINUTELY;INTERVAL=30;COUNT=1000000');
    expect([halfHourly.instances.length, halfHourly.truncated]).toEqual([144, []]);
    expect(starts(rule('FREQ=HOURLY;BYHOUR=9;COUNT=10000'))).toEqual([
      '2026-03-01T09:00:00.000Z',
      '2026-03-02T09:00:00.000Z',
      '2026-03-03T09:00:00.000Z',
    ]);
  });

  it('says so when counting a COUNT rule up to the window takes too many steps', () => {
    const r = expand(
      [{ UID: 's', DTSTART: '20000101T090000Z', RRULE: 'FREQ=SECONDLY;COUNT=900000000' }],
      { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-01T00:01:00Z') },
    );
    expect(r.instances).toHaveLength(0);
    expect(r.truncated.map((t) => t.reason)).toEqual([
      'the rule took more than 2000000 steps to reach the window (a COUNT is counted from DTSTART); stopped looking',
    ]);
  });

  it('lists overrides of a series whose master is missing on their own', () => {
    const r = expand([
      { UID: 'o', 'RECURRENCE-ID': '20240702T090000Z', DTSTART: '20240702T100000Z' },
    ]);
    expect(r.instances.map((i) => [i.recurrenceId, i.start, i.isOverride])).toEqual([
      ['2024-07-02T09:00:00Z', '2024-07-02T10:00:00.000Z', true],
    ]);
  });
});

describe('expandSeries: a series with very many overrides', () => {
  /** One override per day from 2000 on, built as jCal: parsing a 17 MB file would be slow. */
  function overrides(count: number): ICAL.Component[] {
    const day = 86_400_000;
    const base = Date.UTC(2000, 0, 1, 9);
    const text = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const out: ICAL.Component[] = [];
    for (let i = 0; i < count; i++) {
      const t = base + i * day;
      const props = [
        ['uid', {}, 'text', 'many'],
        ['recurrence-id', {}, 'date-time', text(t)],
        ['dtstart', {}, 'date-time', text(t + 3_600_000)],
        ['dtend', {}, 'date-time', text(t + 7_200_000)],
      ];
      out.push(new ICAL.Component(['vevent', props, []]));
    }
    return out;
  }

  it('expands more overrides than fit as arguments on the stack', () => {
    const master = parseCalendar(
      buildCalendar([
        buildEvent({
          UID: 'many',
          DTSTART: '20000101T090000Z',
          DTEND: '20000101T100000Z',
          RRULE: 'FREQ=DAILY',
        }),
      ]),
    ).series[0]!.master;
    const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') };
    const r = expandSeries({ uid: 'many', master, overrides: overrides(200_000) }, window, {
      floatingZone: 'UTC',
    });
    expect(r.instances.map((i) => [i.start, i.isOverride])).toEqual([
      ['2026-03-01T10:00:00.000Z', true],
    ]);
  });

  it('reports every one of very many unreadable EXDATEs without overflowing the stack', () => {
    const master = parseCalendar(
      buildCalendar([
        buildEvent({
          UID: 'bad-exdates',
          DTSTART: '20260301T090000Z',
          DTEND: '20260301T100000Z',
          RRULE: 'FREQ=DAILY;COUNT=3',
        }),
      ]),
    ).series[0]!.master!;
    for (let i = 0; i < 150_000; i++)
      master.addProperty(new ICAL.Property(['exdate', {}, 'date-time', `nonsense-${i}`]));
    const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z') };
    const r = expandSeries({ uid: 'bad-exdates', master, overrides: [] }, window, {
      floatingZone: 'UTC',
    });
    expect(r.instances).toHaveLength(3);
    expect(r.problems.length).toBeGreaterThanOrEqual(150_000);
  });
});
