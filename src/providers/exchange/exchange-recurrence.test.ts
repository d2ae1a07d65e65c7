import { describe, expect, it } from 'vitest';
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
    ).toBe('FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3');
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
