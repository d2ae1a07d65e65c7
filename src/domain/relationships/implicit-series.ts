/**
 * Implicit series: the same people (external and internal, by mailbox: see personKey) meeting
 * at a steady cadence without a recurrence rule. Every sales meeting outside a provider series
 * needs its people as a key, so the keys are numbers (no strings), kept in a scratch buffer, and
 * only the groups that recur often enough to be a series are gathered into lists. A meeting of the
 * series' people and others (someone joined once) at a slot the series has no meeting at is
 * one of its occurrences too, unless its own people make a series of their own. A steady group of
 * the series' people less someone (they stopped coming) or plus someone (they joined for good),
 * starting at the series' slot soon after its last meeting, continues it: series-continuation.ts.
 */
import {
  DAY_MS,
  IMPLICIT_MIN_MEETINGS,
  IMPLICIT_REGULAR_SHARE,
  IMPLICIT_TOLERANCE,
} from './definitions.js';
import { groupKey, HASH2_MASK, type AddressBook } from './address-book.js';
import type { RelationshipMeeting } from './model.js';
import { bySlot, onePerSlot, roundCadence, type SeriesSummariser } from './series-summary.js';
import { insertionSort } from './selection.js';
import { medianBuffer, medianOfBuffer } from './statistics.js';
import { compareText } from './timeline.js';
import { compact } from './compact.js';
import { continuedGroups, type SteadyGroup } from './series-continuation.js';

/** What implicit series are ordered by. */
export interface SeriesInOrder {
  seriesId: string;
  firstStart: number;
}

/**
 * Implicit series among the sales meetings outside provider series, by first start. `keys`: the
 * sales meetings' people keys (as peopleKeys gives them), when the caller has them already.
 */
export function implicitSeries<T extends SeriesInOrder>(
  all: readonly RelationshipMeeting[],
  sales: readonly RelationshipMeeting[],
  now: number,
  book: AddressBook,
  summarise: SeriesSummariser<T>,
  keys: Float64Array = peopleKeys(sales, book),
): T[] {
  const found: T[] = [];
  const steady: SteadyGroup[] = [];
  for (const key of frequentKeys(keys, sales.length)) {
    const group = steadyGroup(sales, keys, key);
    if (group !== null) steady.push(group);
  }
  const groups = continuedGroups(steady, sales, book).map((chain) => {
    const ofChain = chain.map((at) => (steady[at] as SteadyGroup).key);
    // The series keeps the interval it started with; the groups continuing it have one close.
    const { cadence } = steady[chain[0] as number] as SteadyGroup;
    return {
      keys: ofChain,
      cadence,
      ...seriesMeetings(sales, keys, ofChain, cadence, steady, book),
    };
  });
  const joinedTo = closestSeries(groups);
  groups.forEach((group, at) => {
    const meetings = [...group.own];
    for (const { index } of group.joining)
      if (joinedTo.get(index) === at) meetings.push(sales[index] as RelationshipMeeting);
    const instances = withCancelled(meetings, all, group, book);
    const first = meetings[0] as RelationshipMeeting;
    found.push(summarise('implicit', `implicit:${first.id}`, instances, now, book));
  });
  // First meetings differ between groups, so this order does not depend on the groups' order.
  return compact(
    found.sort((a, b) => a.firstStart - b.firstStart || compareText(a.seriesId, b.seriesId)),
  );
}

/**
 * A series' occurrences in slot order: its `meetings` (its own first, in start order, then those
 * that joined it) and the cancelled meetings of the same people in its span, which were
 * occurrences too; copies of one meeting on several calendars are one occurrence.
 */
function withCancelled(
  meetings: readonly RelationshipMeeting[],
  all: readonly RelationshipMeeting[],
  { keys, cadence }: { keys: readonly number[]; cadence: number },
  book: AddressBook,
): RelationshipMeeting[] {
  const first = meetings[0] as RelationshipMeeting;
  let lastStart = first.start;
  for (const meeting of meetings) lastStart = Math.max(lastStart, meeting.start);
  const cancelled = all.filter(
    (m) =>
      m.status === 'cancelled' &&
      !m.seriesId &&
      m.start >= first.start &&
      m.start <= lastStart + cadence &&
      keys.includes(peopleKey(m, book)),
  );
  return onePerSlot([...meetings, ...cancelled].sort(bySlot));
}

/** A meeting that may join a series, and how far (in intervals) it is from the slot it fills. */
interface Joining {
  index: number;
  offSlot: number;
}

/**
 * The sales meetings with one of `ofSeries` (in start order), and those that may join them: a
 * meeting whose people include every one of the series' at the time (the meeting before it:
 * groups continuing the series have other people) and more (another key), whose key is no steady
 * group's own, and that starts within IMPLICIT_TOLERANCE of the cadence of a slot the series
 * misses (a whole number of intervals after a meeting of the series, before the next one).
 */
function seriesMeetings(
  sales: readonly RelationshipMeeting[],
  keys: Float64Array,
  ofSeries: readonly number[],
  cadence: number,
  steady: readonly { key: number }[],
  book: AddressBook,
): { own: RelationshipMeeting[]; joining: Joining[] } {
  const own: RelationshipMeeting[] = [];
  const joining: Joining[] = [];
  let firstIndex = -1;
  let lastIndex = -1;
  // Most series are one group: its key alone is compared, meeting after meeting.
  const key = ofSeries[0] as number;
  const mine = (other: number) =>
    other === key || (ofSeries.length > 1 && ofSeries.includes(other));
  for (let i = 0; i < sales.length; i++) {
    if (!mine(keys[i] as number)) continue;
    own.push(sales[i] as RelationshipMeeting);
    if (firstIndex < 0) firstIndex = i;
    lastIndex = i;
  }
  let next = 0;
  for (let i = firstIndex + 1; i < lastIndex; i++) {
    const other = keys[i] as number;
    if (mine(other) || Number.isNaN(other) || steady.some((s) => s.key === other)) continue;
    const meeting = sales[i] as RelationshipMeeting;
    while (next < own.length && (own[next] as RelationshipMeeting).start <= meeting.start) next++;
    if (next === 0 || next === own.length) continue;
    const before = (own[next - 1] as RelationshipMeeting).start;
    const slots = Math.round(((own[next] as RelationshipMeeting).start - before) / cadence);
    const at = (meeting.start - before) / cadence;
    const slot = Math.round(at);
    const offSlot = Math.abs(at - slot);
    if (slot < 1 || slot >= slots || offSlot > IMPLICIT_TOLERANCE) continue;
    const core = own[next - 1] as RelationshipMeeting;
    if (includesEveryone(meeting, core, book)) joining.push({ index: i, offSlot });
  }
  return { own, joining };
}

/**
 * For each meeting that may join series, the one series it joins: the one whose slot it is
 * closest to, the first of `groups` (which are in order of key) on a tie. A meeting of the
 * people of two series at a slot both miss was counted in both.
 */
function closestSeries(groups: readonly { joining: readonly Joining[] }[]): Map<number, number> {
  const best = new Map<number, { group: number; offSlot: number }>();
  groups.forEach(({ joining }, group) => {
    for (const { index, offSlot } of joining) {
      const current = best.get(index);
      if (!current || offSlot < current.offSlot) best.set(index, { group, offSlot });
    }
  });
  const joinedTo = new Map<number, number>();
  for (const [index, { group }] of best) joinedTo.set(index, group);
  return joinedTo;
}

/** Whether every person of `core` (external and internal) is one of `meeting`'s people. */
function includesEveryone(
  meeting: RelationshipMeeting,
  core: RelationshipMeeting,
  book: AddressBook,
): boolean {
  const has = (person: number) =>
    meeting.externalPeople.some((p) => book.of(p.email).person === person) ||
    meeting.internalPeople.some((p) => book.of(p.email).person === person);
  return (
    core.externalPeople.every((p) => has(book.of(p.email).person)) &&
    core.internalPeople.every((p) => has(book.of(p.email).person))
  );
}

let keyBuffer = new Float64Array(256);
let sortedKeyBuffer = new Float64Array(256);

/** Per sales meeting, its people key; NaN (equal to nothing) for a provider series' meeting. */
function peopleKeys(sales: readonly RelationshipMeeting[], book: AddressBook): Float64Array {
  if (keyBuffer.length < sales.length)
    keyBuffer = new Float64Array(Math.max(sales.length, 2 * keyBuffer.length));
  for (let i = 0; i < sales.length; i++) {
    const meeting = sales[i] as RelationshipMeeting;
    keyBuffer[i] = meeting.seriesId ? Number.NaN : peopleKey(meeting, book);
  }
  return keyBuffer;
}

const NO_KEYS: readonly number[] = [];

/** The keys shared by at least IMPLICIT_MIN_MEETINGS of the first n meetings. */
function frequentKeys(keys: Float64Array, n: number): readonly number[] {
  if (n < IMPLICIT_MIN_MEETINGS) return NO_KEYS;
  const sorted = sortedKeys(keys, n);
  let frequent: number[] | null = null;
  for (let from = 0; from < sorted.length;) {
    const key = sorted[from] as number;
    let to = from + 1;
    while (to < sorted.length && sorted[to] === key) to++;
    if (to - from >= IMPLICIT_MIN_MEETINGS) (frequent ??= []).push(key);
    from = to;
  }
  return frequent ?? NO_KEYS;
}

/**
 * The keys other than NaN, sorted so that equal ones are together: by insertion for the few
 * dozen meetings of most accounts, by the typed array's sort beyond.
 */
function sortedKeys(keys: Float64Array, n: number): Float64Array {
  // Grown here, where it is written: the keys may come from the caller (the summary's own
  // buffer), and a typed array drops writes past its end without a word.
  if (sortedKeyBuffer.length < n)
    sortedKeyBuffer = new Float64Array(Math.max(n, 2 * sortedKeyBuffer.length));
  let count = 0;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    if (!Number.isNaN(key)) sortedKeyBuffer[count++] = key;
  }
  const sorted = sortedKeyBuffer.subarray(0, count);
  if (count > 64) return sorted.sort();
  insertionSort(sorted, count);
  return sorted;
}

/**
 * The meetings with `key` (in start order) as a steady group, with the cadence (ms) of their
 * starts, when steady: at least a day, and at least IMPLICIT_REGULAR_SHARE of the intervals on
 * its grid (onCadence). Null otherwise.
 */
function steadyGroup(
  sales: readonly RelationshipMeeting[],
  keys: Float64Array,
  key: number,
): SteadyGroup | null {
  const intervals = medianBuffer(sales.length);
  let count = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < sales.length; i++) {
    if (keys[i] !== key) continue;
    const start = (sales[i] as RelationshipMeeting).start;
    if (last >= 0) intervals[count++] = start - (sales[last] as RelationshipMeeting).start;
    else first = i;
    last = i;
  }
  const cadence = medianOfBuffer(count);
  if (cadence === null || cadence < DAY_MS) return null;
  return onCadence(intervals, count, cadence) >= IMPLICIT_REGULAR_SHARE * count
    ? { key, cadence: roundCadence(cadence), first, last }
    : null;
}

/**
 * How many of the `count` intervals fit a series of `cadence`: an interval within
 * IMPLICIT_TOLERANCE of one interval, or of two (an occurrence skipped); and the two intervals
 * around a meeting moved off its slot, short and long by as much (Monday to Friday of a weekly
 * series: 11 and 3 days), which together make two whole intervals, when an interval next to
 * them is a plain one (so that two odd intervals in a row are not taken for a move). Counting
 * only intervals near the cadence itself, one such move or two skipped weeks hid a short series.
 */
function onCadence(intervals: Float64Array, count: number, cadence: number): number {
  const steps = (i: number) =>
    i >= 0 && i < count ? wholeIntervals(intervals[i] as number, cadence) : 0;
  let fitting = 0;
  for (let i = 0; i < count; i++) {
    const own = steps(i);
    if (own === 1 || own === 2) {
      fitting++;
      continue;
    }
    if (i + 1 >= count) continue;
    const pair = wholeIntervals((intervals[i] as number) + (intervals[i + 1] as number), cadence);
    if (pair === 2 && (steps(i - 1) === 1 || steps(i + 2) === 1)) {
      fitting += 2;
      i++;
    }
  }
  return fitting;
}

/** The whole number of `cadence`s that `span` is within IMPLICIT_TOLERANCE of; 0 if none. */
function wholeIntervals(span: number, cadence: number): number {
  const steps = span / cadence;
  const whole = Math.round(steps);
  return Math.abs(steps - whole) <= IMPLICIT_TOLERANCE ? whole : 0;
}

/**
 * The people of a meeting (external and internal, by mailbox, in any order), as a number: the
 * sums of two hashes of each person's key (the first modulo 2^32, the second modulo 2^21). Two
 * different groups of people share a key with odds of about one in 2^53 per pair.
 */
export function peopleKey(meeting: RelationshipMeeting, book: AddressBook): number {
  let a = 0;
  let b = 0;
  for (const person of meeting.externalPeople) {
    const address = book.of(person.email);
    a = (a + address.hash1) >>> 0;
    b = (b + address.hash2) & HASH2_MASK;
  }
  for (const person of meeting.internalPeople) {
    const address = book.of(person.email);
    a = (a + address.hash1) >>> 0;
    b = (b + address.hash2) & HASH2_MASK;
  }
  return groupKey(a, b);
}
