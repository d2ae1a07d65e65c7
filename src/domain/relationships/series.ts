/**
 * An account's series: recurring series from providers (a series id on each instance) and
 * implicit ones (the same people meeting at a steady cadence without a recurrence rule).
 *
 * Per series, with `now` given:
 * - held: not cancelled and started by `now`; upcoming: not cancelled and later; cancelled:
 *   status cancelled, whenever;
 * - the slot of an instance is its originalStart when the provider gave one, else its start; the
 *   cadence is the median interval between consecutive slots (whole days from two days up, so
 *   that a daylight-saving hour does not count);
 * - skipped: expected slots at the cadence with no instance at all, between known instances
 *   that are both in the past (a deleted occurrence; a cancelled one is `cancelled`);
 * - moved: a held or upcoming instance more than MOVED_TOLERANCE_MINUTES from its
 *   originalStart; without one, an instance whose time of day (and weekday, for weekly cadences)
 *   agrees with fewer than half of its up to four nearest instances (two each side), which
 *   tolerates the daylight-saving shift of a whole series and catches a one-off move;
 * - attendance: per person over the held instances (attended = invited and did not decline),
 *   and who stopped coming: attended twice or more, then none of the last
 *   STOPPED_AFTER_OCCURRENCES held instances;
 * - duration drift: median duration of the first and last three held instances, and the trend.
 */
import {
  DAY_MS,
  IMPLICIT_MIN_MEETINGS,
  IMPLICIT_REGULAR_SHARE,
  IMPLICIT_TOLERANCE,
  MINUTE_MS,
  MOVED_TOLERANCE_MINUTES,
  STOPPED_AFTER_OCCURRENCES,
} from './definitions.js';
import type {
  RelationshipMeeting,
  ResponseStatus,
  SeriesAttendee,
  SeriesSummary,
} from './model.js';

type SeriesAttendeeStatus = ResponseStatus | null;
import { median, round1 } from './statistics.js';
import { compareText } from './timeline.js';
import { durationMinutes, durationTrend } from './trends.js';

const TOLERANCE_MS = MOVED_TOLERANCE_MINUTES * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;

const slotOf = (m: RelationshipMeeting) => m.originalStart ?? m.start;

function bySlot(a: RelationshipMeeting, b: RelationshipMeeting): number {
  return slotOf(a) - slotOf(b) || compareText(a.id, b.id);
}

/**
 * The series of an account: provider series with at least one sales meeting (all their
 * instances, cancelled ones included), then implicit series among the other sales meetings.
 * `all` is every meeting of the account in order; `sales` its sales meetings (copies merged).
 */
export function accountSeries(
  all: readonly RelationshipMeeting[],
  sales: readonly RelationshipMeeting[],
  now: number,
): SeriesSummary[] {
  const salesSeries = new Set<string>();
  for (const meeting of all)
    if (meeting.isSalesMeeting && meeting.seriesId) salesSeries.add(meeting.seriesId);
  const instances = new Map<string, RelationshipMeeting[]>();
  for (const meeting of all) {
    if (!meeting.seriesId || !salesSeries.has(meeting.seriesId)) continue;
    const list = instances.get(meeting.seriesId);
    if (list) list.push(meeting);
    else instances.set(meeting.seriesId, [meeting]);
  }
  const provider = [...instances]
    .sort(([a], [b]) => compareText(a, b))
    .map(([id, list]) => summariseSeries('provider', id, list.sort(bySlot), now));
  return [...provider, ...implicitSeries(all, sales, now)];
}

/**
 * The people of a meeting (external and internal, case folded, in any order), as a number: the
 * sums of two hashes of each address. Built without strings because every sales meeting outside
 * a provider series needs one; two different groups of people share a key with odds of about
 * one in 2^53 per pair.
 */
function peopleKey(meeting: RelationshipMeeting): number {
  let a = 0;
  let b = 0;
  for (const person of meeting.externalPeople) {
    a = (a + addressHash(person.email, 0x811c9dc5)) >>> 0;
    b = (b + addressHash(person.email, 0x01000193)) & 0x1fffff;
  }
  for (const person of meeting.internalPeople) {
    a = (a + addressHash(person.email, 0x811c9dc5)) >>> 0;
    b = (b + addressHash(person.email, 0x01000193)) & 0x1fffff;
  }
  return a * 0x200000 + b;
}

/** FNV-1a over the address, ASCII letters case folded. */
function addressHash(email: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < email.length; i++) {
    let code = email.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash >>> 0;
}

function implicitSeries(
  all: readonly RelationshipMeeting[],
  sales: readonly RelationshipMeeting[],
  now: number,
): SeriesSummary[] {
  const groups = new Map<number, RelationshipMeeting[]>();
  for (const meeting of sales) {
    if (meeting.seriesId) continue;
    const key = peopleKey(meeting);
    const list = groups.get(key);
    if (list) list.push(meeting);
    else groups.set(key, [meeting]);
  }
  const found: SeriesSummary[] = [];
  for (const [key, meetings] of groups) {
    if (meetings.length < IMPLICIT_MIN_MEETINGS) continue;
    const cadence = steadyCadence(meetings.map((m) => m.start));
    if (cadence === null) continue;
    const first = meetings[0] as RelationshipMeeting;
    const lastStart = (meetings[meetings.length - 1] as RelationshipMeeting).start;
    // A cancelled meeting of the same people in the series' span was one of its occurrences.
    const cancelled = all.filter(
      (m) =>
        m.status === 'cancelled' &&
        !m.seriesId &&
        m.start >= first.start &&
        m.start <= lastStart + cadence &&
        peopleKey(m) === key,
    );
    const instances = [...meetings, ...cancelled].sort(bySlot);
    found.push(summariseSeries('implicit', `implicit:${first.id}`, instances, now));
  }
  return found.sort((a, b) => a.firstStart - b.firstStart || compareText(a.seriesId, b.seriesId));
}

/**
 * The cadence (ms) of starts (ascending) when steady: at least a day, and at least
 * IMPLICIT_REGULAR_SHARE of the intervals within IMPLICIT_TOLERANCE of it. Null otherwise.
 */
function steadyCadence(starts: readonly number[]): number | null {
  const intervals: number[] = [];
  for (let i = 1; i < starts.length; i++)
    intervals.push((starts[i] as number) - (starts[i - 1] as number));
  const cadence = median(intervals);
  if (cadence === null || cadence < DAY_MS) return null;
  const regular = intervals.filter((v) => Math.abs(v - cadence) <= IMPLICIT_TOLERANCE * cadence);
  return regular.length >= IMPLICIT_REGULAR_SHARE * intervals.length ? roundCadence(cadence) : null;
}

/** Whole days from two days up: a weekly series crossing daylight saving stays 7 days. */
function roundCadence(ms: number): number {
  return ms >= 2 * DAY_MS ? Math.round(ms / DAY_MS) * DAY_MS : ms;
}

function seriesCadence(instances: readonly RelationshipMeeting[]): number | null {
  const intervals: number[] = [];
  for (let i = 1; i < instances.length; i++) {
    const gap =
      slotOf(instances[i] as RelationshipMeeting) - slotOf(instances[i - 1] as RelationshipMeeting);
    if (gap > 0) intervals.push(gap);
  }
  const cadence = median(intervals);
  return cadence === null ? null : roundCadence(cadence);
}

export function summariseSeries(
  kind: SeriesSummary['kind'],
  seriesId: string,
  instances: readonly RelationshipMeeting[],
  now: number,
): SeriesSummary {
  const live = instances.filter((m) => m.status !== 'cancelled');
  const held = live.filter((m) => m.start <= now);
  const cadence = seriesCadence(instances);
  const attendance = attendanceOf(held);
  const latest = held[held.length - 1] ?? instances[instances.length - 1];
  return {
    seriesId,
    kind,
    title: latest?.title ?? '',
    occurrences: instances.length,
    held: held.length,
    upcoming: live.length - held.length,
    cancelled: instances.length - live.length,
    moved: countMoved(instances, cadence),
    skipped: countSkipped(instances, cadence, now),
    cadenceDays: cadence === null ? null : round1(cadence / DAY_MS),
    firstStart: Math.min(...instances.map((m) => m.start)),
    lastStart: Math.max(...instances.map((m) => m.start)),
    durationDrift: {
      firstMinutes: median(held.slice(0, 3).map(durationMinutes)),
      lastMinutes: median(held.slice(-3).map(durationMinutes)),
      trend: durationTrend(held),
    },
    attendance,
    stoppedComing: attendance.filter((a) => a.stoppedComing).map((a) => a.email),
  };
}

function countSkipped(
  instances: readonly RelationshipMeeting[],
  cadence: number | null,
  now: number,
): number {
  if (cadence === null) return 0;
  let skipped = 0;
  for (let i = 1; i < instances.length; i++) {
    const slot = slotOf(instances[i] as RelationshipMeeting);
    if (slot > now) break;
    const gap = slot - slotOf(instances[i - 1] as RelationshipMeeting);
    skipped += Math.max(0, Math.round(gap / cadence) - 1);
  }
  return skipped;
}

function countMoved(instances: readonly RelationshipMeeting[], cadence: number | null): number {
  let moved = 0;
  instances.forEach((instance, i) => {
    if (instance.status === 'cancelled') return;
    if (instance.originalStart !== null) {
      if (Math.abs(instance.start - instance.originalStart) > TOLERANCE_MS) moved += 1;
      return;
    }
    if (cadence !== null && instances.length >= 3 && offItsSlot(instances, i, cadence)) moved += 1;
  });
  return moved;
}

const timeOfDay = (at: number) => ((at % DAY_MS) + DAY_MS) % DAY_MS;
const weekday = (at: number) => Math.floor(at / DAY_MS) % 7;

/** Whether instance i disagrees with most of its nearest instances on time of day or weekday. */
function offItsSlot(
  instances: readonly RelationshipMeeting[],
  i: number,
  cadence: number,
): boolean {
  const weekly = cadence % WEEK_MS === 0;
  const own = (instances[i] as RelationshipMeeting).start;
  let neighbours = 0;
  let agree = 0;
  for (let j = Math.max(0, i - 2); j <= Math.min(instances.length - 1, i + 2); j++) {
    if (j === i) continue;
    const other = (instances[j] as RelationshipMeeting).start;
    neighbours += 1;
    const clock = Math.abs(timeOfDay(own) - timeOfDay(other));
    const sameTime = Math.min(clock, DAY_MS - clock) <= TOLERANCE_MS;
    if (sameTime && (!weekly || weekday(own) === weekday(other))) agree += 1;
  }
  return agree * 2 < neighbours;
}

type AttendanceRow = SeriesAttendee & { attendedAt: number[] };

function attendanceOf(held: readonly RelationshipMeeting[]): SeriesAttendee[] {
  const people = new Map<string, AttendanceRow>();
  held.forEach((meeting, index) => {
    for (const person of meeting.externalPeople) count(people, person, false, meeting.start, index);
    for (const person of meeting.internalPeople) count(people, person, true, meeting.start, index);
  });
  const cutoff = held.length - STOPPED_AFTER_OCCURRENCES;
  return [...people.values()]
    .map(({ attendedAt, ...row }) => ({
      ...row,
      stoppedComing:
        cutoff >= 2 &&
        attendedAt.filter((index) => index < cutoff).length >= 2 &&
        attendedAt.every((index) => index < cutoff),
    }))
    .sort((a, b) => Number(a.internal) - Number(b.internal) || compareText(a.email, b.email));
}

function count(
  people: Map<string, AttendanceRow>,
  person: { email: string; responseStatus: SeriesAttendeeStatus },
  internal: boolean,
  start: number,
  index: number,
): void {
  const email = person.email.toLowerCase();
  let row = people.get(email);
  if (!row) {
    row = {
      email,
      internal,
      invited: 0,
      accepted: 0,
      declined: 0,
      tentative: 0,
      attended: 0,
      lastAttended: null,
      stoppedComing: false,
      attendedAt: [],
    };
    people.set(email, row);
  }
  row.invited += 1;
  if (person.responseStatus === 'accepted') row.accepted += 1;
  if (person.responseStatus === 'tentative') row.tentative += 1;
  if (person.responseStatus === 'declined') row.declined += 1;
  else {
    row.attended += 1;
    row.lastAttended = start;
    row.attendedAt.push(index);
  }
}
