/** A stored conflict as the API shows it: with its events, and suggestions with their ids. */
import type { ConflictView } from '../../api/conflicts-schemas.js';
import type { StoredConflict, StoredEvent } from '../../store/store.js';
import { identifiedSuggestions } from './conflict-snapshot.js';

interface Details {
  reasons?: string[];
  priorities?: Record<string, number>;
  travel?: Record<string, unknown>;
}

export function toConflictView(
  conflict: StoredConflict,
  events: ReadonlyMap<string, StoredEvent>,
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
    resolution: (conflict.resolution as Record<string, unknown> | null) ?? null,
    resolvedBy: conflict.resolvedBy,
    resolvedAt: conflict.resolvedAt,
    detectedAt: conflict.detectedAt,
  };
}
