/**
 * Which instances of a series moved, judged by their neighbours' times when the provider gave no
 * original start (series-summary.ts countMoved): the starts with daylight-saving shifts taken
 * out, and whether an instance is off the time of day (and weekday) of most of its neighbours.
 */
import { CLOCK_SHIFT_MIN_DAYS, DAY_MS, MINUTE_MS, MOVED_TOLERANCE_MINUTES } from './definitions.js';
import type { RelationshipMeeting } from './model.js';

export const MOVED_TOLERANCE_MS = MOVED_TOLERANCE_MINUTES * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;

const timeOfDay = (at: number) => ((at % DAY_MS) + DAY_MS) % DAY_MS;
const weekday = (at: number) => Math.floor(at / DAY_MS) % 7;

/** Whether two instants fall at the same time of day (within the moved tolerance). */
function sameClock(a: number, b: number): boolean {
  const clock = Math.abs(timeOfDay(a) - timeOfDay(b));
  return Math.min(clock, DAY_MS - clock) <= MOVED_TOLERANCE_MS;
}

/** +1 or -1 when b's time of day is exactly an hour after or before a's; else 0. */
function hourStep(a: number, b: number): number {
  const step = timeOfDay(b) - timeOfDay(a);
  if (step === HOUR_MS || step === HOUR_MS - DAY_MS) return 1;
  if (step === -HOUR_MS || step === DAY_MS - HOUR_MS) return -1;
  return 0;
}

let shiftedStarts = new Float64Array(64);
let clockSteps = new Int8Array(64);

/**
 * The instances' starts with each daylight-saving shift taken back out. The model has no time
 * zone, so a series kept at 10:00 local time moves by exactly an hour in UTC when daylight
 * saving starts or ends, for good. A step of exactly an hour is such a shift when the time
 * held before it (the two instances before the step agree) and holds after it (the two
 * instances from the step on agree), and the time does not step back within
 * CLOCK_SHIFT_MIN_DAYS (no zone changes its offset twice in a few weeks: instances an hour off
 * for a while, then back, moved); the starts from the step on are then moved back by it, so
 * that the whole series compares at one clock. A one-off move by an hour is no shift: the
 * instance after it is back at the old time. Instants in, instants out: the result does not
 * depend on how the input wrote its times. Reused buffer: read before the next series.
 */
export function startsWithoutClockShifts(instances: readonly RelationshipMeeting[]): Float64Array {
  const n = instances.length;
  if (shiftedStarts.length < n) {
    shiftedStarts = new Float64Array(Math.max(n, 2 * shiftedStarts.length));
    clockSteps = new Int8Array(shiftedStarts.length);
  }
  const start = (i: number) => (instances[i] as RelationshipMeeting).start;
  // The steps of an hour with the time held on both sides; a step back soon after is no shift.
  let last = -1;
  for (let i = 0; i < n; i++) {
    const step =
      i >= 2 &&
      i + 1 < n &&
      sameClock(start(i - 2), start(i - 1)) &&
      sameClock(start(i), start(i + 1))
        ? hourStep(start(i - 1), start(i))
        : 0;
    clockSteps[i] = step;
    if (step === 0) continue;
    if (
      last >= 0 &&
      clockSteps[last] === -step &&
      start(i) - start(last) < CLOCK_SHIFT_MIN_DAYS * DAY_MS
    ) {
      clockSteps[last] = 0;
      clockSteps[i] = 0;
      last = -1;
    } else last = i;
  }
  let shift = 0;
  for (let i = 0; i < n; i++) {
    shift += (clockSteps[i] as number) * HOUR_MS;
    shiftedStarts[i] = start(i) - shift;
  }
  return shiftedStarts;
}

/**
 * Whether instance i disagrees with most of its four nearest instances on time of day or
 * weekday (`starts`: the first `count` are the instances', daylight-saving shifts taken out).
 */
export function offItsSlot(
  starts: Float64Array,
  count: number,
  i: number,
  cadence: number,
): boolean {
  const weekly = cadence % WEEK_MS === 0;
  const own = starts[i] as number;
  let neighbours = 0;
  let agree = 0;
  // Two each side; near an end, four on the other side as far as there are: two instances
  // moved together at the start would otherwise outvote the second one's first neighbour.
  const from = Math.max(0, Math.min(i - 2, count - 5));
  for (let j = from; j <= Math.min(count - 1, from + 4); j++) {
    if (j === i) continue;
    const other = starts[j] as number;
    neighbours += 1;
    if (sameClock(own, other) && (!weekly || weekday(own) === weekday(other))) agree += 1;
  }
  return agree * 2 < neighbours;
}
