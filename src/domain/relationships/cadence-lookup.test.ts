import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedGap, cadencesOf } from './cadence-lookup.js';
import { DAY_MS } from './definitions.js';

describe('the cadence lookup', () => {
  it('as of now answers what the whole history answers, for every touchpoint and beyond', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 400 }).map((d) => d * DAY_MS),
            fc.constant(Number.NaN),
          ),
          { maxLength: 30 },
        ),
        (points) => {
          const history = cadencesOf(points, 'history');
          const asOfNow = cadencesOf(points, 'as of now');
          // The last one first: the others must not depend on having been asked before.
          for (const k of [points.length - 1, -1, ...points.keys(), points.length]) {
            expect(asOfNow.cadence(k)).toBe(history.cadence(k));
            expect(asOfNow.allowedGap(k)).toBe(history.allowedGap(k));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('allows twice the usual interval, and never less than two weeks', () => {
    const weekly = cadencesOf(
      [0, 7, 14, 21].map((d) => d * DAY_MS),
      'as of now',
    );
    expect(weekly.cadence(3)).toBe(7 * DAY_MS);
    expect(weekly.allowedGap(3)).toBe(14 * DAY_MS);
    expect(allowedGap(10 * DAY_MS)).toBe(20 * DAY_MS);
    expect(allowedGap(DAY_MS)).toBe(14 * DAY_MS);
    expect(weekly.cadence(0)).toBeNull();
  });
});
