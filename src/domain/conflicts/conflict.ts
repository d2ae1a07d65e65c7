/** Building a Conflict record: its stable key, sorted ids, and the priorities beside it. */
import type { SuggestionContext } from './suggestions.js';
import type { Conflict, ConflictEvent, ConflictKind } from './types.js';

export function conflictKey(kind: ConflictKind, owner: string, eventIds: readonly string[]) {
  return `${kind}:${owner}:${sortedIds(eventIds).join(',')}`;
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
  return { key: conflictKey(kind, owner, eventIds), kind, owner, eventIds, priorities, ...fields };
}

/** Whole minutes, for reasons. */
export function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

export function quote(event: ConflictEvent): string {
  return `"${event.title || '(no title)'}"`;
}
