/**
 * Stored events as conflict detection reads them: one person's copies, with what detection said
 * about each (a sales meeting, its type, the account and its CRM stage) for priorities.
 *
 * A person may connect a calendar account under another address than their calintel one (a
 * Google account ana.ruiz@gmail.com for ana@northwind.io). In that calendar they appear under the
 * account's address; it is read as theirs, so that their own declines and holds are recognised.
 * A calendar of another person shared with them is read too (its meetings take their attention),
 * but marked as not their own: nothing on it is declined or deleted for them.
 */
import { conflictIdentity, type ConflictEvent } from '../../domain/conflicts/index.js';
import { meetingIdentity } from '../../store/meeting-identity.js';
import type { Calendar } from '../../store/calendars.repository.js';
import type { Connection } from '../../store/connections.repository.js';
import type { Scope, Store, StoredEvent } from '../../store/store.js';
import { othersCalendarIds } from '../../domain/calendars/others-calendars.js';
import { calendarWordingNames } from './calendar-names.js';

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
  aliases: ReadonlySet<string> = new Set(),
  ownCalendar = true,
): ConflictEvent {
  const event = stored.event;
  const asOwner = (email: string) => (aliases.has(email.toLowerCase()) ? owner : email);
  return {
    id: stored.id,
    identity: conflictIdentityOf(stored),
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
    organizer: event.organizer && { ...event.organizer, email: asOwner(event.organizer.email) },
    attendees:
      aliases.size === 0
        ? event.attendees
        : event.attendees.map((a) => ({ ...a, email: asOwner(a.email) })),
    seriesId: event.seriesId,
    originalStart: originalInstant(event.originalStart),
    meeting,
    ...(ownCalendar ? {} : { ownCalendar: false }),
  };
}

/**
 * What conflicts know a stored event by beyond its row: the identity of its meeting, as meeting
 * feedback keeps it (its UID and original start, else its calendar and provider id).
 */
export function conflictIdentityOf(stored: StoredEvent): string {
  return conflictIdentity(meetingIdentity(stored.calendarId, stored.event));
}

/**
 * A recurring instance's original start as an instant. An all-day one may give only a date:
 * null then, so its start stands in (all-day events are never moved by a suggestion).
 */
function originalInstant(text: string | null): number | null {
  if (text === null || !text.includes('T')) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
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
  const [calendars, connections] = await Promise.all([
    store.calendars.list(scope),
    store.connections.list(scope),
  ]);
  const aliases = accountAddresses(connections, owner);
  const shared = sharedCalendars(calendars, owner, aliases);
  const names = calendarWordingNames(calendars, connections);
  return stored.map((s) => {
    const conflict = toConflictEvent(
      s,
      owner,
      facts.get(s.id) ?? null,
      aliases.get(s.connectionId),
      !shared.has(s.calendarId),
    );
    return { stored: s, conflict: { ...conflict, calendarName: names.get(s.calendarId) ?? null } };
  });
}

/**
 * One stored event as conflicts read it (the owner's addresses as theirs, whether its calendar
 * is theirs), without its meeting facts; undefined when it is gone.
 */
export async function loadConflictEvent(
  store: Store,
  scope: Scope,
  owner: string,
  id: string,
): Promise<ConflictEvent | undefined> {
  const stored = await store.events.get(scope, id);
  if (!stored) return undefined;
  const [calendars, connections] = await Promise.all([
    store.calendars.list(scope),
    store.connections.list(scope),
  ]);
  const aliases = accountAddresses(connections, owner);
  const shared = sharedCalendars(calendars, owner, aliases);
  return toConflictEvent(
    stored,
    owner,
    null,
    aliases.get(stored.connectionId),
    !shared.has(stored.calendarId),
  );
}

/**
 * The person's calendars that are someone else's, by the rule detection uses
 * (others-calendars.ts): an Exchange Calendar named by another person's address, a Google
 * calendar named by another's or that the account does not own (a colleague's group calendar),
 * an Outlook calendar whose owner is another person. A CalDAV id is a URL that may hold the
 * account's own address (Fastmail's /calendars/user/ana@…/): read by its shape, the person's own
 * calendars counted as another's. The provider's writer checks ownership again before it writes
 * anything.
 */
function sharedCalendars(
  calendars: readonly Calendar[],
  owner: string,
  aliases: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const accounts = new Map<string, string>();
  for (const [connectionId, addresses] of aliases)
    for (const address of addresses) accounts.set(connectionId, address);
  return othersCalendarIds(calendars, owner, accounts);
}

/**
 * Per connection, the account address it was made with when it differs from the owner's (an
 * OAuth connection is labelled with its account's address).
 */
function accountAddresses(
  connections: readonly Connection[],
  owner: string,
): Map<string, ReadonlySet<string>> {
  const addresses = new Map<string, ReadonlySet<string>>();
  for (const connection of connections) {
    const label = connection.label.trim().toLowerCase();
    if (/^[^\s@]+@[^\s@]+$/.test(label) && label !== owner.toLowerCase())
      addresses.set(connection.id, new Set([label]));
  }
  return addresses;
}
