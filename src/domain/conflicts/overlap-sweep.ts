/**
 * The overlap sweep: which time ranges intersect, grouped, in O(n log n + output).
 *
 * Ranges are half-open, [start, end): two intersect when each starts before the other ends, so
 * touching ends (10:00-11:00 and 11:00-12:00) do not, and an empty range (end <= start)
 * intersects nothing.
 *
 * A group is a maximal clique of the overlap graph (ranges are nodes, intersecting ranges are
 * joined) with at least two ranges: a largest set of ranges that all intersect each other. A
 * conflict lists events that conflict with each other, pair by pair (analysis-io.md): A, B, C
 * where A overlaps B and B overlaps C but A and C do not meet are two groups, {A, B} and {B, C},
 * not one (a connected component would claim that A and C conflict). Ranges that all intersect
 * pairwise share an instant (Helly), so a clique is exactly the set of ranges open at some
 * instant, and its double-booked span is the intersection of its ranges: latest start to
 * earliest end. The spans of two groups never overlap (at any instant one set of ranges is open).
 *
 * The sweep: starts and ends in time order, ends before starts at the same instant (half-open).
 * Each time an end comes after at least one start since the previous end, the ranges open just
 * before it are a maximal clique (the set only grew since the last end, and now shrinks); it is
 * a group when it has two or more. Ranges open in start order (the one sort) and close from a
 * min-heap of the open ones' ends (a calendar has few open at once, so the heap stays shallow);
 * the open ones are also a linked list in start order, so emitting a group costs its size:
 * O(n log n) plus the size of the output, which can exceed n (a long meeting over many short
 * back-to-back ones is one group per short one, as it should).
 */
import type { TimeRange } from './types.js';

/**
 * Indices into `ranges` of each group, every group in (start, index) order, groups in time order
 * (of their spans).
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
  const m = order.length;
  const groups: number[][] = [];
  if (m < 2) return groups;
  sortByStart(order, starts);
  // Positions (in start order) of the open ranges: a binary min-heap by end, to close them in
  // time, and a doubly linked list in start order (appended as they open), to list them.
  const endAt = new Float64Array(m);
  for (let p = 0; p < m; p++) endAt[p] = ends[order[p] as number] as number;
  const heap = new Uint32Array(m);
  let size = 0;
  const next = new Int32Array(m);
  const prev = new Int32Array(m);
  let head = -1;
  let tail = -1;
  let open = 0;
  let grown = false; // a range opened since the last one closed
  for (let p = 0; p <= m; p++) {
    const start = p < m ? (starts[order[p] as number] as number) : Infinity;
    // Ranges that end by this start close first (one ending as it starts does not meet it).
    while (size > 0 && (endAt[heap[0] as number] as number) <= start) {
      if (grown) {
        if (open > 1) {
          const group: number[] = [];
          for (let q = head; q >= 0; q = next[q] as number) group.push(order[q] as number);
          groups.push(group);
        }
        grown = false;
      }
      const q = heap[0] as number;
      size = popMin(heap, size, endAt);
      const before = prev[q] as number;
      const after = next[q] as number;
      if (before >= 0) next[before] = after;
      else head = after;
      if (after >= 0) prev[after] = before;
      else tail = before;
      open--;
    }
    if (p === m) break;
    prev[p] = tail;
    next[p] = -1;
    if (tail >= 0) next[tail] = p;
    else head = p;
    tail = p;
    size = push(heap, size, p, endAt);
    open++;
    grown = true;
  }
  return groups;
}

/** Adds position `p` to the heap of `size` positions ordered by `keys`; returns the new size. */
function push(heap: Uint32Array, size: number, p: number, keys: Float64Array): number {
  const key = keys[p] as number;
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const above = heap[parent] as number;
    if ((keys[above] as number) <= key) break;
    heap[i] = above;
    i = parent;
  }
  heap[i] = p;
  return size + 1;
}

/** Removes the heap's first position (least key); returns the new size. */
function popMin(heap: Uint32Array, size: number, keys: Float64Array): number {
  const last = heap[--size] as number;
  const key = keys[last] as number;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    const right = child + 1;
    if (
      right < size &&
      (keys[heap[right] as number] as number) < (keys[heap[child] as number] as number)
    )
      child = right;
    if ((keys[heap[child] as number] as number) >= key) break;
    heap[i] = heap[child] as number;
    i = child;
  }
  heap[i] = last;
  return size;
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
 * The double-booked span of a group (a clique): the instants all its ranges share, from the
 * latest start to the earliest end.
 */
export function overlapSpan(ranges: readonly TimeRange[], group: readonly number[]): TimeRange {
  let start = -Infinity;
  let end = Infinity;
  for (const index of group) {
    const range = ranges[index] as TimeRange;
    if (range.start > start) start = range.start;
    if (range.end < end) end = range.end;
  }
  return { start, end };
}

/**
 * Pairs of a group's ranges, in the group's order, at most `limit` of them: in a clique every
 * pair overlaps.
 */
export function overlappingPairs(group: readonly number[], limit: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < group.length && pairs.length < limit; i++)
    for (let j = i + 1; j < group.length && pairs.length < limit; j++)
      pairs.push([group[i] as number, group[j] as number]);
  return pairs;
}
