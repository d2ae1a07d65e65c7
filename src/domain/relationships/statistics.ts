/** Small robust statistics: medians and the Theil-Sen slope (the median of pairwise slopes). */

/** The median of `values` (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = sortedCopy(values);
  const middle = values.length >> 1;
  return values.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Medians are taken of many small lists (the last twelve intervals after each meeting): those
 * are sorted by insertion in one scratch buffer instead of a new typed array each time.
 */
let scratch = new Float64Array(64);

function sortedCopy(values: readonly number[]): Float64Array {
  const n = values.length;
  if (n > 32) return Float64Array.from(values).sort();
  if (scratch.length < n) scratch = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (scratch[j] as number) > value) {
      scratch[j + 1] = scratch[j] as number;
      j--;
    }
    scratch[j + 1] = value;
  }
  return scratch;
}

/**
 * The Theil-Sen slope of the points (xs[i], ys[i]): robust to up to about 29% of outliers, such
 * as one long holiday gap among regular intervals. Null with fewer than two distinct xs.
 */
export function theilSenSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = (xs[j] as number) - (xs[i] as number);
      if (dx !== 0) slopes.push(((ys[j] as number) - (ys[i] as number)) / dx);
    }
  }
  return median(slopes);
}

/**
 * How much a quantity changed over the points, by a Theil-Sen fit of its logarithm over time:
 * the fitted value at the last x over the fitted value at the first (1 = unchanged).
 */
export function fittedRatio(xs: readonly number[], values: readonly number[]): number | null {
  const slope = theilSenSlope(
    xs,
    values.map((v) => Math.log(v)),
  );
  if (slope === null) return null;
  return Math.exp(slope * ((xs[xs.length - 1] as number) - (xs[0] as number)));
}

/** Rounds to one decimal, for numbers shown to people. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
