import { describe, expect, it } from 'vitest';
import { parseRecurrenceRule } from './rrule-parse.js';

describe('parseRecurrenceRule', () => {
  it('reads every part into numbers (weekdays 0 = Monday)', () => {
    const parsed = parseRecurrenceRule(
      'FREQ=MONTHLY;INTERVAL=2;COUNT=10;WKST=SU;BYDAY=1MO,-1FR,WE;BYMONTHDAY=1,-1;BYMONTH=3,1;BYSETPOS=-1;BYHOUR=9;BYMINUTE=30;BYSECOND=0',
    );
    expect(parsed).toEqual({
      ok: true,
      rule: {
        freq: 'MONTHLY',
        interval: 2,
        count: 10,
        until: null,
        wkst: 6,
        bySecond: [0],
        byMinute: [30],
        byHour: [9],
        byDay: [
          { weekday: 0, ordinal: 1 },
          { weekday: 4, ordinal: -1 },
          { weekday: 2, ordinal: 0 },
        ],
        byMonthDay: [-1, 1],
        byYearDay: [],
        byWeekNo: [],
        byMonth: [1, 3],
        bySetPos: [-1],
      },
    });
  });

  it('tolerates a trailing semicolon, lower case, an RRULE: prefix, duplicates and X- parts', () => {
    const parsed = parseRecurrenceRule('RRULE:freq=weekly;byday=mo,mo;x-custom=1;');
    expect(parsed.ok && [parsed.rule.freq, parsed.rule.byDay]).toEqual([
      'WEEKLY',
      [{ weekday: 0, ordinal: 0 }],
    ]);
  });

  it('reads UNTIL as a date, a floating date-time or a UTC date-time', () => {
    const until = (text: string) => {
      const parsed = parseRecurrenceRule(`FREQ=DAILY;UNTIL=${text}`);
      return parsed.ok ? parsed.rule.until : parsed.error;
    };
    expect(until('20240105')).toMatchObject({
      year: 2024,
      month: 1,
      day: 5,
      isDate: true,
      isUtc: false,
    });
    expect(until('20240105T103000')).toMatchObject({
      hour: 10,
      minute: 30,
      isDate: false,
      isUtc: false,
    });
    expect(until('20240105T103000Z')).toMatchObject({ isDate: false, isUtc: true });
    expect(until('2024-01-05')).toBe('UNTIL is not a date or date-time: "2024-01-05"');
  });

  it('accepts RSCALE=GREGORIAN and refuses other calendars', () => {
    expect(parseRecurrenceRule('RSCALE=GREGORIAN;FREQ=YEARLY').ok).toBe(true);
    expect(parseRecurrenceRule('RSCALE=HEBREW;FREQ=YEARLY')).toEqual({
      ok: false,
      error: 'RSCALE=HEBREW (non-Gregorian calendars) is not supported',
    });
  });

  it('refuses what it cannot read instead of guessing', () => {
    const errors = [
      'FREQ=FORTNIGHTLY',
      'BYDAY=MO',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;BYHOUR=24',
      'FREQ=DAILY;BYDAY=XX',
      'FREQ=DAILY;COUNT',
    ];
    expect(errors.map((e) => parseRecurrenceRule(e))).toEqual([
      { ok: false, error: 'unknown FREQ=FORTNIGHTLY' },
      { ok: false, error: 'RRULE has no FREQ' },
      { ok: false, error: 'INTERVAL must be a positive integer' },
      { ok: false, error: 'BYHOUR out of range: 24' },
      { ok: false, error: 'BYDAY not a weekday: "XX"' },
      { ok: false, error: 'malformed rule part "COUNT"' },
    ]);
  });
});
