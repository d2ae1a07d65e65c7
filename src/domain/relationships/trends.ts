/**
 * Cadence (the usual interval between meeting days) and the trends of cadence and duration.
 * Several meetings on one day (a demo, then a debrief with the buyer) are one touchpoint, so that
 * they do not pull the usual interval down to hours.
 */
import {
  CADENCE_MIN_INTERVALS,
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
import { fittedRatio } from './statistics.js';

const MERGE_MS = TOUCHPOINT_MERGE_HOURS * 3_600_000;

/** The touchpoints of sorted meeting starts: each the start of its first meeting. */
export function touchpoints(sortedStarts: readonly number[]): number[] {
  const points: number[] = [];
  let current = Number.NEGATIVE_INFINITY;
  for (const start of sortedStarts) {
    if (start - current < MERGE_MS) continue;
    points.push(start);
    current = start;
  }
  return points;
}

/**
 * The usual interval (ms) after each touchpoint: entry k is the median of the last CADENCE_WINDOW
 * intervals among touchpoints 0..k, or null with fewer than CADENCE_MIN_INTERVALS of them.
 */
export function cadenceAfterEach(points: readonly number[]): (number | null)[] {
  const cadences: (number | null)[] = [];
  // The window of recent intervals, in arrival order and sorted: each step inserts one and
  // drops the oldest, so the median is read off without sorting again.
  const recent: number[] = [];
  const sorted: number[] = [];
  for (let k = 0; k < points.length; k++) {
    if (k > 0) {
      const interval = (points[k] as number) - (points[k - 1] as number);
      recent.push(interval);
      insertSorted(sorted, interval);
      if (recent.length > CADENCE_WINDOW)
        sorted.splice(sorted.indexOf(recent.shift() as number), 1);
    }
    cadences.push(k < CADENCE_MIN_INTERVALS ? null : middleOf(sorted));
  }
  return cadences;
}

function insertSorted(sorted: number[], value: number): void {
  let i = sorted.length;
  while (i > 0 && (sorted[i - 1] as number) > value) i--;
  sorted.splice(i, 0, value);
}

function middleOf(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Whether intervals between touchpoints grow (slowing) or shrink (accelerating) over time. */
export function cadenceTrend(points: readonly number[]): Trend {
  const recent = points.slice(-(TREND_WINDOW + 1));
  if (recent.length - 1 < TREND_MIN_POINTS) return 'unknown';
  const xs: number[] = [];
  const intervals: number[] = [];
  for (let i = 1; i < recent.length; i++) {
    xs.push((recent[i] as number) / DAY_MS);
    intervals.push(((recent[i] as number) - (recent[i - 1] as number)) / DAY_MS);
  }
  const ratio = fittedRatio(xs, intervals);
  if (ratio === null) return 'unknown';
  if (ratio >= CADENCE_TREND_RATIO) return 'slowing';
  if (ratio <= 1 / CADENCE_TREND_RATIO) return 'accelerating';
  return 'steady';
}

/** Durations in minutes, never below one (the trend fits their logarithm). */
export function durationMinutes(meeting: { start: number; end: number }): number {
  return Math.max(1, (meeting.end - meeting.start) / MINUTE_MS);
}

/** Whether meetings (sorted by start) get longer or shorter over time. */
export function durationTrend(meetings: readonly { start: number; end: number }[]): DurationTrend {
  const recent = meetings.slice(-TREND_WINDOW);
  if (recent.length < TREND_MIN_POINTS) return 'unknown';
  const ratio = fittedRatio(
    recent.map((m) => m.start / DAY_MS),
    recent.map(durationMinutes),
  );
  if (ratio === null) return 'unknown';
  if (ratio >= DURATION_TREND_RATIO) return 'growing';
  if (ratio <= 1 / DURATION_TREND_RATIO) return 'shrinking';
  return 'stable';
}
