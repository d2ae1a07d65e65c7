/**
 * Small robust statistics: medians and the Theil-Sen slope (the median of pairwise slopes).
 *
 * A full recompute takes medians and trend fits of a few dozen numbers for every account and
 * series (20,000 accounts for a large organisation): the work happens in scratch buffers that
 * live as long as the module, so that none of it allocates per call. Analysis is synchronous,
 * so no two calls share a buffer at once.
 */
import { insertionSort, selectedMedian } from './selection.js';

/** The median of `values` (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  const buffer = medianBuffer(values.length);
  for (let i = 0; i < values.length; i++) buffer[i] = values[i] as number;
  return medianOfBuffer(values.length);
}

/** The median of `value(item)` over items[from..to), without an intermediate array. */
export function medianBy<T>(
  items: readonly T[],
  from: number,
  to: number,
  value: (item: T) => number,
): number | null {
  const n = Math.max(0, to - from);
  const buffer = medianBuffer(n);
  for (let i = 0; i < n; i++) buffer[i] = value(items[from + i] as T);
  return medianOfBuffer(n);
}

let unsorted = new Float64Array(64);
let sorted = new Float64Array(64);

/**
 * The buffer that medianOfBuffer(n) reads, large enough for n values: fill its first n values,
 * then take their median (which leaves them as they are).
 */
export function medianBuffer(n: number): Float64Array {
  if (unsorted.length < n) {
    unsorted = new Float64Array(Math.max(n, 2 * unsorted.length));
    sorted = new Float64Array(unsorted.length);
  }
  return unsorted;
}

/** The median of the first n values of the median buffer, which it leaves as they are. */
export function medianOfBuffer(n: number): number | null {
  if (n === 0) return null;
  for (let i = 0; i < n; i++) sorted[i] = unsorted[i] as number;
  if (n > 32) return selectedMedian(sorted, n);
  // The many short lists (the last twelve intervals after each meeting): by insertion.
  insertionSort(sorted, n);
  const middle = n >> 1;
  return n % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The Theil-Sen slope of the points (xs[i], ys[i]): robust to up to about 29% of outliers, such
 * as one long holiday gap among regular intervals. Null with fewer than two distinct xs.
 */
export function theilSenSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const points = fitBuffer(n);
  for (let i = 0; i < n; i++) {
    points.xs[i] = xs[i] as number;
    points.ys[i] = ys[i] as number;
  }
  return slopeOfFitBuffer(n);
}

let fitXs = new Float64Array(16);
let fitYs = new Float64Array(16);

/** Scratch points for trend fits, large enough for n of them. */
export function fitBuffer(n: number): { xs: Float64Array; ys: Float64Array } {
  if (fitXs.length < n) {
    fitXs = new Float64Array(Math.max(n, 2 * fitXs.length));
    fitYs = new Float64Array(fitXs.length);
  }
  return { xs: fitXs, ys: fitYs };
}

/** The Theil-Sen slope of the first n points of the fit buffer. */
function slopeOfFitBuffer(n: number): number | null {
  const buffer = medianBuffer((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (fitXs[j] as number) - (fitXs[i] as number);
      if (dx !== 0) buffer[count++] = ((fitYs[j] as number) - (fitYs[i] as number)) / dx;
    }
  }
  return medianOfBuffer(count);
}

/**
 * How much a quantity changed over the first n points of the fit buffer (x: time, y: the
 * quantity), by a Theil-Sen fit of its logarithm over time: the fitted value at the last x over
 * the fitted value at the first (1 = unchanged). The ys are replaced by their logarithms.
 */
export function fittedRatioOfFitBuffer(n: number): number | null {
  for (let i = 0; i < n; i++) fitYs[i] = Math.log(fitYs[i] as number);
  const slope = slopeOfFitBuffer(n);
  if (slope === null) return null;
  return Math.exp(slope * ((fitXs[n - 1] as number) - (fitXs[0] as number)));
}

/** Rounds to one decimal, for numbers shown to people. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
