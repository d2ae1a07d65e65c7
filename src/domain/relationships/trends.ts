/**
 * Cadence (the usual interval between meeting days) and the trends of cadence and duration.
 * Several meetings on one day (a demo, then a debrief with the buyer) are one touchpoint, so that
 * they do not pull the usual interval down to hours.
 */
import {
  CADENCE_MIN_INTERVALS,
  CADENCE_SHIFT_INTERVALS,
  CADENCE_TREND_RATIO,
  CADENCE_WINDOW,
  DAY_MS,
  DURATION_TREND_RATIO,
  MINUTE_MS,
  TOUCHPOINT_MERGE_HOURS,
  TREND_MIN_POINTS,
  TREND_WINDOW,
} from './definitions.js';
import type { DurationTrend, Trend } from './model.js';
import { fitBuffer, fittedRatioOfFitBuffer } from './statistics.js';

const MERGE_MS = TOUCHPOINT_MERGE_HOURS * 3_600_000;

/** The touchpoints of sorted meeting starts: each the start of its first meeting. */
export function touchpoints(sortedStarts: ArrayLike<number>): number[] {
  const points: number[] = [];
  let current = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sortedStarts.length; i++) {
    const start = sortedStarts[i] as number;
    if (inTouchpoint(current, start)) continue;
    points.push(start);
    current = start;
  }
  return points;
}

/**
 * Whether a meeting starting at `start` (no earlier) belongs to the touchpoint whose first meeting
 * started at `point`: touchpoints' rule, which threshold-crossings.ts replays to find each
 * touchpoint's last meeting.
 */
export function inTouchpoint(point: number, start: number): boolean {
  return start - point < MERGE_MS;
}

/**
 * The usual interval (ms) after each touchpoint: entry k is the median of the last CADENCE_WINDOW
 * intervals among touchpoints 0..k, or null with fewer than CADENCE_MIN_INTERVALS of them.
 */
export function cadenceAfterEach(points: readonly number[]): (number | null)[] {
  const cadences: (number | null)[] = [];
  const window = new CadenceWindow();
  for (let k = 0; k < points.length; k++) {
    window.advance(points, k);
    cadences.push(window.cadence(k));
  }
  return cadences;
}

/** cadenceAfterEach's last entry (null for no touchpoint), without the others. */
export function cadenceAfterLast(points: readonly number[]): number | null {
  const window = new CadenceWindow();
  for (let k = 0; k < points.length; k++) window.advance(points, k);
  return points.length === 0 ? null : window.cadence(points.length - 1);
}

/**
 * The window of recent intervals, sorted: each step inserts one and drops the one that left the
 * window, so the median is read off without sorting again.
 */
class CadenceWindow {
  private readonly sorted: number[] = [];

  /** Moves the window to touchpoint k; steps must come for k = 0, 1, 2... in turn. */
  advance(points: readonly number[], k: number): void {
    if (k === 0) return;
    insertSorted(this.sorted, (points[k] as number) - (points[k - 1] as number));
    if (k > CADENCE_WINDOW)
      removeSorted(
        this.sorted,
        (points[k - CADENCE_WINDOW] as number) - (points[k - CADENCE_WINDOW - 1] as number),
      );
  }

  /** The cadence after touchpoint k, the window being there (a number only read when wanted). */
  cadence(k: number): number | null {
    return k < CADENCE_MIN_INTERVALS ? null : middleOf(this.sorted);
  }
}

/** Inserts in place (no array is allocated, as splice would for what it removes). */
function insertSorted(sorted: number[], value: number): void {
  let i = sorted.length;
  sorted.push(value);
  while (i > 0 && (sorted[i - 1] as number) > value) {
    sorted[i] = sorted[i - 1] as number;
    i--;
  }
  sorted[i] = value;
}

/** Removes the first element equal to value; the last one when none is (as splice(-1, 1)). */
function removeSorted(sorted: number[], value: number): void {
  const found = sorted.indexOf(value);
  for (let i = found < 0 ? sorted.length - 1 : found; i < sorted.length - 1; i++)
    sorted[i] = sorted[i + 1] as number;
  sorted.pop();
}

function middleOf(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Whether intervals between touchpoints grow (slowing) or shrink (accelerating) over time. */
export function cadenceTrend(points: readonly number[]): Trend {
  const from = Math.max(0, points.length - (TREND_WINDOW + 1));
  const n = points.length - from - 1;
  if (n < TREND_MIN_POINTS) return 'unknown';
  const shift = recentShift(points, from);
  if (shift) return shift;
  const fit = fitBuffer(n);
  for (let i = 0; i < n; i++) {
    const at = points[from + i + 1] as number;
    fit.xs[i] = at / DAY_MS;
    fit.ys[i] = (at - (points[from + i] as number)) / DAY_MS;
  }
  const ratio = fittedRatioOfFitBuffer(n);
  if (ratio === null) return 'unknown';
  if (ratio >= CADENCE_TREND_RATIO) return 'slowing';
  if (ratio <= 1 / CADENCE_TREND_RATIO) return 'accelerating';
  return 'steady';
}

/**
 * The last CADENCE_SHIFT_INTERVALS intervals all shorter (accelerating) or all longer (slowing)
 * than the median of the earlier intervals of the window by CADENCE_TREND_RATIO; null when they
 * do not all agree, or fewer than TREND_MIN_POINTS intervals come before them.
 */
function recentShift(points: readonly number[], from: number): Trend | null {
  const last = points.length - 1;
  const firstRecent = last - CADENCE_SHIFT_INTERVALS;
  if (firstRecent - from < TREND_MIN_POINTS) return null;
  const earlier: number[] = [];
  for (let k = from + 1; k <= firstRecent; k++)
    earlier.push((points[k] as number) - (points[k - 1] as number));
  const usual = middleOf(earlier.sort((a, b) => a - b));
  let shorter = 0;
  let longer = 0;
  for (let k = firstRecent + 1; k <= last; k++) {
    const interval = (points[k] as number) - (points[k - 1] as number);
    if (interval * CADENCE_TREND_RATIO <= usual) shorter++;
    else if (interval >= usual * CADENCE_TREND_RATIO) longer++;
  }
  if (shorter === CADENCE_SHIFT_INTERVALS) return 'accelerating';
  if (longer === CADENCE_SHIFT_INTERVALS) return 'slowing';
  return null;
}

/** Durations in minutes, never below one (the trend fits their logarithm). */
export function durationMinutes(meeting: { start: number; end: number }): number {
  return Math.max(1, (meeting.end - meeting.start) / MINUTE_MS);
}

/** Whether meetings (sorted by start) get longer or shorter over time. */
export function durationTrend(meetings: readonly { start: number; end: number }[]): DurationTrend {
  return durationTrendOf(meetings, 0, meetings.length);
}

/** durationTrend of meetings[from..to), without copying them out. */
export function durationTrendOf(
  meetings: readonly { start: number; end: number }[],
  from: number,
  to: number,
): DurationTrend {
  const first = Math.max(from, to - TREND_WINDOW);
  const n = to - first;
  if (n < TREND_MIN_POINTS) return 'unknown';
  const fit = fitBuffer(n);
  for (let i = 0; i < n; i++) {
    const meeting = meetings[first + i] as { start: number; end: number };
    fit.xs[i] = meeting.start / DAY_MS;
    fit.ys[i] = durationMinutes(meeting);
  }
  const ratio = fittedRatioOfFitBuffer(n);
  if (ratio === null) return 'unknown';
  if (ratio >= DURATION_TREND_RATIO) return 'growing';
  if (ratio <= 1 / DURATION_TREND_RATIO) return 'shrinking';
  return 'stable';
}
