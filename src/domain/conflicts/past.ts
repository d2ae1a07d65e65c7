/**
 * When a conflict stops being work to do. A conflict is about its events: once every one of them
 * has ended, nothing can be moved, shortened, declined or merged any more, so an undecided
 * conflict is `past`, not `open`. This is judged when the conflict is read, from its events'
 * ends and the instant given, rather than stored: time passing changes no row, so a stored state
 * would need a sweep to stay true and would be wrong between sweeps.
 */

/** The statuses a conflict is stored with (decisions and the calendar's clearing). */
export type StoredConflictStatus = 'open' | 'resolved' | 'dismissed' | 'cleared';

/** What a reader is told: an open conflict whose events have all ended is `past`. */
export type ConflictState = StoredConflictStatus | 'past';

/**
 * Whether every event has ended at `now` (epoch ms; an end is exclusive, so an event ending at
 * `now` has ended). With no event ends known (its events are gone), the conflict's own end
 * (`fallbackEnd`) is judged instead.
 */
export function isOver(eventEnds: readonly number[], fallbackEnd: number, now: number): boolean {
  const ends = eventEnds.filter((end) => Number.isFinite(end));
  const last = ends.length > 0 ? Math.max(...ends) : fallbackEnd;
  return last <= now;
}

/** The state a conflict stored with `status` is in at `now`: only an open one can be past. */
export function conflictStateAt(
  status: StoredConflictStatus,
  eventEnds: readonly number[],
  fallbackEnd: number,
  now: number,
): ConflictState {
  return status === 'open' && isOver(eventEnds, fallbackEnd, now) ? 'past' : status;
}
