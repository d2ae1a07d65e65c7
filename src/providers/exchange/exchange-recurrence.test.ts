import { describe, expect, it } from 'vitest';
import { DefinedZone } from './exchange-defined-zone.js';
import { patternSlots, rruleOf, type SeriesTiming } from './exchange-recurrence.js';
import type { EwsPattern, EwsRange } from './exchange-wire.js';

const NO_PATTERN: EwsPattern = {
  type: 'Daily',
  interval: 1,
  daysOfWeek: [],
  dayOfWeekIndex: null,
  dayOfMonth: null,
  month: null,
  firstDayOfWeek: null,
};

function series(pattern: Partial<EwsPattern>, range: Partial<EwsRange> = {}): SeriesTiming {
  return {
    start: '2026-03-02T09:00:00.000Z',
    end: '2026-03-02T10:00:00.000Z',
    isAllDay: false,
    zone: 'Europe/Berlin',
    recurrence: {
      pattern: { ...NO_PATTERN, ...pattern },
      range: {
        type: 'NoEnd',
        startDate: '2026-03-02',
        endDate: null,
        numberOfOccurrences: null,
        ...range,
      },
    },
  };
}

describe('rruleOf', () => {
  it('writes every EWS pattern as the RRULE it stands for', () => {
    expect(rruleOf(series({ type: 'Daily', interval: 2 }))).toBe('FREQ=DAILY;INTERVAL=2');
    expect(
      rruleOf(
        series({ type: 'Weekly', daysOfWeek: ['Monday', 'Thursday'], firstDayOfWeek: 'Monday' }),
      ),
    ).toBe('FREQ=WEEKLY;BYDAY=MO,TH;WKST=MO');
    expect(
      rruleOf(
        series(
          { type: 'AbsoluteMonthly', dayOfMonth: 31 },
          { type: 'Numbered', numberOfOccurrences: 3 },
        ),
      ),
    ).toBe('FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;COUNT=3');
    expect(
      rruleOf(series({ type: 'RelativeMonthly', daysOfWeek: ['Weekday'], dayOfWeekIndex: 'Last' })),
    ).toBe('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1');
    expect(
      rruleOf(
        series({
          type: 'RelativeYearly',
          daysOfWeek: ['Monday'],
          dayOfWeekIndex: 'First',
          month: 3,
        }),
      ),
    ).toBe('FREQ=YEARLY;BYDAY=MO;BYSETPOS=1;BYMONTH=3');
  });

  it('takes a day of the month some months lack as the last day of those months', () => {
    const absolute = (dayOfMonth: number, type: EwsPattern['type'] = 'AbsoluteMonthly') =>
      rruleOf(series({ type, dayOfMonth, month: type === 'AbsoluteYearly' ? 2 : null }));
    expect(absolute(28)).toBe('FREQ=MONTHLY;BYMONTHDAY=28');
    expect(absolute(29)).toBe('FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1');
    expect(absolute(30)).toBe('FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1');
    expect(absolute(29, 'AbsoluteYearly')).toBe(
      'FREQ=YEARLY;BYMONTHDAY=28,29;BYSETPOS=-1;BYMONTH=2',
    );
  });

  it('ends an EndDate range at the end of that day in the series zone', () => {
    expect(rruleOf(series({ type: 'Daily' }, { type: 'EndDate', endDate: '2026-03-04' }))).toBe(
      'FREQ=DAILY;UNTIL=20260304T225959Z',
    );
  });
});

describe('patternSlots', () => {
  const window = { from: new Date('2026-02-22T00:00:00Z'), to: new Date('2026-04-30T00:00:00Z') };

  it('gives the slots in the window, honouring the inclusive end date', () => {
    const { slots } = patternSlots(
      series({ type: 'Daily' }, { type: 'EndDate', endDate: '2026-03-04' }),
      window,
    );
    expect(slots.map((s) => s.recurrenceId)).toEqual([
      '2026-03-02T09:00:00Z',
      '2026-03-03T09:00:00Z',
      '2026-03-04T09:00:00Z',
    ]);
  });

  it('places the 31st of every month on the last day of shorter months, counted once each', () => {
    const monthEnd = {
      ...series(
        { type: 'AbsoluteMonthly', dayOfMonth: 31 },
        { type: 'Numbered', startDate: '2026-01-31', numberOfOccurrences: 4 },
      ),
      start: '2026-01-31T09:00:00.000Z',
      end: '2026-01-31T10:00:00.000Z',
    };
    const { slots } = patternSlots(monthEnd, {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-12-31T00:00:00Z'),
    });
    expect(slots.map((s) => s.start)).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
      '2026-04-30T08:00:00.000Z',
    ]);
  });

  it('places 29 February on 28 February in other years', () => {
    const leapDay = {
      ...series({ type: 'AbsoluteYearly', dayOfMonth: 29, month: 2 }, { startDate: '2024-02-29' }),
      start: '2024-02-29T09:00:00.000Z',
      end: '2024-02-29T10:00:00.000Z',
    };
    const { slots } = patternSlots(leapDay, {
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2029-01-01T00:00:00Z'),
    });
    expect(slots.map((s) => s.start.slice(0, 10))).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
    ]);
  });

  it('skips a start the pattern does not give, as Exchange does', () => {
    const { slots } = patternSlots(
      series(
        { type: 'Weekly', daysOfWeek: ['Tuesday'] },
        { type: 'Numbered', numberOfOccurrences: 2 },
      ),
      window,
    );
    expect(slots.map((s) => s.start)).toEqual([
      '2026-03-03T09:00:00.000Z',
      '2026-03-10T09:00:00.000Z',
    ]);
  });
});

describe('patternSlots in a DefinedZone', () => {
  const floating = (month: number, week: number, time: number | null = 120) => ({
    month,
    week,
    dayOfWeek: 0,
    day: null,
    time,
  });

  it('expands a series in it as in the IANA zone it defines', () => {
    const zone = new DefinedZone('Customized Time Zone', {
      standardOffset: 60,
      rules: [
        {
          from: null,
          until: null,
          delta: 60,
          // The time of day ews-javascript-api loses: 02:00 assumed.
          toDaylight: floating(3, 5, null),
          toStandard: floating(10, 5, null),
        },
      ],
    });
    const weekly = { type: 'Weekly' as const, daysOfWeek: ['Monday'] };
    const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') };
    const slots = (z: DefinedZone | string) =>
      patternSlots({ ...series(weekly), zone: z }, window).slots.map((s) => s.start);
    expect(slots(zone)).toEqual(slots('Europe/Berlin'));
    expect(slots(zone)).toContain('2026-03-30T08:00:00.000Z');
  });
});
