import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, atDays, utc } from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';
import { median, theilSenSlope } from './statistics.js';
import { cadenceAfterEach, cadenceAfterLast, touchpoints } from './trends.js';

const FIRST = '2026-01-05T15:00:00Z';
const NOW = utc('2026-06-01T00:00:00Z');

/** Day offsets whose successive intervals are `intervals`. */
function offsets(intervals: number[]): number[] {
  const days = [0];
  for (const interval of intervals) days.push((days[days.length - 1] as number) + interval);
  return days;
}

const cadenceOf = (intervals: number[]) =>
  analyseAccount('acc-1', atDays('m', FIRST, offsets(intervals)), NOW);

const durationsOf = (minutes: number[]) =>
  analyseAccount(
    'acc-1',
    atDays(
      'm',
      FIRST,
      minutes.map((_, i) => i * 7),
      (i) => ({ minutes: minutes[i] }),
    ),
    NOW,
  );

describe('cadence', () => {
  it('is accelerating when the intervals shrink', () => {
    expect(cadenceOf([28, 21, 14, 10, 7, 5]).cadenceTrend).toBe('accelerating');
  });

  it('is slowing when the intervals grow', () => {
    expect(cadenceOf([5, 7, 10, 14, 21, 28]).cadenceTrend).toBe('slowing');
  });

  it('is steady, and its usual interval unmoved, despite a one-off gap', () => {
    const result = cadenceOf([14, 14, 14, 28, 14, 14, 14]);
    expect(result.cadenceTrend).toBe('steady');
    expect(result.cadenceDays).toBe(14);
  });

  it('follows a sustained change at the end of the window that the fit alone reads as steady', () => {
    const fortnightly = Array.from({ length: 9 }, () => 14);
    expect(cadenceOf([...fortnightly, 3, 3, 3]).cadenceTrend).toBe('accelerating');
    const weekly = Array.from({ length: 9 }, () => 7);
    expect(cadenceOf([...weekly, 21, 21, 21]).cadenceTrend).toBe('slowing');
  });

  it('takes no burst for a change unless its last intervals all agree', () => {
    const fortnightly = Array.from({ length: 9 }, () => 14);
    expect(cadenceOf([...fortnightly, 3, 14, 3]).cadenceTrend).toBe('steady');
    expect(cadenceOf([...fortnightly, 14, 3, 3]).cadenceTrend).toBe('steady');
    expect(cadenceOf([14, 14, 14, 3, 3, 3, 14, 14, 14, 14, 14, 14]).cadenceTrend).toBe('steady');
  });

  it('is unknown with fewer than four intervals', () => {
    const result = cadenceOf([14, 14]);
    expect(result.cadenceTrend).toBe('unknown');
    expect(result.cadenceDays).toBe(14);
    expect(cadenceOf([14]).cadenceDays).toBeNull();
  });

  it('counts meetings within 12 hours of each other as one touchpoint', () => {
    const base = utc(FIRST);
    expect(touchpoints([base, base + 3_600_000, base + 11 * 3_600_000, base + DAY])).toEqual([
      base,
      base + DAY,
    ]);
  });
});

describe('duration trend', () => {
  it('is growing when meetings get longer', () => {
    expect(durationsOf([30, 30, 45, 60, 60, 90]).durationTrend).toBe('growing');
  });

  it('is shrinking when meetings get shorter', () => {
    expect(durationsOf([90, 60, 60, 45, 30, 30]).durationTrend).toBe('shrinking');
  });

  it('is stable despite one short meeting', () => {
    const result = durationsOf([60, 60, 30, 60, 60, 60]);
    expect(result.durationTrend).toBe('stable');
    expect(result.typicalDurationMinutes).toBe(60);
  });

  it('is unknown with fewer than four held meetings', () => {
    expect(durationsOf([30, 60, 90]).durationTrend).toBe('unknown');
  });
});

describe('statistics', () => {
  it('takes medians of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('fits a Theil-Sen slope that ignores an outlier', () => {
    expect(theilSenSlope([0, 1, 2, 3, 4], [0, 1, 2, 30, 4])).toBe(1);
    expect(theilSenSlope([1, 1], [0, 5])).toBeNull();
  });
});

describe('the cadence after the last touchpoint alone', () => {
  it('is the last of the cadences after each touchpoint, even with gaps that are not numbers', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 400 }).map((d) => d * DAY),
            fc.constant(Number.NaN),
          ),
          { maxLength: 40 },
        ),
        (points) => {
          expect(cadenceAfterLast(points)).toBe(cadenceAfterEach(points).at(-1) ?? null);
        },
      ),
      { numRuns: 500 },
    );
  });
});
