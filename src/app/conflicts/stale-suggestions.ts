/**
 * Suggested slots that went stale. A conflict's reschedule slot may lie up to the search horizon
 * (14 days) after it, outside the days a pass recomputes; a meeting booked there later would
 * leave the stored suggestion proposing a time that now conflicts. Two guards: a pass also
 * recomputes the open conflicts whose suggested slots lie in the days it touched
 * (`conflictsSuggestingInto`), and applying a reschedule checks that its slot is still free for
 * the owner and the colleagues calintel reads (`takerOfSlot`), which also covers a colleague's
 * calendar changing.
 */
import {
  blocksTime,
  busyRangeOf,
  isCopyOf,
  isOnOwnCalendar,
  type ConflictEvent,
} from '../../domain/conflicts/index.js';
import type { Scope, Store, StoredConflict } from '../../store/store.js';
import { loadConflictEvents, toConflictEvent } from './conflict-events.js';
import { suggestionsOf, type StoredSuggestion } from './conflict-snapshot.js';
import type { TimeSpan } from './touched-spans.js';

const DAY_MS = 86_400_000;
const PAGE = 500;

/** The ranges a conflict's suggestions would put its events in (reschedule and shorten). */
export function suggestedSpans(conflict: StoredConflict): TimeSpan[] {
  return suggestionsOf(conflict).flatMap((s) =>
    s.to ? [{ from: Date.parse(s.to.start), to: Date.parse(s.to.end) }] : [],
  );
}

/**
 * The spans of the owner's open conflicts that suggest a slot within `days`: recomputing them
 * finds their slots again against what is there now. A slot lies at most the horizon (and a
 * day of slack) after its conflict, so only conflicts from that far back are read.
 */
export async function conflictsSuggestingInto(
  store: Store,
  scope: Scope,
  days: readonly TimeSpan[],
  horizonMs: number,
): Promise<TimeSpan[]> {
  if (days.length === 0) return [];
  const first = Math.min(...days.map((d) => d.from));
  const last = Math.max(...days.map((d) => d.to));
  const hits = (span: TimeSpan) => days.some((d) => span.from < d.to && span.to > d.from);
  const found: TimeSpan[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.conflicts.list(scope, {
      from: new Date(first - horizonMs - 2 * DAY_MS).toISOString(),
      to: new Date(last + 2 * DAY_MS).toISOString(),
      status: 'open',
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    for (const conflict of page.items)
      if (suggestedSpans(conflict).some(hits))
        found.push({ from: Date.parse(conflict.start), to: Date.parse(conflict.end) });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

/**
 * What now takes a reschedule suggestion's slot, in the owner's calendars or those of the
 * organisation's users who attend the meeting, or null when the slot is free. The meeting being
 * moved and its copies (the same instance) do not count. Said for the caller (the owner): the
 * event's title only when it is on their own calendar; a colleague's calendar, or one shared with
 * them, tells only who is busy, never what their event is (it may be private).
 */
export async function takerOfSlot(
  store: Store,
  scope: Scope,
  conflict: StoredConflict,
  suggestion: StoredSuggestion,
): Promise<string | null> {
  if (suggestion.action !== 'reschedule' || !suggestion.to) return null;
  const slot = { from: Date.parse(suggestion.to.start), to: Date.parse(suggestion.to.end) };
  const owner = await ownerOf(store, scope, conflict);
  if (!owner) return null;
  const stored = await store.events.get(scope, suggestion.eventId);
  // An event that is gone moves nowhere: the next pass clears its conflict.
  if (!stored) return null;
  const moved = toConflictEvent(stored, owner, null);
  for (const [email, userScope] of await peopleOf(store, scope, owner, moved)) {
    const events = await loadConflictEvents(store, userScope, email, slot);
    const taker = events.find(
      (e) =>
        blocksTime(e.conflict) &&
        e.conflict.start < slot.to &&
        e.conflict.end > slot.from &&
        !isCopyOf(busyRangeOf(e.conflict), moved),
    );
    if (!taker) continue;
    if (userScope.userId !== scope.userId) return `${email} is busy then`;
    if (!isOnOwnCalendar(taker.conflict)) return 'a calendar shared with you is busy then';
    return `"${taker.conflict.title || '(no title)'}" is there now`;
  }
  return null;
}

/** Whose calendar the conflict was found in: as the pass recorded it, else the user's address. */
export async function ownerOf(
  store: Store,
  scope: Scope,
  conflict: StoredConflict,
): Promise<string | null> {
  const owner = (conflict.details as { owner?: unknown } | null)?.owner;
  if (typeof owner === 'string') return owner;
  return (await store.users.get(scope))?.email.toLowerCase() ?? null;
}

/**
 * Whose calendars must be free: the owner, and the organisation's users invited to the meeting
 * as required guests who have not declined (the colleagues a pass reads for its slot).
 */
async function peopleOf(
  store: Store,
  scope: Scope,
  owner: string,
  moved: ConflictEvent,
): Promise<Array<[string, Scope]>> {
  const people: Array<[string, Scope]> = [[owner, scope]];
  const invited = new Set(
    moved.attendees
      .filter((a) => a.responseStatus !== 'declined' && a.optional !== true && !a.resource)
      .map((a) => a.email.trim().toLowerCase()),
  );
  invited.delete(owner.toLowerCase());
  if (invited.size === 0) return people;
  for (const user of await store.users.list({ orgId: scope.orgId }))
    if (invited.has(user.email.toLowerCase()))
      people.push([user.email, { orgId: scope.orgId, userId: user.id }]);
  return people;
}
