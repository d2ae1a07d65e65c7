import { describe, expect, it } from 'vitest';
import { expandRecurrence, rruleOf } from './recurrence.js';
import type { GraphRecurrence } from './types.js';

const range = (extra: Partial<GraphRecurrence['range']> = {}): GraphRecurrence['range'] => ({
  type: 'noEnd',
  startDate: '2026-03-02',
  ...extra,
});

describe('rruleOf', () => {
  it.each<[string, GraphRecurrence, string]>([
    [
      'daily every 2 days, 5 times',
      {
        pattern: { type: 'daily', interval: 2 },
        range: range({ type: 'numbered', numberOfOccurrences: 5 }),
      },
      'RRULE:FREQ=DAILY;INTERVAL=2;COUNT=5',
    ],
    [
      'weekly on two days',
      {
        pattern: {
          type: 'weekly',
          interval: 1,
          daysOfWeek: ['monday', 'Thursday'],
          firstDayOfWeek: 'monday',
        },
        range: range(),
      },
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TH;WKST=MO',
    ],
    [
      'absolute monthly',
      { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 }, range: range() },
      'RRULE:FREQ=MONTHLY;BYMONTHDAY=15',
    ],
    [
      'relative monthly, last Friday',
      {
        pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
        range: range(),
      },
      'RRULE:FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1',
    ],
    [
      'absolute yearly',
      { pattern: { type: 'absoluteYearly', interval: 1, dayOfMonth: 4, month: 7 }, range: range() },
      'RRULE:FREQ=YEARLY;BYMONTHDAY=4;BYMONTH=7',
    ],
    [
      'relative yearly, second Tuesday of March',
      {
        pattern: {
          type: 'relativeYearly',
          interval: 1,
          daysOfWeek: ['tuesday'],
          index: 'second',
          month: 3,
        },
        range: range(),
      },
      'RRULE:FREQ=YEARLY;BYDAY=TU;BYSETPOS=2;BYMONTH=3',
    ],
    [
      'an end date, inclusive, in the series zone',
      {
        pattern: { type: 'daily', interval: 1 },
        range: range({ type: 'endDate', endDate: '2026-03-05' }),
      },
      'RRULE:FREQ=DAILY;UNTIL=20260305T225959Z',
    ],
  ])('%s', (_name, recurrence, rule) => {
    expect(rruleOf(recurrence, 'Europe/Berlin', false)).toBe(rule);
  });
});

describe('expandRecurrence', () => {
  it('expands in the series zone across a DST change, with an end date that includes its day', () => {
    const start = Date.parse('2026-03-27T09:00:00Z'); // 10:00 in Berlin, before the change
    const { occurrences, bounded } = expandRecurrence(
      {
        startMs: start,
        endMs: start + 1_800_000,
        zone: 'Europe/Berlin',
        allDay: false,
        recurrence: {
          pattern: { type: 'daily', interval: 1 },
          range: range({ type: 'endDate', startDate: '2026-03-27', endDate: '2026-03-30' }),
        },
      },
      Date.parse('2027-01-01T00:00:00Z'),
      100,
    );
    expect(bounded).toBe(true);
    expect(occurrences.map((o) => new Date(o.startMs).toISOString())).toEqual([
      '2026-03-27T09:00:00.000Z',
      '2026-03-28T09:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
    ]);
  });

  it('starts at the first day the pattern gives when the start is off-pattern, and stops at the horizon without an end', () => {
    const start = Date.parse('2026-03-03T09:00:00Z'); // a Tuesday
    const { occurrences, bounded } = expandRecurrence(
      {
        startMs: start,
        endMs: start + 3_600_000,
        zone: 'UTC',
        allDay: false,
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['wednesday'] },
          range: range(),
        },
      },
      Date.parse('2026-03-25T00:00:00Z'),
      100,
    );
    expect(bounded).toBe(false);
    expect(occurrences.map((o) => new Date(o.originalStartMs).toISOString().slice(0, 10))).toEqual([
      '2026-03-04',
      '2026-03-11',
      '2026-03-18',
    ]);
  });
});
