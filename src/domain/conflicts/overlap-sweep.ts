/**
 * The overlap sweep: which time ranges intersect, grouped, in O(n log n).
 *
 * Ranges are half-open, [start, end): two intersect when each starts before the other ends, so
 * touching ends (10:00-11:00 and 11:00-12:00) do not, and an empty range (end <= start)
 * intersects nothing.
 *
 * A group is a connected component of the overlap graph (ranges are nodes, intersecting ranges
 * are joined) with at least two ranges. A, B, C where A overlaps B and B overlaps C is one group
 * even if A and C do not meet: one double-booked stretch of the day, one conflict. Sorted by
 * start, a range joins the group being built exactly when it starts before the latest end seen
 * in it (it then intersects the range that ends last, which started no later); otherwise no
 * later range can reach back into the group, which is closed.
 */
import type { TimeRange } from './types.js';

/**
 * Indices into `ranges` of each group, every group in (start, index) order, groups in order of
 * their first start.
 */
export function findOverlapGroups(ranges: readonly TimeRange[]): number[][] {
  const n = ranges.length;
  // Times copied into typed arrays: sorting indices by them is several times faster than
  // sorting by properties of objects scattered over the heap, and leaves the GC little to do.
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const nonEmpty = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const range = ranges[i] as TimeRange;
    starts[i] = range.start;
    ends[i] = range.end;
    if (range.end > range.start) nonEmpty[count++] = i;
  }
  return sweepIndices(nonEmpty.subarray(0, count), starts, ends);
}

/**
 * The sweep over the non-empty ranges whose indices are in `order`, ascending (times in
 * `starts`, `ends`): sorts `order` in place by (start, index), a total order, so that the output
 * does not depend on the sort, and returns the groups.
 */
export function sweepIndices(
  order: Uint32Array,
  starts: Float64Array,
  ends: Float64Array,
): number[][] {
  sortByStart(order, starts);
  const groups: number[][] = [];
  let current: number[] = [];
  let reach = -Infinity;
  for (const index of order) {
    const start = starts[index] as number;
    const end = ends[index] as number;
    if (start < reach) {
      current.push(index);
      if (end > reach) reach = end;
      continue;
    }
    if (current.length > 1) groups.push(current);
    current = [index];
    reach = end;
  }
  if (current.length > 1) groups.push(current);
  return groups;
}

/**
 * Sorts ascending indices by (start, index). Whole-millisecond starts within a span that allows
 * it are packed with their position into one exact double, (start - min) * n + position, and
 * sorted as plain numbers (three times faster than a comparator); otherwise a comparator does it.
 */
function sortByStart(order: Uint32Array, starts: Float64Array): void {
  const n = order.length;
  if (n < 2) return;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (const index of order) {
    const start = starts[index] as number;
    if (start < min) min = start;
    if (start > max) max = start;
    if (!Number.isInteger(start)) whole = false;
  }
  if (!whole || (max - min + 1) * n > Number.MAX_SAFE_INTEGER) {
    order.sort((a, b) => (starts[a] as number) - (starts[b] as number) || a - b);
    return;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ((starts[order[i] as number] as number) - min) * n + i;
  keys.sort();
  const before = order.slice();
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    order[i] = before[key - Math.floor(key / n) * n] as number;
  }
}

/**
 * The double-booked span of a group given in start order: from the first to the last instant
 * at which two of its ranges overlap.
 */
export function overlapSpan(ranges: readonly TimeRange[], group: readonly number[]): TimeRange {
  let reach = -Infinity;
  let start = Infinity;
  let end = -Infinity;
  for (const index of group) {
    const range = ranges[index] as TimeRange;
    if (range.start < reach) {
      start = Math.min(start, range.start);
      end = Math.max(end, Math.min(range.end, reach));
    }
    reach = Math.max(reach, range.end);
  }
  return { start, end };
}

/** Pairs of a group's ranges that overlap, in start order, at most `limit` of them. */
export function overlappingPairs(
  ranges: readonly TimeRange[],
  group: readonly number[],
  limit: number,
): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < group.length && pairs.length < limit; i++) {
    const a = ranges[group[i] as number] as TimeRange;
    for (let j = i + 1; j < group.length && pairs.length < limit; j++) {
      const b = ranges[group[j] as number] as TimeRange;
      if (b.start >= a.end) break; // later ranges start later still
      pairs.push([group[i] as number, group[j] as number]);
    }
  }
  return pairs;
}
