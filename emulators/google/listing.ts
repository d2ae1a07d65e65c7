/**
 * What events.list returns before paging: the calendar's items for a full listing (filters of
 * contract §1.1) or for an incremental one (everything changed since a sync token's sequence
 * number, deletions included). The two views are described in calendar-store.ts.
 */
import type { CalendarStore } from './calendar-store.js';
import { cancelledInstance, tombstone } from './event-fields.js';
import type { ListQuery } from './list-query.js';
import { instantOf } from './times.js';
import type { GoogleEvent } from './types.js';

interface Listable {
  item: GoogleEvent;
  live: boolean;
  /** A cancelled instance of a live series: listed even without showDeleted (singleEvents=false). */
  alwaysShown: boolean;
  startMs: number;
  endMs: number;
  updatedMs: number;
  seq: number;
}

export type ListFilter = Pick<
  ListQuery,
  | 'singleEvents'
  | 'showDeleted'
  | 'orderBy'
  | 'timeMin'
  | 'timeMax'
  | 'updatedMin'
  | 'q'
  | 'iCalUID'
  | 'eventTypes'
  | 'privateExtendedProperty'
  | 'sharedExtendedProperty'
  | 'maxAttendees'
>;

/** A full listing: what events.list without a sync token returns across all its pages. */
export function fullListing(cal: CalendarStore, filter: ListFilter): GoogleEvent[] {
  const showCancelled = filter.showDeleted === true || filter.updatedMin !== undefined;
  const kept = listables(cal, filter.singleEvents).filter(
    (l) => (l.live || l.alwaysShown || showCancelled) && matches(l, filter),
  );
  return ordered(kept, filter.orderBy).map((l) => shown(l.item, filter.maxAttendees));
}

/** An incremental listing: every item changed after `sinceSeq`, deletions included. */
export function changesSince(
  cal: CalendarStore,
  sinceSeq: number,
  filter: Pick<ListFilter, 'singleEvents' | 'eventTypes' | 'maxAttendees'>,
): GoogleEvent[] {
  const kept = listables(cal, filter.singleEvents).filter(
    (l) => l.seq > sinceSeq && (!l.live || typeMatches(l.item, filter.eventTypes)),
  );
  return kept
    .sort((a, b) => a.seq - b.seq || compareIds(a.item.id, b.item.id))
    .map((l) => shown(l.item, filter.maxAttendees));
}

function listables(cal: CalendarStore, singleEvents: boolean): Listable[] {
  if (singleEvents) {
    return [...cal.instances.values()].map((e) => ({ ...e, alwaysShown: false }));
  }
  return [...cal.records.values()].map(({ event, seq }) => {
    const live = event.status !== 'cancelled';
    const master = event.recurringEventId;
    const exceptionOfLiveSeries = Boolean(master && cal.isLiveMaster(master));
    const span = event.recurrence?.length ? cal.spans.get(event.id) : undefined;
    const zone = cal.info.timeZone;
    const startMs = span?.startMs ?? instantOf(live ? event.start : event.originalStartTime, zone);
    return {
      item: live ? event : exceptionOfLiveSeries ? cancelledInstance(event) : tombstone(event),
      live,
      alwaysShown: !live && exceptionOfLiveSeries,
      startMs: Number.isNaN(startMs) ? instantOf(event.start, zone) : startMs,
      endMs: span?.endMs ?? instantOf(event.end ?? event.originalStartTime, zone),
      updatedMs: Date.parse(event.updated ?? '') || 0,
      seq,
    };
  });
}

function matches(l: Listable, f: ListFilter): boolean {
  if (f.timeMin !== undefined && !(l.endMs > f.timeMin)) return false;
  if (f.timeMax !== undefined && !(l.startMs < f.timeMax)) return false;
  if (f.updatedMin !== undefined && l.updatedMs < f.updatedMin) return false;
  if (f.iCalUID !== undefined && l.item.iCalUID !== f.iCalUID) return false;
  if (!l.live) return true;
  return (
    typeMatches(l.item, f.eventTypes) &&
    textMatches(l.item, f.q) &&
    propertiesMatch(l.item.extendedProperties?.private, f.privateExtendedProperty) &&
    propertiesMatch(l.item.extendedProperties?.shared, f.sharedExtendedProperty)
  );
}

function typeMatches(event: GoogleEvent, types: string[]): boolean {
  return types.length === 0 || types.includes(event.eventType ?? 'default');
}

/** Free text: every word must appear in the title, description, location or a person. */
function textMatches(event: GoogleEvent, q: string | undefined): boolean {
  if (!q) return true;
  const people = [event.organizer, event.creator, ...(event.attendees ?? [])];
  const text = [
    event.summary,
    event.description,
    event.location,
    ...people.flatMap((p) => [p?.email, p?.displayName]),
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** `name=value` constraints on extendedProperties, all of which must hold. */
function propertiesMatch(props: Record<string, string> | undefined, wanted: string[]): boolean {
  return wanted.every((pair) => {
    const at = pair.indexOf('=');
    return at > 0 && props?.[pair.slice(0, at)] === pair.slice(at + 1);
  });
}

function ordered(list: Listable[], orderBy: ListFilter['orderBy']): Listable[] {
  const key = (l: Listable) => (orderBy === 'updated' ? l.updatedMs : l.startMs) || 0;
  return list.sort((a, b) => key(a) - key(b) || compareIds(a.item.id, b.item.id));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The item as sent: maxAttendees cuts the list and says so with attendeesOmitted. */
function shown(item: GoogleEvent, maxAttendees: number | undefined): GoogleEvent {
  if (!maxAttendees || !item.attendees || item.attendees.length <= maxAttendees) return item;
  return { ...item, attendees: item.attendees.slice(0, maxAttendees), attendeesOmitted: true };
}
