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
 * Quotes for the events of one conflict, so that no two read the same: an event whose title
 * another one shares is told by its calendar's name as well ("Demo" on ICS calendar 'Trips').
 */
export function quoterFor(events: readonly ConflictEvent[]): (event: ConflictEvent) => string {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(quote(event), (counts.get(quote(event)) ?? 0) + 1);
  return (event) =>
    (counts.get(quote(event)) ?? 0) > 1 && event.calendarName
      ? `${quote(event)} on ${event.calendarName}`
      : quote(event);
}
