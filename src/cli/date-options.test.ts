import { describe, expect, it } from 'vitest';
import { UsageError } from './output.js';
import { parseInstantOption, parseZonedOption } from './date-options.js';

/** Refused by both parsers: not a date, nor a date-time (with or without an offset). */
const NEITHER = [
  '10:00', // a lenient ISO parser reads it as today at 10:00
  '10:00Z',
  'T10:00',
  'tomorrow',
  'now',
  '12/01/2026',
  '01.12.2026',
  '2026-W10',
  '2026-W10-2',
  '2026-060',
  '2026',
  '2026-03',
  '20260301',
  '20260301T090000Z',
  '2026-03-01T10',
  '2026-03-01T10Z',
  '2026-03-01 10:00Z',
  '2026-3-1',
  '2026-02-30',
  '2026-13-01',
  '2026-02-30T10:00:00Z',
  '2026-03-01T24:00:00Z',
  '2026-03-01T09:00+01',
  '',
];

describe('parseInstantOption (--as-of)', () => {
  it('reads a date as midnight UTC and a date-time with an offset as its instant', () => {
    const at = (value: string) => parseInstantOption('--as-of', value).toISOString();
    expect(at('2026-04-01')).toBe('2026-04-01T00:00:00.000Z');
    expect(at(' 2026-04-01 ')).toBe('2026-04-01T00:00:00.000Z');
    expect(at('2026-04-01T09:30:00+02:00')).toBe('2026-04-01T07:30:00.000Z');
    expect(at('2026-04-01T09:30+0200')).toBe('2026-04-01T07:30:00.000Z');
    expect(at('2026-04-01T09:30:00.250Z')).toBe('2026-04-01T09:30:00.250Z');
    expect(at('2026-04-01t09:30z')).toBe('2026-04-01T09:30:00.000Z');
    expect(at('2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses anything else, and a date-time without an offset, naming the flag and the forms', () => {
    for (const value of [...NEITHER, '2026-04-01T09:30', '2026-04-01T09:30:00'])
      expect(() => parseInstantOption('--as-of', value), value).toThrow(
        new UsageError(
          `--as-of: "${value}" is not a date (YYYY-MM-DD) or an RFC 3339 date-time with an offset (such as 2026-03-01T09:00:00Z or 2026-03-01T09:00+01:00)`,
        ),
      );
  });
});

describe('parseZonedOption (ics expand --from and --to, with --tz)', () => {
  const at = (value: string, zone = 'Europe/Berlin') =>
    parseZonedOption('--from', value, zone).toISOString();

  it('reads a date and a date-time without an offset in the zone, one with an offset as it says', () => {
    expect(at('2026-01-10')).toBe('2026-01-09T23:00:00.000Z');
    expect(at('2026-01-10', 'UTC')).toBe('2026-01-10T00:00:00.000Z');
    expect(at('2026-07-10T09:00')).toBe('2026-07-10T07:00:00.000Z');
    expect(at('2026-07-10t09:00:30.5')).toBe('2026-07-10T07:00:30.500Z');
    expect(at('2026-07-10T09:00Z')).toBe('2026-07-10T09:00:00.000Z');
    expect(at('2026-07-10T09:00:00-05:00')).toBe('2026-07-10T14:00:00.000Z');
  });

  it('refuses anything else, naming the flag and the forms', () => {
    for (const value of NEITHER)
      expect(() => parseZonedOption('--to', value, 'UTC'), value).toThrow(
        new UsageError(
          `--to: "${value}" is not a date (YYYY-MM-DD), an RFC 3339 date-time with an offset (such as 2026-03-01T09:00:00Z or 2026-03-01T09:00+01:00), or a date-time without one, read in --tz (2026-03-01T09:00)`,
        ),
      );
  });
});
