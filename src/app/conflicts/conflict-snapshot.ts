/**
 * What a decision on a conflict is bound to. A pass rewrites a conflict's suggestions under the
 * same id whenever its events change, so a suggestion is named by what it does and what the
 * conflict looked like when it was made, never by its position in the list.
 */
import { createHash } from 'node:crypto';
import type { Clearance, EventSnapshot, WordingPart } from '../../domain/conflicts/index.js';
import type { CalendarEvent } from '../../domain/event.js';
import type { StoredConflict, StoredEvent } from '../../store/store.js';

/** A suggestion as stored in a conflict's details (times as ISO text). */
export interface StoredSuggestion {
  action: string;
  eventId: string;
  to?: { start: string; end: string };
  delegateTo?: string;
  /** The colleague's name, when known (absent on suggestions stored before). */
  delegateName?: string;
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
 * A suggestion's id: a tag of its conflict (the row, which keeps its id while its events move)
 * and a hash of its action, the event it acts on and its other terms, with the conflict's
 * fingerprint (its events' times) and its events' states. The same suggestion on an unchanged
 * conflict keeps its id across passes; once the conflict's events change, every id does, but the
 * tag stays, so an id of an earlier version is told from one the conflict never gave
 * (suggestionOrigin).
 */
export function suggestionIdOf(conflict: StoredConflict, suggestion: StoredSuggestion): string {
  const hash = createHash('sha256')
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
  return `${conflictTagOf(conflict)}${hash}`;
}

const TAG_LENGTH = 6;
const HASH = /^[A-Za-z0-9_-]{22}$/;

function conflictTagOf(conflict: StoredConflict): string {
  return createHash('sha256')
    .update(`conflict:${conflict.id}`)
    .digest('base64url')
    .slice(0, TAG_LENGTH);
}

/**
 * Whether an id that is not among the conflict's suggestions was one of them before the conflict
 * changed (`earlier`: made for this conflict, or a bare hash as ids were made before they carried
 * the tag) or never was (`unknown`: another conflict's, or not an id calintel makes).
 */
export function suggestionOrigin(conflict: StoredConflict, id: string): 'earlier' | 'unknown' {
  if (HASH.test(id)) return 'earlier';
  const tag = id.slice(0, TAG_LENGTH);
  return tag === conflictTagOf(conflict) && HASH.test(id.slice(TAG_LENGTH)) ? 'earlier' : 'unknown';
}

/** The conflict's suggestions with their ids, in ranked order. */
export function identifiedSuggestions(
  conflict: StoredConflict,
): (StoredSuggestion & { id: string })[] {
  return suggestionsOf(conflict).map((s) => ({ ...s, id: suggestionIdOf(conflict, s) }));
}

/** An event of a conflict as a pass saw it: what a cleared conflict shows of it (clearance.ts). */
export function eventSnapshotOf(stored: StoredEvent): EventSnapshot {
  const { event } = stored;
  return {
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
  };
}

/** Each event as the last pass that found the conflict open saw it (absent on older records). */
export function eventSnapshotsOf(
  conflict: StoredConflict,
): Readonly<Record<string, EventSnapshot>> {
  const details = conflict.details as { snapshot?: Record<string, EventSnapshot> } | null;
  return details?.snapshot ?? {};
}

/** Why the conflict cleared, once the pass that cleared it said so. */
export function clearanceOf(conflict: StoredConflict): Clearance | null {
  const details = conflict.details as { clearance?: Clearance } | null;
  return details?.clearance ?? null;
}
