/** A stored conflict as the API shows it: with its events, and suggestions with their ids. */
import type { ConflictView } from '../../api/conflicts-schemas.js';
import type { StoredConflict, StoredEvent } from '../../store/store.js';
import { isInterrupted } from './conflict-resolver.js';
import { identifiedSuggestions } from './conflict-snapshot.js';

interface Details {
  reasons?: string[];
  priorities?: Record<string, number>;
  travel?: Record<string, unknown>;
}

export function toConflictView(
  conflict: StoredConflict,
  events: ReadonlyMap<string, StoredEvent>,
  now: number,
): ConflictView {
  const details = (conflict.details ?? {}) as Details;
  return {
    id: conflict.id,
    kind: conflict.kind,
    severity: conflict.severity,
    status: conflict.status,
    start: conflict.start,
    end: conflict.end,
    events: conflict.eventIds.flatMap((id) => {
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
          provider: stored.provider,
          organizer: event.organizer?.email ?? null,
          priority: details.priorities?.[id] ?? null,
        },
      ];
    }),
    reasons: details.reasons ?? [],
    suggestions: identifiedSuggestions(conflict).map(({ id, ...s }, index) => ({
      id,
      index,
      ...s,
    })),
    autoResolvable: conflict.autoResolvable,
    travel: details.travel ?? null,
    resolution: resolutionOf(conflict, now),
    resolvedBy: conflict.resolvedBy,
    resolvedAt: conflict.resolvedAt,
    detectedAt: conflict.detectedAt,
  };
}

/** The recorded resolution; one whose writes were cut short says `interrupted` instead of pending. */
function resolutionOf(conflict: StoredConflict, now: number): Record<string, unknown> | null {
  const resolution = (conflict.resolution as Record<string, unknown> | null) ?? null;
  return resolution && isInterrupted(conflict, now)
    ? { ...resolution, state: 'interrupted' }
    : resolution;
}
