/**
 * The guard against deciding a conflict that is over: once every one of its events has ended
 * there is nothing to move, decline or merge, and a write-back would change a calendar's history.
 */
import { isOver } from '../../domain/conflicts/index.js';
import { AppError } from '../../domain/errors.js';
import type { Scope, Store, StoredConflict, StoredEvent } from '../../store/store.js';

/** Throws `conflict_past` when every event of the conflict has ended at `now`. */
export async function requireNotOver(
  store: Store,
  scope: Scope,
  conflict: StoredConflict,
  now: Date,
): Promise<void> {
  const stored = await store.events.getMany(scope, conflict.eventIds);
  const events = new Map(stored.map((e) => [e.id, e]));
  if (!isOver(eventEndsOf(conflict, events), Date.parse(conflict.end), now.getTime())) return;
  throw new AppError(
    'conflict_past',
    `every event of conflict ${conflict.id} has ended: it is past, and there is nothing left to resolve or dismiss`,
  );
}

/**
 * The ends of the conflict's events as they are now (one moved since the last pass counts where
 * it is): what says whether the conflict is over. Events that are gone have none.
 */
export function eventEndsOf(
  conflict: StoredConflict,
  events: ReadonlyMap<string, StoredEvent>,
): number[] {
  return conflict.eventIds.flatMap((id) => {
    const stored = events.get(id);
    return stored ? [Date.parse(stored.event.end)] : [];
  });
}
