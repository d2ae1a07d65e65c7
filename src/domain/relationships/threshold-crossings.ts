/**
 * The instants after which the stage can change without a new meeting, ascending: each past
 * meeting (held or declined by every external person: the stage is assessed at every one), the first month ending, each meeting leaving the
 * recent window (and reaching the dormant threshold, the same 90 days) and the earlier window
 * before it (90 days later), a meeting day going quiet while the usual interval is not known,
 * and the gap after each
 * touchpoint's last meeting growing past the allowed one. Stages are constant in between. Only instants up to
 * `now` count; the same instant may come more than once. A gap that `established` forgives as
 * a one-off (stage.ts steadinessBreak) needs no crossing of its own: it counts once the cadence
 * has resumed, at a meeting, and stops counting when the touchpoint ending it leaves the recent
 * window, at a start shifted by RECENT_DAYS.
 *
 * A full recompute does this for every account, in buffers that live as long as the module
 * (analysis is synchronous, so one account uses them at a time). The instants come from a few
 * lists that are each in order already (the meeting starts; the same starts 90 days later; the
 * gaps, nearly), so they are merged rather than sorted: sorting them with the typed array's sort
 * took a third of the whole history's time.
 */
import { DAY_MS, DORMANT_DAYS, NEW_DAYS, QUIET_DAYS, RECENT_DAYS } from './definitions.js';
import type { StageFacts } from './stage.js';
import { inTouchpoint } from './trends.js';

const NEW_MS = NEW_DAYS * DAY_MS;
const RECENT_MS = RECENT_DAYS * DAY_MS;
const DORMANT_MS = DORMANT_DAYS * DAY_MS;
const QUIET_MS = QUIET_DAYS * DAY_MS;
/**
 * The meetings themselves, leaving the recent window, (were it different) going dormant, and
 * leaving the earlier window that seniority dropping compares with (stage.ts droppedRank).
 */
const START_OFFSETS = [...new Set([0, RECENT_MS, DORMANT_MS, 2 * RECENT_MS])];

let crossings = new Float64Array(1024);
let extras = new Float64Array(256);
const positions = new Int32Array(START_OFFSETS.length);

/** The crossings up to `now`, ascending (in the typed array sort's order: -0 before 0). */
export function thresholdCrossings(facts: StageFacts, now: number): Float64Array {
  // Every past meeting, held or declined by all (the declines rule reads those too): the held
  // ones are among them, so their shifts are too.
  const starts = facts.pastStarts;
  const extraCount = extraCrossings(facts, now);
  const most = START_OFFSETS.length * starts.length + extraCount;
  if (crossings.length < most) crossings = new Float64Array(Math.max(most, 2 * crossings.length));
  const count = facts.ascending
    ? merge(starts, extraCount, now)
    : concatenateAndSort(starts, extraCount, now);
  // A stakeholder joins at a meeting: start + RECENT_MS covers their leaving the window.
  return crossings.subarray(0, count);
}

/**
 * Merges the starts shifted by each of START_OFFSETS (ascending lists, as the starts are) and
 * the extra crossings (sorted) into the crossings buffer; returns how many.
 */
function merge(starts: Float64Array, extraCount: number, now: number): number {
  positions.fill(0);
  let extra = 0;
  let count = 0;
  for (;;) {
    let best = 0;
    let from = -1;
    for (let offset = 0; offset < START_OFFSETS.length; offset++) {
      const position = positions[offset] as number;
      if (position >= starts.length) continue;
      const at = (starts[position] as number) + (START_OFFSETS[offset] as number);
      if (!(at <= now)) positions[offset] = starts.length;
      else if (from < 0 || sortsAfter(best, at)) {
        best = at;
        from = offset;
      }
    }
    if (extra < extraCount && (from < 0 || sortsAfter(best, extras[extra] as number))) {
      best = extras[extra] as number;
      from = START_OFFSETS.length;
    }
    if (from < 0) return count;
    crossings[count++] = best;
    if (from === START_OFFSETS.length) extra++;
    else positions[from] = (positions[from] as number) + 1;
  }
}

/** For facts out of order (starts that are not numbers): gather, then sort. */
function concatenateAndSort(starts: Float64Array, extraCount: number, now: number): number {
  let count = 0;
  for (const offset of START_OFFSETS) {
    for (const start of starts) {
      const at = start + offset;
      if (at <= now) crossings[count++] = at;
    }
  }
  for (let i = 0; i < extraCount; i++) crossings[count++] = extras[i] as number;
  crossings.subarray(0, count).sort();
  return count;
}

/**
 * The crossings that are not a start shifted (up to `now`), sorted into the extras buffer: the
 * first month ending, a meeting day with no usual interval yet going quiet (when no meeting day
 * follows it by then), and the gap after each touchpoint growing past the allowed one (which
 * moves slowly with the usual interval, so these come nearly in order). Returns how many.
 */
function extraCrossings(facts: StageFacts, now: number): number {
  const { starts, points, cadences } = facts;
  const most = 1 + points.length;
  if (extras.length < most) extras = new Float64Array(Math.max(most, 2 * extras.length));
  let count = 0;
  const first = starts[0];
  if (first !== undefined && first + NEW_MS <= now) extras[count++] = first + NEW_MS;
  // The gap the stage rule measures runs from the last held meeting (stage.ts stageOf), so after
  // touchpoint k from its last meeting, not its first: the meetings are walked along the
  // touchpoints by the rule that formed them (trends.ts touchpoints).
  let next = 0;
  for (let k = 0; k < points.length; k++) {
    const point = points[k] as number;
    next++;
    while (next < starts.length && inTouchpoint(point, starts[next] as number)) next++;
    const allowed = cadences.allowedGap(k);
    if (allowed === null) {
      // The usual interval not known yet: going quiet QUIET_DAYS after the meeting day began
      // (stage.ts lapseAt), unless the next meeting day came first.
      const quiet = point + QUIET_MS;
      const following = points[k + 1];
      if (quiet <= now && !(following !== undefined && following <= quiet)) extras[count++] = quiet;
      continue;
    }
    const at = (starts[next - 1] as number) + allowed + 1;
    if (at <= now) extras[count++] = at;
  }
  sortNearlyOrdered(extras, count);
  return count;
}

/**
 * Sorts the first n values in place, in the typed array sort's order: by insertion, in about
 * linear time for values nearly in order; far from order (more than a few moves per value) the
 * typed array's sort takes over.
 */
export function sortNearlyOrdered(values: Float64Array, n: number): void {
  const budget = 8 * n + 256;
  let moves = 0;
  for (let i = 1; i < n; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && sortsAfter(values[j] as number, value)) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = value;
    moves += i - 1 - j;
    if (moves > budget) {
      values.subarray(0, n).sort();
      return;
    }
  }
}

/** Whether the typed array's sort puts a after b: a greater, or a zero and b a -0. */
function sortsAfter(a: number, b: number): boolean {
  return a > b || (a === 0 && b === 0 && Object.is(b, -0) && !Object.is(a, -0));
}
