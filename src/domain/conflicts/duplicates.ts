/**
 * The same meeting twice on one person's calendars: copies with the same iCalendar UID and the
 * same start (a recurring series shares its UID, so the start tells instances apart), or with
 * the same title, start, end and attendees (the same invitation imported twice, a copy from
 * another provider without the UID). Cancelled copies are not meetings and are left out. Copies
 * are joined transitively: one cluster, one `duplicate` conflict, one copy to keep.
 *
 * Only the owner's own calendars are looked at: a copy on a colleague's calendar shared with the
 * owner is that colleague's, not a second booking of the owner's to merge. It stands for the
 * same meeting, though: `sharedCopies` names those to leave out, so that the meeting counts once
 * (as the owner's own copy) when overlaps and travel are found.
 */
import { blocksTime, isOrganisedByOwner } from './blocking.js';
import { isCalendarLocalUid } from '../ical/made-up-uid.js';
import { looksLikeResource } from '../matching/addresses.js';
import { isOnOwnCalendar } from './people.js';
import type { ConflictEvent } from './types.js';

export interface DuplicateCluster {
  /** The copy to keep (see keepFirst), then the others by id. */
  copies: ConflictEvent[];
  /** What joined them: 'uid' and/or 'signature'. */
  by: Set<'uid' | 'signature'>;
}

/** Clusters of two or more copies among one person's events on their own calendars. */
export function findDuplicates(all: readonly ConflictEvent[]): DuplicateCluster[] {
  const events = all.filter(isOnOwnCalendar);
  const parent = events.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const joinedBy = new Map<number, Set<'uid' | 'signature'>>();
  const firstWithKey = new Map<string, number>();
  const join = (key: string, i: number, how: 'uid' | 'signature') => {
    const first = firstWithKey.get(key);
    if (first === undefined) {
      firstWithKey.set(key, i);
      return;
    }
    const [a, b] = [find(first), find(i)];
    const hows = new Set([...(joinedBy.get(a) ?? []), ...(joinedBy.get(b) ?? []), how]);
    parent[b] = a;
    joinedBy.set(a, hows);
  };
  events.forEach((event, i) => {
    if (event.status === 'cancelled') return;
    for (const [how, key] of keysOf(event)) join(key, i, how);
  });
  const clusters = new Map<number, ConflictEvent[]>();
  events.forEach((event, i) => {
    if (event.status === 'cancelled') return;
    const root = find(i);
    const list = clusters.get(root);
    if (list) list.push(event);
    else clusters.set(root, [event]);
  });
  const found: DuplicateCluster[] = [];
  for (const [root, copies] of clusters) {
    if (copies.length < 2) continue;
    found.push({ copies: keepFirst(copies), by: joinedBy.get(root) ?? new Set() });
  }
  return found.sort((a, b) => compareEvents(a.copies[0], b.copies[0]));
}

/**
 * The copies on calendars shared with the owner (not their own) of a meeting already counted: one
 * on the owner's own calendars, or another shared copy (the one keepFirst prefers stays).
 */
export function sharedCopies(events: readonly ConflictEvent[]): ConflictEvent[] {
  const live = events.filter((e) => e.status !== 'cancelled');
  const seen = new Set<string>();
  for (const event of live.filter(isOnOwnCalendar))
    for (const [, key] of keysOf(event)) seen.add(key);
  const copies: ConflictEvent[] = [];
  for (const event of keepFirst(live.filter((e) => !isOnOwnCalendar(e)))) {
    const keys = keysOf(event).map(([, key]) => key);
    if (keys.some((key) => seen.has(key))) copies.push(event);
    for (const key of keys) seen.add(key);
  }
  return copies;
}

/**
 * What makes two events copies: the same UID and start, or the same signature. A UID the ICS
 * parser made up from an event's content alone (isCalendarLocalUid) is left out: another file
 * gives it to an unrelated event with the same start, summary and organiser.
 */
function keysOf(event: ConflictEvent): Array<['uid' | 'signature', string]> {
  const keys: Array<['uid' | 'signature', string]> = [];
  const uid = event.iCalUid;
  if (uid && !isCalendarLocalUid(uid)) keys.push(['uid', `uid\u0000${uid}\u0000${event.start}`]);
  keys.push(['signature', `sig\u0000${signature(event)}`]);
  return keys;
}

function compareEvents(a: ConflictEvent | undefined, b: ConflictEvent | undefined): number {
  if (!a || !b) return 0;
  return a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Same title (case and spacing aside), start, end and people (rooms aside). Rooms are guessed
 * broadly here, by name in any domain: copies of one meeting list the same people, so the guess
 * cannot split them, and one copy that flags its room where another does not still matches.
 */
function signature(event: ConflictEvent): string {
  const people = event.attendees
    .filter((a) => a.resource !== true && !looksLikeResource(a.email))
    .map((a) => a.email.trim().toLowerCase())
    .sort();
  const title = event.title.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${event.start}\u0000${event.end}\u0000${title}\u0000${[...new Set(people)].join(',')}`;
}

/**
 * The copy to keep first: one that blocks time (so that removing the others frees nothing that
 * was really busy), confirmed, the owner's own or the organiser's invitation, with a conferencing
 * link or a location, with more attendees; then the smallest id, so the choice is stable.
 */
function keepFirst(copies: ConflictEvent[]): ConflictEvent[] {
  const rank = (e: ConflictEvent) => [
    blocksTime(e) ? 0 : 1,
    e.status === 'confirmed' ? 0 : 1,
    isOrganisedByOwner(e) ? 0 : 1,
    e.conferenceUrl ? 0 : 1,
    e.location ? 0 : 1,
    -e.attendees.length,
  ];
  return [...copies].sort((a, b) => {
    const x = rank(a);
    const y = rank(b);
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] as number) - (y[i] as number);
      if (d !== 0) return d;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
