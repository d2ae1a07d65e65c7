/**
 * Order statistics without sorting. The trend fits take the median of 66 pairwise slopes (twelve
 * points) two or three times per account: selection (Hoare's quickselect, expected linear time)
 * found that median in about half the time of the typed array's sort (measured). The answers
 * are exactly those of sorting with `Float64Array.prototype.sort`: -0 before 0, NaN last.
 */

/** The median of the first n values (n >= 1), which it reorders. */
export function selectedMedian(values: Float64Array, n: number): number {
  if (hasNaN(values, n)) {
    const sorted = values.subarray(0, n).sort();
    const middle = n >> 1;
    return n % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }
  const upper = n >> 1;
  const high = select(values, n, upper);
  if (n % 2 === 1) return signedZero(values, n, upper, high);
  // Selection leaves the smaller values before `upper`: the one below it is their largest.
  let low = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < upper; i++) low = Math.max(low, values[i] as number);
  return (signedZero(values, n, upper - 1, low) + signedZero(values, n, upper, high)) / 2;
}

function hasNaN(values: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

/**
 * Moves the k-th smallest of the first n values (no NaN) to index k, smaller or equal ones
 * before it and greater or equal ones after, and returns it (a zero of either sign).
 */
function select(values: Float64Array, n: number, k: number): number {
  let low = 0;
  let high = n - 1;
  while (high > low) {
    const pivot = values[(low + high) >> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else break;
  }
  return values[k] as number;
}

/**
 * The value at sorted position `at` when it is a zero: comparisons do not tell -0 from 0, but
 * the sort puts every -0 after the negative values and before every 0.
 */
function signedZero(values: Float64Array, n: number, at: number, value: number): number {
  if (value !== 0) return value;
  let negative = 0;
  let negativeZeros = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < 0) negative++;
    else if (Object.is(v, -0)) negativeZeros++;
  }
  return at >= negative && at < negative + negativeZeros ? -0 : 0;
}

/** Sorts the first n values in place by insertion (stable; quick for a few dozen). */
export function insertionSort(values: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) > value) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = value;
  }
}
