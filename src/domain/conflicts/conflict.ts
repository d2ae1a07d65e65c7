/** Building a Conflict record: its stable key, sorted ids, and the priorities beside it. */
import { createHash } from 'node:crypto';
import type { SuggestionContext } from './suggestions.js';
import type { Conflict, ConflictEvent, ConflictKind } from './types.js';

/**
 * The key a conflict is known by from one pass to the next: its kind, its owner and its events'
 * identities (ConflictEvent.identity, else their ids), in sorted order.
 *
 * Stored keys are made of it (conflicts.conflict_key, rewritten by migration 0026): it must
 * never change; conflict.test.ts pins it.
 */
export function conflictKey(kind: ConflictKind, owner: string, identities: readonly string[]) {
  return `${kind}:${owner}:${sortedIds(identities).join(',')}`;
}

/** The identity a conflict knows an event by (identityOf), when it is not given one. */
export function identityOf(event: Pick<ConflictEvent, 'id' | 'identity'>): string {
  return event.identity ?? event.id;
}

/**
 * An event's identity for conflicts, from the identity of the meeting it holds (the store's
 * meetingIdentity: its UID and original start, else its calendar and provider id): a short hash
 * that holds no comma, so that a key of many events stays short (PostgreSQL indexes a key of at
 * most ~2,700 bytes) and reads back unambiguously. Pinned with conflictKey.
 */
export function conflictIdentity(meetingIdentity: string): string {
  return `m.${createHash('sha256').update(meetingIdentity).digest('base64url').slice(0, 22)}`;
}

export function sortedIds(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function makeConflict(
  kind: ConflictKind,
  events: readonly ConflictEvent[],
  context: SuggestionContext,
  fields: Omit<Conflict, 'key' | 'kind' | 'owner' | 'eventIds' | 'priorities'>,
): Conflict {
  const owner = events[0]?.owner ?? '';
  const eventIds = sortedIds(events.map((e) => e.id));
  const priorities: Record<string, number> = {};
  for (const event of events) priorities[event.id] = context.priorityOf(event).score;
  const key = conflictKey(kind, owner, events.map(identityOf));
  return { key, kind, owner, eventIds, priorities, ...fields };
}

/** Whole minutes, for reasons. */
export function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

export function quote(event: ConflictEvent): string {
  return `"${event.title || '(no title)'}"`;
}

/**
 * Quotes for the events of one conflict, so that no two read the same: events that share a title
 * are told apart by their calendars' names when those differ ("Demo" on ICS calendar 'Trips'),
 * then by their start in `timeZone` ("Demo" at 10:00), and as a last resort numbered ("Demo" #2).
 */
export function quoterFor(
  events: readonly ConflictEvent[],
  timeZone = 'UTC',
): (event: ConflictEvent) => string {
  const byTitle = new Map<string, ConflictEvent[]>();
  for (const event of events) {
    const same = byTitle.get(quote(event));
    if (same) same.push(event);
    else byTitle.set(quote(event), [event]);
  }
  const clock = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  const labels = new Map<ConflictEvent, string>();
  for (const [title, same] of byTitle) {
    const calendars = new Set(same.map((e) => e.calendarName ?? ''));
    let named = same.map((e) =>
      calendars.size > 1 && e.calendarName ? `${title} on ${e.calendarName}` : title,
    );
    named = distinguish(
      named,
      (k, label) => `${label} at ${clock.format((same[k] as ConflictEvent).start)}`,
    );
    named = distinguish(named, (k, label) => `${label} #${k + 1}`);
    same.forEach((event, k) => labels.set(event, named[k] as string));
  }
  return (event) => labels.get(event) ?? quote(event);
}

/** `labels` with each one that is not unique among them extended by `extend`. */
function distinguish(labels: string[], extend: (k: number, label: string) => string): string[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return labels.map((label, k) => ((counts.get(label) ?? 0) > 1 ? extend(k, label) : label));
}
