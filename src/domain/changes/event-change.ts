/**
 * What changed about one event between two syncs, as the change log records it and the API shows
 * it. One event's change may be several entries (rescheduled and an attendee added, say).
 */
import type { ResponseStatus } from '../event.js';

export const CHANGE_KINDS = [
  'created',
  'updated',
  'rescheduled',
  'cancelled',
  'deleted',
  'attendee_added',
  'attendee_removed',
  'response_changed',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * Normalised fields whose change is reported in an `updated` entry. Times, a cancellation and
 * attendees joining, leaving or answering have kinds of their own; `attendees` is listed here
 * only when an attendee who stayed changed otherwise (name, optional, resource). etag, updatedAt
 * and sequence are bookkeeping, never a change a person sees.
 */
export const UPDATED_FIELDS = [
  'title',
  'description',
  'location',
  'conferenceUrl',
  'timeZone',
  'status',
  'transparency',
  'organizer',
  'attendees',
  'iCalUid',
  'seriesId',
  'originalStart',
] as const;
export type UpdatedField = (typeof UPDATED_FIELDS)[number];

/** When an event takes place: what a `rescheduled` entry carries before and after. */
export interface EventTimes {
  start: string;
  end: string;
  allDay: boolean;
  startDate: string | null;
  endDate: string | null;
}

export type EventChange =
  | { kind: 'created' }
  | { kind: 'updated'; fields: UpdatedField[] }
  | { kind: 'rescheduled'; previous: EventTimes; current: EventTimes }
  | { kind: 'cancelled' }
  /** What was removed, since the event itself can no longer be read. */
  | { kind: 'deleted'; title: string; start: string; end: string }
  | { kind: 'attendee_added'; email: string }
  | { kind: 'attendee_removed'; email: string }
  | { kind: 'response_changed'; email: string; from: ResponseStatus; to: ResponseStatus };

/** How many entries of each kind a sync recorded. */
export type ChangeCounts = Record<ChangeKind, number>;

/** Counts with every kind at zero. */
export function emptyChangeCounts(): ChangeCounts {
  return {
    created: 0,
    updated: 0,
    rescheduled: 0,
    cancelled: 0,
    deleted: 0,
    attendee_added: 0,
    attendee_removed: 0,
    response_changed: 0,
  };
}

/** Adds `more` into `total`, kind by kind, and returns `total`. */
export function addChangeCounts(total: ChangeCounts, more: Readonly<ChangeCounts>): ChangeCounts {
  for (const kind of CHANGE_KINDS) total[kind] += more[kind];
  return total;
}

/** The kinds that occurred, most frequent first, as "2 created, 1 attendee removed" ("none"). */
export function summariseChangeCounts(counts: Readonly<ChangeCounts>): string {
  const parts = CHANGE_KINDS.filter((kind) => counts[kind] > 0)
    .sort((a, b) => counts[b] - counts[a])
    .map((kind) => `${counts[kind]} ${kind.replace('_', ' ')}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
