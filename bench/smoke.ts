/**
 * Smoke mode: `BENCH_SMOKE=1 npm run bench` runs every benchmark at a tiny size with one round,
 * through the same children, emulators, measurements and tables, so that a broken benchmark
 * fails in CI (test/bench/bench-smoke.test.ts) instead of on the next measuring day. Its
 * figures are not measurements. Every size and timeout that smoke mode shrinks goes through
 * `benchSize`; an explicit BENCH_* setting still wins over both.
 */

/** Whether this process (or the benchmark run that started it) is a smoke run. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** `full` in a real run, `small` in a smoke run. */
export function benchSize<T>(full: T, small: T): T {
  return SMOKE ? small : full;
}
