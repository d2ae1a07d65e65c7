/**
 * Which of a user's calendars are another person's, shared with them: an exec's Calendar an
 * assistant added to their Exchange connection (exchange-shared.ts), a colleague's Google or
 * Outlook calendar they subscribed to or were given. Its events are that person's meetings, not
 * the user's: counted as the user's, the exec's sales meetings became the assistant's, and a
 * colleague who uses calintel too had each of theirs twice. So detection reads meetings from the
 * user's own calendars only; conflicts read these as another person's (conflict-events.ts,
 * `ownCalendar: false`). Pure, in the domain: detection, conflicts
 * and the store (which forgets scans when a listing changes whose a calendar is) all read it.
 *
 * Known by the calendar row alone. By its id, where the provider names a person's calendar by
 * their address: Exchange names only other people's Calendars so (its own folders have opaque
 * ids), Google names every person's calendar so (the account's own primary included, and its
 * groups', resources' and holidays' under calendar.google.com). By what the provider's calendar
 * list says (migration 0036), where the id does not tell: Google's accessRole, as a colleague's
 * group calendar (`…@group.calendar.google.com`) shared with the user is one the account does
 * not own (reader, writer, freeBusyReader; its own primary is never another's); Graph's owner,
 * another person's address on a calendar they shared in Outlook (the address Graph names on the
 * account's default calendar is the account's, whatever address it signed in with). A CalDAV id
 * is a URL that may hold an account's own address, and says nothing; nor does a row listed
 * before 0036 until its next discovery (null: read as before). Not told apart: a colleague's
 * group calendar on which they gave the user the owner role ("make changes and manage sharing"):
 * Google's owner role is not the calendar's data owner, which the list does not name.
 *
 * A Google resource calendar (a room's, `…@resource.calendar.google.com`) is nobody's own: taken
 * as the user's, every booking of a room they subscribed to could become their meeting.
 */
import { mailboxKey } from '../matching/addresses.js';

/**
 * Whether a calendar id of an Exchange connection names another person's Calendar: Exchange's
 * own folders have opaque ids, and a shared Calendar is kept under its owner's address
 * (exchange-shared.ts).
 */
export function isSharedCalendarId(calendarId: string): boolean {
  return calendarId.includes('@');
}

/** Ids Google gives its own calendars (a user's secondary ones, resources, holidays). */
const GOOGLE_CALENDAR_IDS = /@([a-z0-9-]+\.)*calendar\.google\.com$/i;

/** Ids Google gives resource calendars: rooms and other bookable things. */
const GOOGLE_RESOURCE_IDS = /@resource\.calendar\.google\.com$/i;

interface CalendarRow {
  id: string;
  connectionId: string;
  provider: string;
  providerCalendarId: string;
  isPrimary: boolean;
  accessRole: string | null;
  ownerAddress: string | null;
}

/**
 * The ids of the calendars that are someone else's, given the user's address and each
 * connection's account address (meeting-input.ts: accountAddresses).
 */
export function othersCalendarIds(
  calendars: readonly CalendarRow[],
  user: string | null,
  accounts: ReadonlyMap<string, string>,
): Set<string> {
  const defaultOwners = defaultCalendarOwners(calendars);
  const others = new Set<string>();
  for (const calendar of calendars) {
    const own = [
      user,
      accounts.get(calendar.connectionId),
      defaultOwners.get(calendar.connectionId),
    ];
    if (isOthersCalendar(calendar, own)) others.add(calendar.id);
  }
  return others;
}

/** What of one calendar says whose it is. */
export type OwnershipFacts = Pick<
  CalendarRow,
  'provider' | 'providerCalendarId' | 'isPrimary' | 'accessRole' | 'ownerAddress'
>;

/**
 * Whether one calendar is someone else's, given the addresses that are the user's own on its
 * connection: theirs, the account's, the owner Graph names on the account's default calendar.
 */
export function isOthersCalendar(
  calendar: OwnershipFacts,
  own: readonly (string | null | undefined)[],
): boolean {
  if (isGoogleResource(calendar) || isSharedToGoogleAccount(calendar)) return true;
  const owner = ownerAddressOf(calendar);
  if (owner === null) return false;
  return !own.some((address) => address && mailboxKey(address) === owner);
}

/**
 * Whether a new listing of a stored calendar turns it from the user's into someone else's or
 * back. A listing that only fills in what a row listed before 0036 lacked (null) mostly does not:
 * a Google calendar the account owns, an Outlook calendar whose owner is the user's own address.
 */
export function ownershipChanged(
  stored: OwnershipFacts,
  listed: { isPrimary: boolean; accessRole?: string | null; ownerAddress?: string | null },
  own: readonly (string | null | undefined)[],
): boolean {
  const relisted: OwnershipFacts = {
    ...stored,
    isPrimary: listed.isPrimary,
    accessRole: listed.accessRole ?? null,
    ownerAddress: listed.ownerAddress?.toLowerCase() ?? null,
  };
  return isOthersCalendar(stored, own) !== isOthersCalendar(relisted, own);
}

/**
 * The addresses that are the user's own on one connection (see isOthersCalendar): the user's,
 * the account's, and on Outlook the owner named on its default calendar, as stored or as listed.
 */
export function ownAddressesOf(
  provider: string,
  user: string | null,
  account: string | null,
  calendars: readonly { isPrimary: boolean; ownerAddress?: string | null }[],
): string[] {
  const own = [user, account];
  if (provider === 'microsoft')
    for (const calendar of calendars)
      if (calendar.isPrimary) own.push(calendar.ownerAddress ?? null);
  return own.filter((address): address is string => Boolean(address));
}

function isGoogleResource(calendar: OwnershipFacts): boolean {
  return calendar.provider === 'google' && GOOGLE_RESOURCE_IDS.test(calendar.providerCalendarId);
}

/** A Google calendar the account does not own (its primary is its own, whatever the list says). */
function isSharedToGoogleAccount(calendar: OwnershipFacts): boolean {
  return (
    calendar.provider === 'google' &&
    !calendar.isPrimary &&
    calendar.accessRole !== null &&
    calendar.accessRole !== 'owner'
  );
}

/** Per connection, the owner Graph names on its default calendar: the account itself. */
function defaultCalendarOwners(calendars: readonly CalendarRow[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const calendar of calendars)
    if (calendar.provider === 'microsoft' && calendar.isPrimary && calendar.ownerAddress)
      owners.set(calendar.connectionId, calendar.ownerAddress);
  return owners;
}

/** The mailbox key of the person the provider names as the calendar's, or null. */
function ownerAddressOf(calendar: OwnershipFacts): string | null {
  const id = calendar.providerCalendarId;
  if (calendar.provider === 'exchange') return isSharedCalendarId(id) ? mailboxKey(id) : null;
  if (calendar.provider === 'google')
    return calendar.isPrimary || GOOGLE_CALENDAR_IDS.test(id) ? null : mailboxKey(id);
  if (calendar.provider === 'microsoft' && calendar.ownerAddress !== null)
    return mailboxKey(calendar.ownerAddress);
  return null;
}
