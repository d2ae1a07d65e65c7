/**
 * Stored events as conflict detection reads them: one person's copies, with what detection said
 * about each (a sales meeting, its type, the account and its CRM stage) for priorities.
 */
import type { ConflictEvent } from '../../domain/conflicts/index.js';
import type { Scope, Store, StoredEvent } from '../../store/store.js';

/** A synced event the conflict finder read, with the ids a write-back needs. */
export interface LoadedEvent {
  stored: StoredEvent;
  conflict: ConflictEvent;
}

type MeetingFacts = ConflictEvent['meeting'];

export function toConflictEvent(
  stored: StoredEvent,
  owner: string,
  meeting: MeetingFacts,
): ConflictEvent {
  const event = stored.event;
  return {
    id: stored.id,
    owner,
    calendarId: stored.calendarId,
    iCalUid: event.iCalUid,
    title: event.title,
    description: event.description,
    location: event.location,
    conferenceUrl: event.conferenceUrl,
    start: Date.parse(event.start),
    end: Date.parse(event.end),
    allDay: event.allDay,
    timeZone: event.timeZone,
    status: event.status,
    transparency: event.transparency,
    organizer: event.organizer,
    attendees: event.attendees,
    seriesId: event.seriesId,
    meeting,
  };
}

const PAGE = 2000;

/** The person's events (every calendar) that overlap [from, to), with their meeting facts. */
export async function loadConflictEvents(
  store: Store,
  scope: Scope,
  owner: string,
  range: { from: number; to: number },
): Promise<LoadedEvent[]> {
  const stored: StoredEvent[] = [];
  for await (const event of store.events.iterate(scope, {
    from: new Date(range.from),
    to: new Date(range.to),
    limit: PAGE,
  }))
    stored.push(event);
  const facts = await store.meetings.factsOf(
    scope,
    stored.map((s) => s.id),
  );
  return stored.map((s) => ({
    stored: s,
    conflict: toConflictEvent(s, owner, facts.get(s.id) ?? null),
  }));
}
