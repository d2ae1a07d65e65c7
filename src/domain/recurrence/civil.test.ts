import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  civilDate,
  dayNumber,
  formatDate,
  isoInstant,
  weekdayOf,
  weekNumberOf,
  weeksInYear,
} from './civil.js';

const DAY_MS = 86_400_000;
/** Day numbers from year 1 to 9999. */
const anyDay = fc.integer({ min: -719_162, max: 2_932_896 });

describe('civil date arithmetic', () => {
  it('agrees with Date.UTC on day numbers and weekdays', () => {
    fc.assert(
      fc.property(anyDay, (n) => {
        const d = new Date(n * DAY_MS);
        const civil = civilDate(n);
        expect(civil).toEqual({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
        });
        expect(dayNumber(civil.year, civil.month, civil.day)).toBe(n);
        expect(weekdayOf(n)).toBe((d.getUTCDay() + 6) % 7);
      }),
    );
  });

  it('formats instants exactly as Date#toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
        expect(formatDate(Math.floor(ms / DAY_MS))).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
    );
  });

  it('numbers weeks as ISO 8601 does when weeks start on Monday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        const iso = DateTime.fromMillis(n * DAY_MS, { zone: 'UTC' });
        expect(weekNumberOf(n, 0)).toEqual({ year: iso.weekYear, week: iso.weekNumber });
        expect(weeksInYear(iso.weekYear, 0)).toBe(iso.weeksInWeekYear);
      }),
    );
  });
});
