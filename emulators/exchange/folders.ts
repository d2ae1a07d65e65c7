/**
 * Folder ids in requests: t:DistinguishedFolderId (by name: `calendar`, `msgfolderroot`, ...) or
 * t:FolderId (by id), either with a t:Mailbox naming another mailbox, which this user may not
 * open here (ErrorAccessDenied): Subscribe watches the caller's own folders only; the operations
 * that read another person's Calendar as their delegate resolve it with delegates.ts. An id of no live folder of the mailbox, a deleted one included, is
 * ErrorFolderNotFound, as EWS answers it.
 */
import type { MailFolder } from './mail-folders.js';
import type { Mailbox } from './mailbox.js';
import { EwsError } from './soap.js';
import type { XmlNode } from './xml.js';

/** The folder one t:FolderId or t:DistinguishedFolderId names. */
export function resolveFolder(id: XmlNode, mailbox: Mailbox): MailFolder {
  const mailboxAddress = id.children.find((c) => c.name === 'Mailbox');
  const address = mailboxAddress?.children.find((c) => c.name === 'EmailAddress')?.text;
  if (address && address.toLowerCase() !== mailbox.email)
    throw new EwsError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  if (id.name === 'DistinguishedFolderId') return mailbox.mustFolder(id.attrs.Id ?? '', true);
  if (id.name === 'FolderId') return mailbox.mustFolder(id.attrs.Id ?? '');
  throw new EwsError('ErrorInvalidRequest', `${id.name} is not a folder id.`);
}

/** The folders a list of ids (ParentFolderIds, SyncFolderId, FolderIds) names; at least one. */
export function resolveFolders(folderIds: XmlNode | undefined, mailbox: Mailbox): MailFolder[] {
  const ids = folderIds?.children ?? [];
  if (!ids.length) throw new EwsError('ErrorInvalidRequest', 'A folder id is required.');
  return ids.map((id) => resolveFolder(id, mailbox));
}

/** The one folder an operation on items works in (the first named, as the emulator answers one). */
export function requireFolder(folderIds: XmlNode | undefined, mailbox: Mailbox): MailFolder {
  return resolveFolders(folderIds, mailbox)[0]!;
}
