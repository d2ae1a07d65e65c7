/**
 * An account's meetings put in order: one per id, sorted by start then id (so that the input's
 * order never matters), the sales meetings split into past and upcoming, and copies of one
 * meeting from several calendars (same start, end and title) merged into one. Of the past ones,
 * those that every external person invited declined were not held: nobody of the account took
 * part, so they are no touchpoint (first and last meeting, new, dormant, cadence, trends), though
 * the timeline shows them and the declines-rising rule reads them.
 */
import type {
  ExternalPerson,
  FunnelType,
  InternalPerson,
  MeetingType,
  RelationshipMeeting,
  TypeProgression,
} from './model.js';
import { personKey } from './address-book.js';
import { FUNNEL_TYPES } from './model.js';
import { compact } from './compact.js';

export interface OrderedMeetings {
  /** Every meeting of the account (sales or not, any status), one per id, in order. */
  all: readonly RelationshipMeeting[];
  /** Sales meetings, not cancelled, started by `now`; copies merged. */
  past: RelationshipMeeting[];
  /** The past ones some external person took part in (tookPlace); `past` itself when all. */
  held: RelationshipMeeting[];
  /** Sales meetings, not cancelled, starting after `now`; copies merged. */
  upcoming: RelationshipMeeting[];
  /** held, then upcoming (the timeline). */
  sales: RelationshipMeeting[];
}

/** A total order on meetings: start, then id, then the fields that could still differ. */
export function compareMeetings(a: RelationshipMeeting, b: RelationshipMeeting): number {
  return (
    a.start - b.start ||
    compareText(a.id, b.id) ||
    a.end - b.end ||
    compareText(a.status, b.status) ||
    compareText(a.title, b.title) ||
    Number(b.isSalesMeeting) - Number(a.isSalesMeeting)
  );
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function orderMeetings(
  meetings: readonly RelationshipMeeting[],
  now: number,
): OrderedMeetings {
  const all = withoutRepeatedIds(
    inOrder(meetings) ? meetings : [...meetings].sort(compareMeetings),
  );
  const sales: RelationshipMeeting[] = [];
  for (const meeting of all) {
    if (!meeting.isSalesMeeting || meeting.status === 'cancelled') continue;
    const copyOf = earlierCopy(sales, meeting);
    if (copyOf < 0) sales.push(meeting);
    else sales[copyOf] = mergeCopy(sales[copyOf] as RelationshipMeeting, meeting);
  }
  const { past, upcoming, sales: timeline } = splitAtNow(sales, now);
  return { all, past, held: heldOf(past), upcoming, sales: timeline };
}

/**
 * Whether a past sales meeting was held: some external person invited did not decline, or none
 * is listed (then nobody is known to have declined). MeetingFactsBuilder applies the same rule.
 */
export function tookPlace(meeting: RelationshipMeeting): boolean {
  const external = meeting.externalPeople;
  for (let i = 0; i < external.length; i++)
    if ((external[i] as ExternalPerson).responseStatus !== 'declined') return true;
  return external.length === 0;
}

/**
 * The start of the first booked sales meeting among the upcoming ones (sorted by start): one
 * that not every external person invited has declined (tookPlace's rule ahead of time: a
 * follow-up the account has turned down is not booked with it); null when there is none. The
 * stage rules count it as contact when it is near enough (definitions.ts BOOKED_HORIZON_DAYS).
 */
export function firstBooked(upcoming: readonly RelationshipMeeting[]): number | null {
  for (const meeting of upcoming) if (tookPlace(meeting)) return meeting.start;
  return null;
}

/** The past meetings that were held; `past` itself (no copy) when all of them were. */
function heldOf(past: RelationshipMeeting[]): RelationshipMeeting[] {
  for (const meeting of past) if (!tookPlace(meeting)) return past.filter(tookPlace);
  return past;
}

/**
 * Whether the meetings are in order already (a store reads them by start): a stable sort would
 * leave them as they are, so the sort and its copy are skipped.
 */
function inOrder(meetings: readonly RelationshipMeeting[]): boolean {
  for (let i = 1; i < meetings.length; i++)
    if (
      compareMeetings(meetings[i - 1] as RelationshipMeeting, meetings[i] as RelationshipMeeting) >
      0
    )
      return false;
  return true;
}

/** The first meeting of each id (sorted input); the input itself when ids do not repeat. */
function withoutRepeatedIds(
  sorted: readonly RelationshipMeeting[],
): readonly RelationshipMeeting[] {
  const ids = new Set<string>();
  for (const meeting of sorted) ids.add(meeting.id);
  if (ids.size === sorted.length) return sorted;
  ids.clear();
  const unique: RelationshipMeeting[] = [];
  for (const meeting of sorted) {
    if (ids.has(meeting.id)) continue;
    ids.add(meeting.id);
    unique.push(meeting);
  }
  return unique;
}

/**
 * Past and upcoming sales meetings. Sorted by start, the past ones come first and the timeline
 * is `sales` itself; a start that is not a number (no order) falls back to filtering.
 */
function splitAtNow(
  sales: RelationshipMeeting[],
  now: number,
): Pick<OrderedMeetings, 'past' | 'upcoming' | 'sales'> {
  let heldCount = 0;
  while (heldCount < sales.length && (sales[heldCount] as RelationshipMeeting).start <= now)
    heldCount++;
  let prefix = true;
  for (let i = heldCount; i < sales.length && prefix; i++)
    prefix = (sales[i] as RelationshipMeeting).start > now;
  if (prefix) return { past: sales.slice(0, heldCount), upcoming: sales.slice(heldCount), sales };
  const past = sales.filter((m) => m.start <= now);
  const upcoming = sales.filter((m) => m.start > now);
  return { past, upcoming, sales: past.concat(upcoming) };
}

function copyKey(meeting: RelationshipMeeting): string {
  return `${meeting.start}|${meeting.end}|${meeting.title.trim().toLowerCase()}`;
}

/** Copies of one meeting merged: the first copy's id and fields, the people of both. */
export function mergeCopy(
  first: RelationshipMeeting,
  copy: RelationshipMeeting,
): RelationshipMeeting {
  return {
    ...first,
    externalPeople: unionPeople(first.externalPeople, copy.externalPeople),
    internalPeople: unionPeople(first.internalPeople, copy.internalPeople),
  };
}

/** The index of a merged meeting `meeting` is a copy of (same start, end and title), or -1. */
function earlierCopy(merged: readonly RelationshipMeeting[], meeting: RelationshipMeeting): number {
  // Copies share their start: only the meetings that start together are compared.
  for (let i = merged.length - 1; i >= 0; i--) {
    const other = merged[i] as RelationshipMeeting;
    if (other.start !== meeting.start) return -1;
    if (other.end === meeting.end && copyKey(other) === copyKey(meeting)) return i;
  }
  return -1;
}

/** People of both copies, by person (personKey); a known response beats `needsAction` or none. */
function unionPeople<T extends ExternalPerson | InternalPerson>(
  first: readonly T[],
  second: readonly T[],
): T[] {
  const byEmail = new Map(first.map((p) => [personKey(p.email), p]));
  for (const person of second) {
    const key = personKey(person.email);
    const known = byEmail.get(key);
    if (!known) byEmail.set(key, person);
    else if (!informative(known.responseStatus) && informative(person.responseStatus))
      byEmail.set(key, { ...known, responseStatus: person.responseStatus });
  }
  return [...byEmail.values()];
}

function informative(status: ExternalPerson['responseStatus']): boolean {
  return status !== null && status !== 'needsAction';
}

const FUNNEL_RANK = new Map<MeetingType, number>(FUNNEL_TYPES.map((type, rank) => [type, rank]));

/** A type's place in the funnel (0: discovery ... 3: closing); undefined off the funnel. */
const funnelRank = (type: MeetingType) => FUNNEL_RANK.get(type);
const funnelTypeAt = (rank: number) => (FUNNEL_TYPES[rank] as FunnelType | undefined) ?? null;

/** Which meeting types came when, and how far down the funnel the account got. */
export function typeProgression(held: readonly RelationshipMeeting[]): TypeProgression {
  const firstSeen: TypeProgression['firstSeen'] = [];
  let furthest = -1;
  let inOrder = true;
  for (const meeting of held) {
    const type = meeting.meetingType;
    if (!type) continue;
    const rank = funnelRank(type);
    if (!seenBefore(firstSeen, type)) {
      firstSeen.push({ type, at: meeting.start });
      if (rank !== undefined && rank < furthest) inOrder = false;
    }
    if (rank !== undefined && rank > furthest) furthest = rank;
  }
  return {
    firstSeen: compact(firstSeen),
    furthest: funnelTypeAt(furthest),
    latest: held[held.length - 1]?.meetingType ?? null,
    inOrder,
  };
}

/** typeProgression's `furthest` alone, without the list of first appearances. */
export function furthestFunnelType(held: readonly RelationshipMeeting[]): FunnelType | null {
  let furthest = -1;
  for (const meeting of held) {
    const rank = meeting.meetingType ? funnelRank(meeting.meetingType) : undefined;
    if (rank !== undefined && rank > furthest) furthest = rank;
  }
  return funnelTypeAt(furthest);
}

/** Whether the type is among those seen (at most six: a scan beats a set per account). */
function seenBefore(firstSeen: TypeProgression['firstSeen'], type: MeetingType): boolean {
  for (const entry of firstSeen) if (entry.type === type) return true;
  return false;
}
