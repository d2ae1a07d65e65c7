/**
 * All conflicts of a set of events, per person: duplicates first (each meeting then counts once),
 * then overlaps and travel among one copy of each meeting. Works on any subset of events (the
 * service passes one person's events in a window around a change) and gives the same answer
 * whatever the input order.
 */
import { busyRangeOf } from './availability.js';
import { blocksTime } from './blocking.js';
import { makeConflict, quote } from './conflict.js';
import { findDuplicates, sharedCopies, type DuplicateCluster } from './duplicates.js';
import { overlapConflicts } from './overlaps.js';
import { isReleasableHold } from './people.js';
import type { PlaceContext } from './places.js';
import { officePlaces } from './places.js';
import { meetingPriority, type Priority } from './priority.js';
import type { ConflictSettings } from './settings.js';
import { merge, type SuggestionContext } from './suggestions.js';
import { travelConflicts } from './travel.js';
import type { Availability, BusyRange, Conflict, ConflictEvent } from './types.js';

export function detectConflicts(
  events: readonly ConflictEvent[],
  settings: ConflictSettings,
  availability: Availability,
  now: number,
): Conflict[] {
  const priorities = new Map<ConflictEvent, Priority>();
  const priorityOf = (event: ConflictEvent) => {
    let priority = priorities.get(event);
    if (!priority) priorities.set(event, (priority = meetingPriority(event, settings)));
    return priority;
  };
  const conflicts: Conflict[] = [];
  for (const [owner, list] of byOwner(events)) {
    const clusters = findDuplicates(list);
    // A meeting counts once: the copy kept of a duplicate, and never a colleague's shared copy
    // of a meeting the owner has on their own calendar.
    const extra = new Set([...clusters.flatMap((c) => c.copies.slice(1)), ...sharedCopies(list)]);
    const meetings = list.filter((e) => !extra.has(e));
    const context: SuggestionContext = {
      settings,
      availability,
      now,
      ownerBusy: busyOf(meetings, settings),
      priorityOf,
    };
    const places = placeContext(owner, settings);
    conflicts.push(
      ...clusters.map((cluster) => duplicateConflict(cluster, context)),
      ...overlapConflicts(meetings, context, places),
      ...travelConflicts(meetings, context, places),
    );
  }
  return conflicts.sort(
    (a, b) =>
      compare(a.owner, b.owner) || a.start - b.start || a.end - b.end || compare(a.key, b.key),
  );
}

/** Each person's events in (start, end, id) order, people in order. */
function byOwner(events: readonly ConflictEvent[]): Array<[string, ConflictEvent[]]> {
  const owners = new Map<string, ConflictEvent[]>();
  for (const event of events) {
    const list = owners.get(event.owner);
    if (list) list.push(event);
    else owners.set(event.owner, [event]);
  }
  for (const list of owners.values())
    list.sort((a, b) => a.start - b.start || a.end - b.end || compare(a.id, b.id));
  return [...owners].sort((a, b) => compare(a[0], b[0]));
}

function busyOf(events: readonly ConflictEvent[], settings: ConflictSettings): BusyRange[] {
  return events
    .filter(blocksTime)
    .map((event) =>
      isReleasableHold(event, settings)
        ? { ...busyRangeOf(event), hold: true }
        : busyRangeOf(event),
    );
}

function placeContext(owner: string, settings: ConflictSettings): PlaceContext {
  const ownerZone = settings.timeZoneOf(owner);
  // Only looked up when a place is read: the gazetteer loads on first use.
  let homeCountries: Set<string> | null = null;
  const home = (): Set<string> => {
    if (!homeCountries) {
      homeCountries = new Set<string>();
      for (const office of officePlaces(settings))
        if (office.place?.country) homeCountries.add(office.place.country);
      const zoneCountry = ownerZone ? settings.gazetteer.countryOfZone(ownerZone) : null;
      if (zoneCountry) homeCountries.add(zoneCountry);
    }
    return homeCountries;
  };
  return {
    ownerZone,
    get homeCountries() {
      return home();
    },
  };
}

function duplicateConflict(cluster: DuplicateCluster, context: SuggestionContext): Conflict {
  const copies = cluster.copies;
  const first = copies[0] as ConflictEvent;
  const calendars = new Set(copies.map((c) => c.calendarId).filter(Boolean));
  const names = [...new Set(copies.map((c) => c.calendarName).filter(Boolean))] as string[];
  // Told by what the owner sees (the calendars' names), never by the UID or other ids.
  const named = names.length === calendars.size ? `: ${listed(names)}` : '';
  const where =
    calendars.size > 1 && calendars.size === copies.length
      ? `on ${copies.length} of your calendars${named}`
      : calendars.size > 1
        ? `on ${calendars.size} of your calendars ${copies.length} times${named}`
        : `on your calendar ${copies.length} times${names.length === 1 ? ` (${names[0]})` : ''}`;
  const reasons = [
    cluster.by.has('uid')
      ? `the same meeting is ${where}`
      : `${quote(first)} is ${where}, with the same title, time and attendees`,
  ];
  const blocking = copies.filter(blocksTime).length;
  if (blocking > 1) reasons.push(`${blocking} copies mark the time busy`);
  return makeConflict('duplicate', copies, context, {
    start: Math.min(...copies.map((c) => c.start)),
    end: Math.max(...copies.map((c) => c.end)),
    severity: blocking > 1 ? 'medium' : 'low',
    reasons,
    suggestions: merge(copies, 'the same meeting twice'),
    autoResolvable: true,
  });
}

/** "A", "A and B", "A, B and C". */
function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
