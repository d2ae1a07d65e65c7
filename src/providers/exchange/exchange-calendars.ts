/**
 * An Exchange connection's calendars: its mailbox's calendar folders (exchange-folders.ts) and
 * the Calendars of other people the user added (exchange-shared.ts). Listing them is what calendar
 * discovery compares the stored calendars with, every hour: a shared Calendar that no longer
 * opens (the permission withdrawn, the mailbox removed) is left out, so that it is marked missing
 * as a deleted folder is; any other failure fails the whole listing, which then changes nothing.
 */
import type { ProviderConnection, RemoteCalendar } from '../provider.js';
import { ProviderError } from '../provider.js';
import { CALENDAR_FOLDER, type ExchangeSession } from './exchange-client.js';
import { sharedCalendarRefusal } from './exchange-errors.js';
import type { EwsCalendarFolder } from './exchange-folders.js';
import { SharedCalendarRefused, sharedMailboxesOf } from './exchange-shared.js';

/** The mailbox's calendar folders, then the shared Calendars that still open, in added order. */
export async function listConnectionCalendars(
  session: ExchangeSession,
  connection: ProviderConnection,
): Promise<RemoteCalendar[]> {
  const own = (await session.calendarFolders()).map(remoteCalendarOf);
  const shared: RemoteCalendar[] = [];
  for (const address of sharedMailboxesOf(connection.settings)) {
    try {
      shared.push(sharedCalendarOf(address, await session.sharedCalendar(address)));
    } catch (error) {
      if (sharedCalendarRefusal(error) === null) throw error;
    }
  }
  return [...own, ...shared];
}

/**
 * Another person's Calendar as the user adds it: it must open (GetFolder with their address)
 * and its items must be readable (SyncFolderItems asked for one change), so that a typo or a
 * missing permission is said now, as a SharedCalendarRefused, not later by a calendar that
 * never syncs. Free/busy-only access opens the folder and refuses the items.
 */
export async function resolveSharedCalendar(
  session: ExchangeSession,
  address: string,
): Promise<RemoteCalendar> {
  let folder: EwsCalendarFolder;
  try {
    folder = await session.sharedCalendar(address);
  } catch (error) {
    const code = sharedCalendarRefusal(error);
    if (code === null) throw error;
    const reason = code === 'ErrorNonExistentMailbox' ? 'mailbox_not_found' : 'access_denied';
    throw new SharedCalendarRefused(reason, address, code);
  }
  try {
    await session.syncBatch(address, null, 1);
  } catch (error) {
    const code = sharedCalendarRefusal(error);
    if (code === null) throw error;
    throw new SharedCalendarRefused('free_busy_only', address, code);
  }
  return sharedCalendarOf(address, folder);
}

/**
 * A sync of another person's Calendar that EWS refuses as a permission withdrawn (or a mailbox
 * removed) is `gone`, as a deleted folder's ErrorFolderNotFound is: that calendar stops (tried
 * again daily), never the connection or its other calendars. Other errors pass as they are.
 */
export function withdrawnOr(error: unknown, address: string): unknown {
  const code = sharedCalendarRefusal(error);
  if (code === null) return error;
  return new ProviderError(
    'exchange',
    'gone',
    `Exchange no longer opens the calendar of ${address} to this mailbox (${code}): its owner ` +
      'withdrew the permission, or the mailbox was removed',
    null,
    { cause: error },
  );
}

/**
 * A calendar folder as a calendar. The Calendar keeps the id `calendar` (its distinguished name),
 * which connections and their cursors stored before other folders were listed; the others are
 * known by their FolderId, which stays the same when the folder is renamed or moved.
 */
export function remoteCalendarOf(folder: EwsCalendarFolder): RemoteCalendar {
  return {
    providerCalendarId: folder.primary ? CALENDAR_FOLDER : folder.id,
    name: folder.displayName,
    timeZone: null,
    isPrimary: folder.primary,
  };
}

/** Named with its owner's address, which lists and sync statuses then show. */
function sharedCalendarOf(address: string, folder: EwsCalendarFolder): RemoteCalendar {
  return {
    providerCalendarId: address,
    name: `${folder.displayName} (${address})`,
    timeZone: null,
    isPrimary: false,
  };
}

/**
 * The synced mailbox's address: the connection keeps it as `email` (exchange.service.ts); a
 * logon name that is an address (a UPN) stands in for it. Null when neither is one.
 */
export function mailboxAddressOf(connection: ProviderConnection): string | null {
  for (const candidate of [connection.settings['email'], connection.secrets['username']])
    if (typeof candidate === 'string' && /^[^\s@\\]+@[^\s@]+$/.test(candidate.trim()))
      return candidate.trim().toLowerCase();
  return null;
}
