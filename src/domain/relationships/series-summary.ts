/**
 * One series summarised from its instances (sorted by slot, one per slot: onePerSlot), with `now`
 * given:
 * - held: not cancelled, started by `now` and taken part in by some external person invited (or
 *   none is listed), as the account counts a held meeting (timeline.ts tookPlace); upcoming: not
 *   cancelled and later; cancelled: status cancelled, whenever. An occurrence that started but
 *   every external person declined is none of the three;
 * - the slot of an instance is its originalStart when the provider gave one, else its start; the
 *   cadence is the median interval between consecutive slots (whole days from two days up, so
 *   that a daylight-saving hour does not count);
 * - skipped: expected slots at the cadence with no instance at all, between known instances
 *   that are both in the past (a deleted occurrence; a cancelled one is `cancelled`). Two
 *   instances less than half an interval apart hold one slot: one of them was moved (by days,
 *   without an originalStart saying so), and it fills a missing slot next to them (the one an
 *   interval before or after the other instance), which is then not skipped;
 * - moved: a held or upcoming instance more than MOVED_TOLERANCE_MINUTES from its
 *   originalStart; without one, an instance whose time of day (and weekday, for weekly cadences)
 *   agrees with fewer than half of its four nearest instances (two each side; near either end
 *   of the series, the four at that end, as far as there are), after
 *   daylight-saving shifts are taken out: a step of exactly one hour in the UTC time of day
 *   with two instances agreeing before it and two agreeing from it on (the series kept its
 *   local time) is no move, unless the time steps back within CLOCK_SHIFT_MIN_DAYS (then the
 *   instances in between moved); a one-off move is;
 * - attendance: per person over the instances that started, not cancelled (held, or declined by
 *   every external person: those declines are theirs; attended = invited and did not decline),
 *   and who stopped coming: attended twice or more, then none of the last
 *   STOPPED_AFTER_OCCURRENCES of those instances;
 * - duration drift: median duration of the first and last three held instances, and the trend.
 */
import type { Address, AddressBook } from './address-book.js';
import { DAY_MS, STOPPED_AFTER_OCCURRENCES } from './definitions.js';
import type {
  RelationshipMeeting,
  ResponseStatus,
  SeriesAttendee,
  SeriesSummary,
} from './model.js';
import { medianBuffer, medianBy, medianOfBuffer, round1 } from './statistics.js';
import { compareText, mergeCopy, tookPlace } from './timeline.js';
import { durationMinutes, durationTrend } from './trends.js';
import { compact } from './compact.js';
import { whoStoppedComing } from './stopped-coming.js';
import { MOVED_TOLERANCE_MS, offItsSlot, startsWithoutClockShifts } from './series-moves.js';

const slotOf = (m: RelationshipMeeting) => m.originalStart ?? m.start;

export function bySlot(a: RelationshipMeeting, b: RelationshipMeeting): number {
  return slotOf(a) - slotOf(b) || compareText(a.id, b.id);
}

/**
 * A series' instances (sorted by slot) with one per slot. A series on several teammates'
 * calendars has a copy of each occurrence on each (same series and slot, ids of their own):
 * counted apart, every occurrence would count once per calendar, and who stopped coming would
 * look at copies of one occurrence. Copies are merged as the timeline merges copies of a
 * meeting (mergeCopy: the first copy's fields, the people of all, a known response winning);
 * a copy that is not cancelled is preferred as the first, as the occurrence still took place
 * for someone. The instances themselves when no slot repeats (nothing is allocated then).
 */
export function onePerSlot(sorted: RelationshipMeeting[]): RelationshipMeeting[] {
  let repeats = false;
  for (let i = 1; i < sorted.length && !repeats; i++)
    repeats =
      slotOf(sorted[i] as RelationshipMeeting) === slotOf(sorted[i - 1] as RelationshipMeeting);
  if (!repeats) return sorted;
  const merged: RelationshipMeeting[] = [];
  for (const instance of sorted) {
    const last = merged[merged.length - 1];
    if (last === undefined || slotOf(last) !== slotOf(instance)) merged.push(instance);
    else
      merged[merged.length - 1] =
        last.status === 'cancelled' && instance.status !== 'cancelled'
          ? mergeCopy(instance, last)
          : mergeCopy(last, instance);
  }
  return merged;
}

/** Whole days from two days up: a weekly series crossing daylight saving stays 7 days. */
export function roundCadence(ms: number): number {
  return ms >= 2 * DAY_MS ? Math.round(ms / DAY_MS) * DAY_MS : ms;
}

/** One series from its instances (sorted by slot): summariseSeries, or outlineSeries. */
export type SeriesSummariser<T> = (
  kind: SeriesSummary['kind'],
  seriesId: string,
  instances: readonly RelationshipMeeting[],
  now: number,
  book: AddressBook,
) => T;

export function summariseSeries(
  kind: SeriesSummary['kind'],
  seriesId: string,
  instances: readonly RelationshipMeeting[],
  now: number,
  book: AddressBook,
): SeriesSummary {
  const live = instances.filter((m) => m.status !== 'cancelled');
  // Started: what outlineSeries reads too (title, who stopped coming), so the two agree.
  const started = live.filter((m) => m.start <= now);
  const held = started.filter(tookPlace);
  const cadence = seriesCadence(instances);
  const attendance = attendanceOf(started, book);
  return {
    seriesId,
    kind,
    title: seriesTitle(instances, started),
    occurrences: instances.length,
    held: held.length,
    upcoming: live.length - started.length,
    cancelled: instances.length - live.length,
    moved: countMoved(instances, cadence),
    skipped: countSkipped(instances, cadence, now),
    cadenceDays: cadence === null ? null : round1(cadence / DAY_MS),
    firstStart: earliestStart(instances),
    lastStart: latestStart(instances),
    durationDrift: {
      firstMinutes: medianBy(held, 0, Math.min(3, held.length), durationMinutes),
      lastMinutes: medianBy(held, Math.max(0, held.length - 3), held.length, durationMinutes),
      trend: durationTrend(held),
    },
    attendance,
    stoppedComing: stoppedComing(attendance),
  };
}

/** What the account summary reads of a series: summariseSeries' fields of the same names. */
export interface SeriesOutline {
  seriesId: string;
  title: string;
  occurrences: number;
  firstStart: number;
  stoppedComing: string[];
}

/** summariseSeries without the counts, cadence, drift and attendance list it does not need. */
export function outlineSeries(
  _kind: SeriesSummary['kind'],
  seriesId: string,
  instances: readonly RelationshipMeeting[],
  now: number,
  book: AddressBook,
): SeriesOutline {
  const started = instances.filter((m) => m.status !== 'cancelled' && m.start <= now);
  return {
    seriesId,
    title: seriesTitle(instances, started),
    occurrences: instances.length,
    firstStart: earliestStart(instances),
    stoppedComing: whoStoppedComing(started, book),
  };
}

/** The title of the latest instance that started (not cancelled), else of the last instance. */
function seriesTitle(
  instances: readonly RelationshipMeeting[],
  started: readonly RelationshipMeeting[],
): string {
  const latest = started[started.length - 1] ?? instances[instances.length - 1];
  return latest?.title ?? '';
}

function seriesCadence(instances: readonly RelationshipMeeting[]): number | null {
  const intervals = medianBuffer(instances.length);
  let count = 0;
  for (let i = 1; i < instances.length; i++) {
    const gap =
      slotOf(instances[i] as RelationshipMeeting) - slotOf(instances[i - 1] as RelationshipMeeting);
    if (gap > 0) intervals[count++] = gap;
  }
  const cadence = medianOfBuffer(count);
  return cadence === null ? null : roundCadence(cadence);
}

/** Math.min of the starts (NaN if any is NaN, as Math.min says). */
function earliestStart(instances: readonly RelationshipMeeting[]): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const instance of instances) earliest = Math.min(earliest, instance.start);
  return earliest;
}

function latestStart(instances: readonly RelationshipMeeting[]): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const instance of instances) latest = Math.max(latest, instance.start);
  return latest;
}

function stoppedComing(attendance: readonly SeriesAttendee[]): string[] {
  const emails: string[] = [];
  for (const attendee of attendance) if (attendee.stoppedComing) emails.push(attendee.email);
  return compact(emails);
}

function countSkipped(
  instances: readonly RelationshipMeeting[],
  cadence: number | null,
  now: number,
): number {
  if (cadence === null) return 0;
  let skipped = 0;
  // Missing slots of the last gap that no moved instance filled yet, and moved instances (two
  // at one slot) since that gap waiting for a missing slot in the next one.
  let spare = 0;
  let waiting = 0;
  for (let i = 1; i < instances.length; i++) {
    const slot = slotOf(instances[i] as RelationshipMeeting);
    const slots = Math.round((slot - slotOf(instances[i - 1] as RelationshipMeeting)) / cadence);
    if (slots === 0) {
      if (spare > 0) {
        spare -= 1;
        skipped -= 1;
      } else waiting += 1;
      continue;
    }
    const missing = slot > now ? 0 : slots - 1;
    const filled = Math.min(waiting, missing);
    skipped += missing - filled;
    spare = missing - filled;
    waiting = 0;
  }
  return skipped;
}

function countMoved(instances: readonly RelationshipMeeting[], cadence: number | null): number {
  // Only instances without an originalStart are judged by their neighbours' times.
  const byNeighbours =
    cadence !== null && instances.length >= 3 && instances.some((m) => m.originalStart === null);
  const starts = byNeighbours ? startsWithoutClockShifts(instances) : null;
  let moved = 0;
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[i] as RelationshipMeeting;
    if (instance.status === 'cancelled') continue;
    if (instance.originalStart !== null) {
      if (Math.abs(instance.start - instance.originalStart) > MOVED_TOLERANCE_MS) moved += 1;
    } else if (starts !== null && offItsSlot(starts, instances.length, i, cadence as number)) {
      moved += 1;
    }
  }
  return moved;
}

/** A SeriesAttendee being counted: when they attended, by index among the started instances. */
interface AttendanceCount extends Omit<SeriesAttendee, 'stoppedComing'> {
  attendedBeforeCutoff: number;
  lastAttendedIndex: number;
}

/**
 * Attendance per person (mailbox key, see personKey) over the started instances, external people
 * first, then by email.
 */
function attendanceOf(
  started: readonly RelationshipMeeting[],
  book: AddressBook,
): SeriesAttendee[] {
  const { rows, cutoff } = attendanceRows(started, book);
  const attendance: SeriesAttendee[] = [];
  for (const row of rows) {
    if (!row) continue;
    attendance.push({
      email: row.email,
      internal: row.internal,
      invited: row.invited,
      accepted: row.accepted,
      declined: row.declined,
      tentative: row.tentative,
      attended: row.attended,
      lastAttended: row.lastAttended,
      stoppedComing: hasStopped(row, cutoff),
    });
  }
  return compact(attendance.sort(inAttendanceOrder));
}

/** Attendance counted per person (by index in the book), and the cutoff hasStopped reads. */
function attendanceRows(
  started: readonly RelationshipMeeting[],
  book: AddressBook,
): { rows: (AttendanceCount | undefined)[]; cutoff: number } {
  const cutoff = started.length - STOPPED_AFTER_OCCURRENCES;
  const rows: (AttendanceCount | undefined)[] = [];
  for (let index = 0; index < started.length; index++) {
    const meeting = started[index] as RelationshipMeeting;
    for (const person of meeting.externalPeople)
      count(
        rows,
        book.of(person.email),
        person.responseStatus,
        false,
        meeting.start,
        index,
        cutoff,
      );
    for (const person of meeting.internalPeople)
      count(rows, book.of(person.email), person.responseStatus, true, meeting.start, index, cutoff);
  }
  return { rows, cutoff };
}

/**
 * Who stopped coming: attended at least twice before the last STOPPED_AFTER_OCCURRENCES started
 * instances (`cutoff` is where those begin), and none of those.
 */
function hasStopped(row: AttendanceCount, cutoff: number): boolean {
  return cutoff >= 2 && row.attendedBeforeCutoff >= 2 && row.lastAttendedIndex < cutoff;
}

/** External people first, then by email: a total order, as emails are one per row. */
function inAttendanceOrder(
  a: { internal: boolean; email: string },
  b: { internal: boolean; email: string },
): number {
  return Number(a.internal) - Number(b.internal) || compareText(a.email, b.email);
}

function count(
  rows: (AttendanceCount | undefined)[],
  address: Address,
  response: ResponseStatus | null,
  internal: boolean,
  start: number,
  index: number,
  cutoff: number,
): void {
  let row = rows[address.person];
  if (!row) {
    row = {
      email: address.email,
      internal,
      invited: 0,
      accepted: 0,
      declined: 0,
      tentative: 0,
      attended: 0,
      lastAttended: null,
      attendedBeforeCutoff: 0,
      lastAttendedIndex: -1,
    };
    rows[address.person] = row;
  }
  row.invited += 1;
  if (response === 'accepted') row.accepted += 1;
  if (response === 'tentative') row.tentative += 1;
  if (response === 'declined') row.declined += 1;
  else {
    row.attended += 1;
    row.lastAttended = start;
    row.lastAttendedIndex = index;
    if (index < cutoff) row.attendedBeforeCutoff += 1;
  }
}
