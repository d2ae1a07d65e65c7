/**
 * Another person's Calendar, opened as their delegate (learn.microsoft.com, "Access a calendar as
 * a delegate by using EWS in Exchange"): explicit access names the owner's folder with a
 * t:Mailbox (`<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>boss@...`), and
 * the FolderId and ItemIds found that way are then used as they are (implicit access). The
 * owner's permission table (Mailbox.delegates) decides: an address with no mailbox is
 * ErrorNonExistentMailbox, a caller without a grant, or a folder other than the Calendar, is
 * ErrorAccessDenied. A `freeBusy` grant opens the folder (GetFolder) and a calendar view of times
 * only; SyncFolderItems and GetItem on it are ErrorAccessDenied (the emulator's reading of
 * "can view when I'm busy": nothing of the items themselves can be read).
 */
import type { EmulatorContext } from './context.js';
import type { MailFolder } from './mail-folders.js';
import type { Mailbox } from './mailbox.js';
import { EwsError } from './soap.js';
import type { DelegateLevel } from './types.js';
import type { XmlNode } from './xml.js';

/** A folder and whose mailbox it is in, with how far the caller may read it. */
export interface LocatedFolder {
  mailbox: Mailbox;
  folder: MailFolder;
  access: 'owner' | DelegateLevel;
}

export const accessDenied = (): EwsError =>
  new EwsError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

const noMailbox = (): EwsError =>
  new EwsError('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.');

const folderNotFound = (): EwsError =>
  new EwsError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');

/** The folder one t:FolderId or t:DistinguishedFolderId names, in whichever mailbox it is. */
export function locateFolder(id: XmlNode, caller: Mailbox, ctx: EmulatorContext): LocatedFolder {
  if (id.name !== 'DistinguishedFolderId' && id.name !== 'FolderId')
    throw new EwsError('ErrorInvalidRequest', `${id.name} is not a folder id.`);
  const distinguished = id.name === 'DistinguishedFolderId';
  const key = id.attrs.Id ?? '';
  const named = mailboxAddressIn(id);
  const owner = named ? mailboxNamed(named, ctx) : undefined;
  if (owner && owner !== caller) return delegated(owner, owner.folder(key, distinguished), caller);
  const own = caller.folder(key, distinguished);
  if (own || distinguished) return { mailbox: caller, folder: own ?? mustFail(), access: 'owner' };
  // A FolderId found through explicit access, used on its own (implicit access).
  const other = [...ctx.state.mailboxes.values()].find((m) => m !== caller && m.folder(key));
  if (!other) throw folderNotFound();
  return delegated(other, other.folder(key), caller);
}

/** The one folder an operation on items names (the first, as the emulator answers one). */
export function locateRequiredFolder(
  folderIds: XmlNode | undefined,
  caller: Mailbox,
  ctx: EmulatorContext,
): LocatedFolder {
  const first = folderIds?.children[0];
  if (!first) throw new EwsError('ErrorInvalidRequest', 'A folder id is required.');
  return locateFolder(first, caller, ctx);
}

/** Reading items (SyncFolderItems, GetItem) needs more than free/busy. */
export function mustReadItems(located: LocatedFolder): LocatedFolder {
  if (located.access === 'freeBusy') throw accessDenied();
  return located;
}

/**
 * The mailbox an item id belongs to, for GetItem (implicit access): the caller's own, else the
 * one that holds it if the caller may read its Calendar's items (else ErrorAccessDenied); an id
 * no mailbox holds is the caller's, which answers ErrorItemNotFound.
 */
export function mailboxOfItem(itemId: string, caller: Mailbox, ctx: EmulatorContext): Mailbox {
  if (!itemId || caller.items.has(itemId)) return caller;
  const owner = [...ctx.state.mailboxes.values()].find((m) => m !== caller && m.items.has(itemId));
  if (!owner) return caller;
  const item = owner.items.get(itemId);
  if (owner.delegates.get(caller.email) !== 'reviewer' || item?.folderId !== owner.calendarFolderId)
    throw accessDenied();
  return owner;
}

function delegated(owner: Mailbox, folder: MailFolder | undefined, caller: Mailbox): LocatedFolder {
  const access = owner.delegates.get(caller.email);
  // Without a grant the caller learns nothing of the mailbox, not even which folders it has.
  if (!access) throw accessDenied();
  if (!folder) throw folderNotFound();
  if (folder.id !== owner.calendarFolderId) throw accessDenied();
  return { mailbox: owner, folder, access };
}

function mailboxAddressIn(id: XmlNode): string | null {
  const mailbox = id.children.find((c) => c.name === 'Mailbox');
  const address = mailbox?.children.find((c) => c.name === 'EmailAddress')?.text?.trim();
  return address ? address.toLowerCase() : null;
}

function mailboxNamed(address: string, ctx: EmulatorContext): Mailbox {
  const found = ctx.state.mailboxes.get(address);
  if (!found) throw noMailbox();
  return found;
}

function mustFail(): never {
  throw folderNotFound();
}
