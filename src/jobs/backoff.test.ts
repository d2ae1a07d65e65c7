import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

describe('retryDelayMs', () => {
  const options = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles with each failed attempt, between half and all of the exponential wait', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, options, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000,
    ]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, options, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('spreads jobs that failed together over the jittered range', () => {
    const delays = [0.1, 0.4, 0.7, 0.95].map((r) => retryDelayMs(3, options, () => r));
    expect(new Set(delays).size).toBe(4);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(retryDelayMs(40, options, () => 1)).toBe(60_000);
    expect(retryDelayMs(5_000, options, () => 0)).toBe(30_000);
  });
});
