/**
 * What connecting a mailbox checks: the credentials open it (one SyncFolderItems call on the
 * Calendar), its calendar folders, and the address of the mailbox they opened. EWS syncs the
 * credentials' own mailbox (DistinguishedFolderId calendar without a Mailbox) whatever address
 * the user typed, so that address says nothing of whose calendar is synced; the mailbox's does.
 * It comes from ConvertId, which answers an id with "the mailbox primary SMTP address that
 * contains the identifiers" (EWS reference, AlternateId's Mailbox): one small call, where
 * ResolveNames would search the directory for a name and may answer several people.
 */
import type { RemoteCalendar } from '../provider.js';
import { ProviderError } from '../provider.js';
import { remoteCalendarOf } from './exchange-calendars.js';
import { CALENDAR_FOLDER, type ExchangeSession } from './exchange-client.js';

/**
 * ConvertId wants an address beside an EwsId, though an EwsId carries its mailbox: a server that
 * answers with this one echoed the request and said nothing.
 */
const PLACEHOLDER = 'mailbox@calintel.invalid';

export async function verifyMailbox(
  session: ExchangeSession,
): Promise<{ calendars: RemoteCalendar[]; mailbox: string | null }> {
  await session.syncBatch(CALENDAR_FOLDER, null, 1);
  const folders = await session.calendarFolders();
  const calendar = folders.find((folder) => folder.primary);
  const mailbox = calendar ? await mailboxOrNull(session, calendar.id) : null;
  return { calendars: folders.map(remoteCalendarOf), mailbox };
}

/**
 * The mailbox's address, or null when the server refuses ConvertId for the id: the address is a
 * best-effort check (the typed one is checked too), never a reason to refuse a mailbox that
 * opened. A server that is down or refuses the credentials still fails the connect.
 */
async function mailboxOrNull(session: ExchangeSession, folderId: string): Promise<string | null> {
  try {
    const mailbox = await session.mailboxHolding(folderId, PLACEHOLDER);
    return mailbox && mailbox.toLowerCase() !== PLACEHOLDER ? mailbox.toLowerCase() : null;
  } catch (error) {
    if (error instanceof ProviderError && ['permanent', 'invalid_input'].includes(error.kind))
      return null;
    throw error;
  }
}
