import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { instant, midnight, nextDay } from './google-times.js';

/** The conversions as they were before the fast paths: the definition of the right answer. */
function referenceInstant(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function referenceMidnight(date: string, zone: string): string | null {
  const local = DateTime.fromISO(date, { zone });
  const valid = local.isValid ? local : DateTime.fromISO(date, { zone: 'UTC' });
  return valid.isValid ? valid.toUTC().toJSDate().toISOString() : null;
}

function referenceNextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? date;
}

const random = seededRandom(20260301);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (from: number, to: number): number => from + Math.floor(random() * (to - from + 1));
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const YEARS = [0, 1, 99, 100, 1900, 1969, 1970, 2000, 2023, 2024, 2025, 2026, 2028, 2100, 9999];
const FRACTIONS = ['', '', '', '.5', '.12', '.123', '.999', '.1234', '.123456', '.', '.x', ',5'];
const OFFSETS = [
  'Z',
  'Z',
  'z',
  '+00:00',
  '-00:00',
  '+01:00',
  '-05:00',
  '+05:30',
  '-09:30',
  '+05:45',
  '+14:00',
  '-12:00',
  '+23:59',
  '-23:59',
  '+24:00',
  '+05:60',
  '+0530',
  '+05',
  '',
  ' Z',
  'Z ',
];

/** A date that is usually real, sometimes around a month's end, sometimes out of range. */
function randomDate(): string {
  const year = random() < 0.2 ? pick(YEARS) : int(1990, 2040);
  const month = random() < 0.05 ? pick([0, 13, 99]) : int(1, 12);
  const day = random() < 0.3 ? pick([1, 28, 29, 30, 31, 32, 0]) : int(1, 31);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function randomClock(): string {
  const hour = random() < 0.05 ? pick([24, 25, 99]) : int(0, 23);
  const minute = random() < 0.03 ? 60 : pick([0, 0, 30, int(0, 59)]);
  const second = random() < 0.03 ? 60 : pick([0, 0, int(0, 59)]);
  const clock = `${pad(hour)}:${pad(minute)}`;
  return random() < 0.05 ? clock : `${clock}:${pad(second)}`;
}

/** Mostly Google-shaped strings, with every part sometimes off the plain shape. */
function randomDateTime(): string {
  const separator = random() < 0.05 ? pick(['t', ' ', 'X']) : 'T';
  const value = `${randomDate()}${separator}${randomClock()}${pick(FRACTIONS)}${pick(OFFSETS)}`;
  return random() < 0.05 ? mutate(value) : value;
}

/** Drops, repeats or replaces one character. */
function mutate(value: string): string {
  const at = int(0, value.length - 1);
  const replacement = pick(['', value.charAt(at) + value.charAt(at), pick(['0', '9', '-', ':'])]);
  return value.slice(0, at) + replacement + value.slice(at + 1);
}

describe('instant', () => {
  it('reads the edge cases exactly as Date.parse + toISOString did', () => {
    const cases = [
      '2026-03-01T10:00:00-05:00',
      '2026-03-01T15:00:00Z',
      '2026-03-01t15:00:00z',
      '2026-03-01T15:00:00z',
      '2026-02-29T10:00:00Z',
      '2024-02-29T23:30:00-05:00',
      '2026-02-30T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-01-32T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-03-01T24:00:00Z',
      '2026-03-01T10:00:60Z',
      '2026-03-01T10:00Z',
      '2026-03-01T10:00:00',
      '2026-03-01 10:00:00Z',
      '2026-03-01T10:00:00.5Z',
      '2026-03-01T10:00:00.123+05:30',
      '2026-03-01T10:00:00.123456Z',
      '2026-03-01T10:00:00.Z',
      '2026-12-31T23:00:00-05:00',
      '2027-01-01T01:00:00+14:00',
      '2026-03-08T02:30:00-05:00',
      '2026-03-29T02:30:00+01:00',
      '0000-01-01T00:00:00+01:00',
      '0099-12-31T23:00:00-05:00',
      '9999-12-31T23:00:00-05:00',
      '+002026-03-01T10:00:00Z',
      '2026-03-01T10:00:00Z ',
      'garbage',
      '',
    ];
    for (const value of cases)
      expect([value, instant(value)]).toEqual([value, referenceInstant(value)]);
    expect(instant(null)).toBeNull();
    expect(instant(undefined)).toBeNull();
  });

  it('reads the shapes Google writes without Date.parse', () => {
    const parse = vi.spyOn(Date, 'parse');
    try {
      expect(instant('2026-03-01T10:00:00-05:00')).toBe('2026-03-01T15:00:00.000Z');
      expect(instant('2026-03-01T21:15:00-05:00')).toBe('2026-03-02T02:15:00.000Z');
      expect(instant('2026-03-01T01:00:00+05:30')).toBe('2026-02-28T19:30:00.000Z');
      expect(instant('2024-03-01T01:00:00+05:30')).toBe('2024-02-29T19:30:00.000Z');
      expect(instant('2026-02-20T08:00:00.12Z')).toBe('2026-02-20T08:00:00.120Z');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('matches Date.parse + toISOString on 50,000 generated strings', () => {
    let readable = 0;
    for (let i = 0; i < 50_000; i++) {
      const value = randomDateTime();
      const expected = referenceInstant(value);
      if (instant(value) !== expected) expect([value, instant(value)]).toEqual([value, expected]);
      if (expected !== null) readable++;
    }
    // The generator must produce many readable times, or the fast path would go untested.
    expect(readable).toBeGreaterThan(15_000);
  });
});

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'America/Havana',
  'Pacific/Apia',
  'Asia/Kolkata',
  'UTC',
  'Not/AZone',
];

/** Every day of 2011 (Apia skipped 30 December) and 2026, their edges and some bad dates. */
function sampleDates(): string[] {
  const dates: string[] = [];
  for (const year of [2011, 2026]) {
    for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) {
      dates.push(day.toISODate() ?? '');
    }
  }
  dates.push('2024-02-29', '2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '0000-01-01');
  dates.push('9999-12-31', '20260310', '2026-W10-2', '2026-03-10T05:00', '2026-3-10', 'soon', '');
  return dates;
}

describe('midnight', () => {
  it('gives luxon’s midnight in each zone, UTC for an unknown zone, null for a bad date', () => {
    const dates = sampleDates();
    for (const zone of ZONES) {
      for (const date of dates) {
        const expected = referenceMidnight(date, zone);
        // The second call is answered from the cache.
        for (const answer of [midnight(date, zone), midnight(date, zone)]) {
          if (answer !== expected) expect([zone, date, answer]).toEqual([zone, date, expected]);
        }
      }
    }
    expect(midnight('2026-03-10', 'Europe/Berlin')).toBe('2026-03-09T23:00:00.000Z');
    expect(midnight('2026-03-10', 'Not/AZone')).toBe('2026-03-10T00:00:00.000Z');
    expect(midnight('2026-02-30', 'Europe/Berlin')).toBeNull();
  });

  it('stays right once the cache has been cleared to bound its size', () => {
    const days = Array.from({ length: 6_000 }, (_, i) =>
      DateTime.utc(2000, 1, 1).plus({ days: i }).toISODate(),
    );
    for (const pass of [1, 2]) {
      for (const date of days) {
        if (date === null) throw new Error(`no date on pass ${pass}`);
        const expected = referenceMidnight(date, 'America/New_York');
        expect(midnight(date, 'America/New_York')).toBe(expected);
      }
    }
  });
});

describe('nextDay', () => {
  it('gives luxon’s next day for every sampled date, and keeps what luxon cannot read', () => {
    for (const date of sampleDates())
      expect([date, nextDay(date)]).toEqual([date, referenceNextDay(date)]);
    for (let i = 0; i < 5_000; i++) {
      const date = randomDate();
      if (nextDay(date) !== referenceNextDay(date)) {
        expect([date, nextDay(date)]).toEqual([date, referenceNextDay(date)]);
      }
    }
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('9999-12-31')).toBe('+010000-01-01');
  });
});
