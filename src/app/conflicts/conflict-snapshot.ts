/**
 * What a decision on a conflict is bound to. A pass rewrites a conflict's suggestions under the
 * same id whenever its events change, so a suggestion is named by what it does and what the
 * conflict looked like when it was made, never by its position in the list.
 */
import { createHash } from 'node:crypto';
import type { WordingPart } from '../../domain/conflicts/index.js';
import type { CalendarEvent } from '../../domain/event.js';
import type { StoredConflict } from '../../store/store.js';

/** A suggestion as stored in a conflict's details (times as ISO text). */
export interface StoredSuggestion {
  action: string;
  eventId: string;
  to?: { start: string; end: string };
  delegateTo?: string;
  keepEventId?: string;
  why: string;
  /** `why` with its instants apart (absent on suggestions stored before, and where it names none). */
  whyParts?: WordingPart[];
}

export function suggestionsOf(conflict: StoredConflict): StoredSuggestion[] {
  const details = conflict.details as { suggestions?: StoredSuggestion[] } | null;
  return details?.suggestions ?? [];
}

/**
 * What a decision about an event depends on, as a short hash: its times, status and title (a
 * hold is a hold by its title), its organiser and who is invited. A write-back goes ahead only
 * while the stored event still has the state the conflict was found with.
 */
export function eventStateOf(event: CalendarEvent): string {
  const lower = (email: string) => email.trim().toLowerCase();
  return createHash('sha256')
    .update(
      JSON.stringify([
        event.start,
        event.end,
        event.allDay,
        event.status,
        event.title,
        event.organizer ? lower(event.organizer.email) : null,
        event.attendees.map((a) => lower(a.email)).sort(),
      ]),
    )
    .digest('base64url')
    .slice(0, 22);
}

/** Each event's state when the pass found the conflict (absent on conflicts stored before). */
export function eventStatesOf(conflict: StoredConflict): Readonly<Record<string, string>> | null {
  const details = conflict.details as { states?: Record<string, string> } | null;
  return details?.states ?? null;
}

/**
 * A suggestion's id: its action, the event it acts on and its other terms, with the conflict's
 * fingerprint (its events' times) and its events' states. The same suggestion on an unchanged
 * conflict keeps its id across passes; once the conflict's events change, every id does.
 */
export function suggestionIdOf(conflict: StoredConflict, suggestion: StoredSuggestion): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        conflict.fingerprint,
        eventStatesOf(conflict),
        suggestion.action,
        suggestion.eventId,
        suggestion.to ?? null,
        suggestion.delegateTo ?? null,
        suggestion.keepEventId ?? null,
      ]),
    )
    .digest('base64url')
    .slice(0, 22);
}

/** The conflict's suggestions with their ids, in ranked order. */
export function identifiedSuggestions(
  conflict: StoredConflict,
): (StoredSuggestion & { id: string })[] {
  return suggestionsOf(conflict).map((s) => ({ ...s, id: suggestionIdOf(conflict, s) }));
}
