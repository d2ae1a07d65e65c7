/** A stored conflict as the API shows it: with its events, and suggestions with their ids. */
import type { ConflictView } from '../../api/conflicts-schemas.js';
import { conflictStateAt, isOver } from '../../domain/conflicts/index.js';
import type { StoredConflict, StoredEvent } from '../../store/store.js';
import { isInterrupted } from './conflict-resolver.js';
import { eventEndsOf } from './conflict-past.js';
import { clearanceOf, eventSnapshotsOf, identifiedSuggestions } from './conflict-snapshot.js';

interface Details {
  reasons?: string[];
  priorities?: Record<string, number>;
  travel?: Record<string, unknown>;
}

export function toConflictView(
  conflict: StoredConflict,
  events: ReadonlyMap<string, StoredEvent>,
  now: number,
  calendarNames: ReadonlyMap<string, string> = new Map(),
): ConflictView {
  const details = (conflict.details ?? {}) as Details;
  const ends = eventEndsOf(conflict, events);
  const end = Date.parse(conflict.end);
  const over = isOver(ends, end, now);
  const cleared = conflict.status === 'cleared';
  return {
    id: conflict.id,
    kind: conflict.kind,
    severity: conflict.severity,
    status: stateOf(conflict, ends, end, now),
    start: conflict.start,
    end: conflict.end,
    events: cleared
      ? eventsAsTheyWere(conflict, events, calendarNames)
      : eventsNow(conflict, events, calendarNames),
    reasons: details.reasons ?? [],
    // Once every event has ended, or the conflict is gone, there is nothing left to do.
    suggestions:
      over || cleared
        ? []
        : identifiedSuggestions(conflict).map(({ id, ...s }, index) => ({ id, index, ...s })),
    autoResolvable: conflict.autoResolvable,
    travel: details.travel ?? null,
    resolution: resolutionOf(conflict, now),
    resolvedBy: conflict.resolvedBy,
    resolvedAt: conflict.resolvedAt,
    detectedAt: conflict.detectedAt,
    clearance: cleared ? clearanceOf(conflict) : null,
  };
}

type ViewEvent = ConflictView['events'][number];

function eventsNow(
  conflict: StoredConflict,
  events: ReadonlyMap<string, StoredEvent>,
  calendarNames: ReadonlyMap<string, string>,
): ViewEvent[] {
  const priorities = (conflict.details as Details | null)?.priorities;
  return conflict.eventIds.flatMap((id) => {
    const stored = events.get(id);
    if (!stored) return [];
    const event = stored.event;
    return [
      {
        id,
        title: event.title,
        start: event.start,
        end: event.end,
        allDay: event.allDay,
        location: event.location,
        status: event.status,
        transparency: event.transparency,
        calendarId: stored.calendarId,
        calendarName: calendarNames.get(stored.calendarId) ?? null,
        provider: stored.provider,
        organizer: event.organizer?.email ?? null,
        priority: priorities?.[id] ?? null,
      },
    ];
  });
}

/**
 * A cleared conflict's events as the last pass that found it open saw them, moved or deleted
 * since; a conflict stored before those were kept shows what is left of them now.
 */
function eventsAsTheyWere(
  conflict: StoredConflict,
  events: ReadonlyMap<string, StoredEvent>,
  calendarNames: ReadonlyMap<string, string>,
): ViewEvent[] {
  const snapshots = eventSnapshotsOf(conflict);
  if (Object.keys(snapshots).length === 0) return eventsNow(conflict, events, calendarNames);
  const priorities = (conflict.details as Details | null)?.priorities;
  return conflict.eventIds.flatMap((id) => {
    const snapshot = snapshots[id];
    if (!snapshot) return [];
    return [
      {
        id,
        ...snapshot,
        calendarName: calendarNames.get(snapshot.calendarId) ?? null,
        priority: priorities?.[id] ?? null,
      },
    ];
  });
}

/**
 * The conflict's state at `now`. A decision cut short (interrupted) may be taken again only while
 * something is left to decide: once every event has ended it is past, like an open conflict,
 * since the resolver refuses (409 `conflict_past`) to finish or dismiss it.
 */
function stateOf(
  conflict: StoredConflict,
  ends: readonly number[],
  end: number,
  now: number,
): ConflictView['status'] {
  const status = isInterrupted(conflict, now) ? 'open' : conflict.status;
  const state = conflictStateAt(status, ends, end, now);
  return state === 'open' ? conflict.status : state;
}

/** Events a conflict of each kind is made of, at least: two that overlap, travel, are copies. */
const EVENTS_NEEDED = 2;

/**
 * An open conflict some of whose events are gone (deleted by a sync, or with their calendar) or
 * cancelled, so that too few are left for it to be one: it stays stored until the pass that
 * follows clears it, but is no conflict to show as open meanwhile.
 */
export function isLeftShort(view: ConflictView): boolean {
  if (view.status !== 'open' && view.status !== 'past') return false;
  return view.events.filter((e) => e.status !== 'cancelled').length < EVENTS_NEEDED;
}

/** The recorded resolution; one whose writes were cut short says `interrupted` instead of pending. */
function resolutionOf(conflict: StoredConflict, now: number): Record<string, unknown> | null {
  const resolution = (conflict.resolution as Record<string, unknown> | null) ?? null;
  return resolution && isInterrupted(conflict, now)
    ? { ...resolution, state: 'interrupted' }
    : resolution;
}
