/**
 * An account's meetings put in order: one per id, sorted by start then id (so that the input's
 * order never matters), the sales meetings split into held and upcoming, and copies of one
 * meeting from several calendars (same start, end and title) merged into one.
 */
import type {
  ExternalPerson,
  FunnelType,
  InternalPerson,
  MeetingType,
  RelationshipMeeting,
  TimelineEntry,
  TypeProgression,
} from './model.js';
import { FUNNEL_TYPES } from './model.js';

export interface OrderedMeetings {
  /** Every meeting of the account (sales or not, any status), one per id, in order. */
  all: RelationshipMeeting[];
  /** Sales meetings, not cancelled, started by `now`; copies merged. */
  held: RelationshipMeeting[];
  /** Sales meetings, not cancelled, starting after `now`; copies merged. */
  upcoming: RelationshipMeeting[];
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
  const sorted = [...meetings].sort(compareMeetings);
  const all: RelationshipMeeting[] = [];
  const ids = new Set<string>();
  for (const meeting of sorted) {
    if (ids.has(meeting.id)) continue;
    ids.add(meeting.id);
    all.push(meeting);
  }
  const sales = mergeCopies(all.filter((m) => m.isSalesMeeting && m.status !== 'cancelled'));
  return {
    all,
    held: sales.filter((m) => m.start <= now),
    upcoming: sales.filter((m) => m.start > now),
  };
}

function copyKey(meeting: RelationshipMeeting): string {
  return `${meeting.start}|${meeting.end}|${meeting.title.trim().toLowerCase()}`;
}

/** Merges copies of one meeting (sorted input); the first copy's id and fields stay. */
function mergeCopies(sorted: RelationshipMeeting[]): RelationshipMeeting[] {
  const merged: RelationshipMeeting[] = [];
  for (const meeting of sorted) {
    const copyOf = earlierCopy(merged, meeting);
    if (copyOf < 0) {
      merged.push(meeting);
      continue;
    }
    const first = merged[copyOf] as RelationshipMeeting;
    merged[copyOf] = {
      ...first,
      externalPeople: unionPeople(first.externalPeople, meeting.externalPeople),
      internalPeople: unionPeople(first.internalPeople, meeting.internalPeople),
    };
  }
  return merged;
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

/** People of both copies, by email; a known response beats `needsAction` or none. */
function unionPeople<T extends ExternalPerson | InternalPerson>(
  first: readonly T[],
  second: readonly T[],
): T[] {
  const byEmail = new Map(first.map((p) => [p.email.toLowerCase(), p]));
  for (const person of second) {
    const key = person.email.toLowerCase();
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

/** The account's sales meetings in order: the held ones, then the upcoming ones. */
export function timelineEntries(ordered: OrderedMeetings): TimelineEntry[] {
  return ordered.held.concat(ordered.upcoming);
}

const FUNNEL_RANK = new Map<MeetingType, number>(FUNNEL_TYPES.map((type, rank) => [type, rank]));

/** Which meeting types came when, and how far down the funnel the account got. */
export function typeProgression(held: readonly RelationshipMeeting[]): TypeProgression {
  const firstSeen: TypeProgression['firstSeen'] = [];
  const seen = new Set<MeetingType>();
  let furthest = -1;
  let inOrder = true;
  for (const meeting of held) {
    const type = meeting.meetingType;
    if (!type) continue;
    const rank = FUNNEL_RANK.get(type);
    if (!seen.has(type)) {
      seen.add(type);
      firstSeen.push({ type, at: meeting.start });
      if (rank !== undefined && rank < furthest) inOrder = false;
    }
    if (rank !== undefined && rank > furthest) furthest = rank;
  }
  return {
    firstSeen,
    furthest: (FUNNEL_TYPES[furthest] as FunnelType | undefined) ?? null,
    latest: held[held.length - 1]?.meetingType ?? null,
    inOrder,
  };
}
