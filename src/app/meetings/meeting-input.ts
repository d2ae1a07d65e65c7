/** A synced event as the meeting models read it (the MeetingInput of the offline contract). */
import { accountAddressOf } from '../conflicts/conflict-write-back.js';
import type { MeetingInput } from '../../domain/detection/features.js';
import { mailboxKey } from '../../domain/matching/addresses.js';
import type { Scope, Store, StoredEvent } from '../../store/store.js';
import { othersCalendarIds } from '../../domain/calendars/others-calendars.js';

/**
 * Whose calendars a user's events are on: the user (their sign-in address) and, per connection,
 * the address of the account connected (a Google calendar connected as ana.k@gmail.com is Ana's
 * as much as her work address is). Neither is ever counted as an external person.
 */
export interface CalendarOwners {
  user: string | null;
  /** Connection id → its account's address, where it has one. */
  accounts: ReadonlyMap<string, string>;
  /**
   * Calendar id → its zone (a calendar that names none was stored with its owner's: see
   * owners-zone.ts), and the user's own zone: where an event's local time of day is read when the
   * event names no zone of its own (see localZoneOf).
   */
  calendarZones: ReadonlyMap<string, string>;
  userZone: string | null;
  /**
   * Ids of the user's calendars that are another person's (others-calendars.ts): their events
   * are that person's meetings, never the user's.
   */
  othersCalendars: ReadonlySet<string>;
}

/** Providers whose connections name an account (an ICS feed's label is only a name). */
const ACCOUNT_PROVIDERS: ReadonlySet<string> = new Set([
  'google',
  'microsoft',
  'exchange',
  'caldav',
]);

/**
 * The user's address and zone, the account address of each connection, each calendar's zone, and
 * which calendars are another person's.
 */
export async function calendarOwnersOf(store: Store, scope: Scope): Promise<CalendarOwners> {
  const [user, connections, calendars] = await Promise.all([
    store.users.get(scope),
    store.connections.list(scope),
    store.calendars.list(scope),
  ]);
  const accounts = accountAddresses(connections);
  return {
    user: user?.email ?? null,
    accounts,
    calendarZones: calendarZonesOf(calendars),
    userZone: user?.timeZone ?? null,
    othersCalendars: othersCalendarIds(calendars, user?.email ?? null, accounts),
  };
}

/** Calendar id → zone, for the calendars that have one. */
export function calendarZonesOf(
  calendars: readonly { id: string; timeZone: string | null }[],
): Map<string, string> {
  return new Map(calendars.flatMap((c) => (c.timeZone ? [[c.id, c.timeZone] as const] : [])));
}

/** Connection id → the address of its account (OAuth, Exchange; CalDAV by an address username). */
export function accountAddresses(
  connections: readonly {
    id: string;
    provider: string;
    label: string;
    settings: Record<string, unknown>;
  }[],
): Map<string, string> {
  const accounts = new Map<string, string>();
  for (const connection of connections) {
    if (!ACCOUNT_PROVIDERS.has(connection.provider)) continue;
    const address =
      connection.provider === 'caldav'
        ? usernameAddress(connection.settings['username'])
        : accountAddressOf(connection);
    if (address) accounts.set(connection.id, address);
  }
  return accounts;
}

function usernameAddress(username: unknown): string | null {
  return typeof username === 'string' && /^[^\s@]+@[^\s@]+$/.test(username.trim())
    ? username.trim()
    : null;
}

/** Zones that ICS `Z` times and UTC-only exports give events: they say nothing of the clock. */
const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

/**
 * The zone the event's time of day is read in: its own, unless it names none or only UTC (an
 * ICS time in `Z`, as Google's exports write every time), then its calendar's (which is its
 * owner's when the calendar names none), then the user's. A stored event keeps no written
 * offset, so without this a 10:00 meeting in Tokyo stored without a zone was read at 01:00 and
 * scored as outside business hours, unlike the same meeting stored with its zone.
 */
export function localZoneOf(stored: StoredEvent, owners: CalendarOwners): string | null {
  const own = stored.event.timeZone;
  if (own && !UTC_NAMES.has(own)) return own;
  return owners.calendarZones.get(stored.calendarId) ?? owners.userZone ?? own;
}

/**
 * The event as the models read it. Its calendar's owner is the user; the account its connection
 * was made with, when another address, is the owner too (`calendarOwnerAliases`).
 */
export function toMeetingInput(stored: StoredEvent, owners: CalendarOwners): MeetingInput {
  const event = stored.event;
  const account = owners.accounts.get(stored.connectionId) ?? null;
  const owner = owners.user ?? account;
  const aliases = account && owner && mailboxKey(account) !== mailboxKey(owner) ? [account] : [];
  return {
    id: stored.id,
    title: event.title,
    description: event.description,
    location: event.location,
    start: event.start,
    end: event.end,
    allDay: event.allDay,
    timeZone: localZoneOf(stored, owners),
    organizer: event.organizer,
    attendees: event.attendees,
    status: event.status,
    transparency: event.transparency,
    seriesId: event.seriesId,
    calendarOwner: owner,
    ...(aliases.length > 0 ? { calendarOwnerAliases: aliases } : {}),
    conferenceUrl: event.conferenceUrl,
  };
}
