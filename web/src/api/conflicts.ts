import { apiRequest, CALENDAR_API } from './client';

/** A piece of the server's advice: words, or an instant it told in a zone (ISO, IANA). */
export type WordingPart = { text: string } | { at: string; zone: string };

export type ConflictKind = 'overlap' | 'travel' | 'duplicate';
export type ConflictSeverity = 'high' | 'medium' | 'low';
/** `past`: undecided, but every event has ended (no suggestions; it cannot be decided). */
export type ConflictStatus = 'open' | 'past' | 'resolved' | 'dismissed' | 'cleared';

export interface ConflictEvent {
  id: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  status: string;
  transparency: string;
  calendarId: string;
  /** The calendar's own name ("Work"), qualified only when two share it (null: gone). */
  calendarName: string | null;
  provider: string;
  organizer: string | null;
  priority: number | null;
}

export interface ConflictSuggestion {
  /** What the resolve call names: bound to the conflict as it was loaded. */
  id: string;
  index: number;
  action: string;
  eventId: string;
  to?: { start: string; end: string };
  delegateTo?: string;
  /** The colleague's name, when known: what the heading says (else the email). */
  delegateName?: string;
  keepEventId?: string;
  why: string;
  /** `why` with its instants apart, to be written as the page writes dates. */
  whyParts?: WordingPart[];
}

export interface Conflict {
  id: string;
  kind: ConflictKind;
  severity: ConflictSeverity;
  status: ConflictStatus;
  start: string;
  end: string;
  events: ConflictEvent[];
  reasons: string[];
  suggestions: ConflictSuggestion[];
  autoResolvable: boolean;
  travel: Record<string, unknown> | null;
  resolution: Record<string, unknown> | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  detectedAt: string;
  /** Cleared: why the calendars no longer show it (null when not known, absent before). */
  clearance?: ConflictClearance | null;
}

export interface ConflictClearance {
  why: string;
  whyParts?: WordingPart[];
}

export interface ConflictPage {
  items: Conflict[];
  nextCursor: string | null;
}

export interface ConflictQuery {
  from?: string;
  to?: string;
  status?: ConflictStatus;
  limit?: number;
  cursor?: string;
}

/**
 * A suggestion is named by its id: when the conflict changed since it was loaded, the server
 * answers 409 and does nothing, and the list is loaded again.
 */
export type ResolveInput =
  { action: 'apply'; suggestionId: string } | { action: 'dismiss'; note?: string };

export interface ResolveResult {
  conflict: Conflict;
  /** `status` done: calintel changed the calendar; any other: only recorded, the user's to do. */
  writeBack: { status: string; message: string; messageParts?: WordingPart[] };
}

export function listConflicts(query: ConflictQuery, signal?: AbortSignal): Promise<ConflictPage> {
  return apiRequest<ConflictPage>(`${CALENDAR_API}/conflicts/`, { query: { ...query }, signal });
}

export function resolveConflict(id: string, input: ResolveInput): Promise<ResolveResult> {
  return apiRequest<ResolveResult>(`${CALENDAR_API}/conflicts/${encodeURIComponent(id)}/resolve/`, {
    method: 'POST',
    body: input,
  });
}

/** A decision taken back: the conflict is open again; what it wrote to the calendar stays. */
export interface ReopenResult {
  conflict: Conflict;
  /**
   * What the decision taken back changed in the calendar (status done), or may have changed
   * (pending: it was cut short while writing), which reopening does not undo.
   */
  keptWrites: {
    action: string;
    eventId: string;
    title: string | null;
    status: 'done' | 'pending';
    message: string;
  }[];
  message: string;
}

export function reopenConflict(id: string): Promise<ReopenResult> {
  return apiRequest<ReopenResult>(`${CALENDAR_API}/conflicts/${encodeURIComponent(id)}/reopen/`, {
    method: 'POST',
    body: {},
  });
}

/** The user's write-back choice and the organisation's conflict policy. */
export interface ConflictSettings {
  /** Whether calintel may decline meetings or delete the user's own holds in their calendar. */
  writeBack: boolean;
  policy: Record<string, unknown>;
}

export function getConflictSettings(signal?: AbortSignal): Promise<ConflictSettings> {
  return apiRequest<ConflictSettings>(`${CALENDAR_API}/conflicts/settings/`, { signal });
}

export function updateWriteBack(writeBack: boolean): Promise<ConflictSettings> {
  return apiRequest<ConflictSettings>(`${CALENDAR_API}/conflicts/settings/`, {
    method: 'PATCH',
    body: { writeBack },
  });
}
