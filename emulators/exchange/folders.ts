/** Folder ids in requests: the calendar, by distinguished name or by its id. */
import type { Mailbox } from './mailbox.js';
import { EwsError } from './soap.js';
import type { XmlNode } from './xml.js';

/** Checks that the folder ids name this mailbox's calendar (the only folder emulated). */
export function requireCalendar(folderIds: XmlNode | undefined, mailbox: Mailbox): void {
  const ids = folderIds?.children ?? [];
  if (!ids.length) throw new EwsError('ErrorInvalidRequest', 'A folder id is required.');
  for (const id of ids) {
    const mailboxAddress = id.children.find((c) => c.name === 'Mailbox');
    const address = mailboxAddress?.children.find((c) => c.name === 'EmailAddress')?.text;
    const other = address && address.toLowerCase() !== mailbox.email;
    const calendar =
      (id.name === 'DistinguishedFolderId' && id.attrs.Id === 'calendar') ||
      (id.name === 'FolderId' && id.attrs.Id === mailbox.calendarFolderId);
    if (other)
      throw new EwsError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    if (!calendar)
      throw new EwsError(
        'ErrorFolderNotFound',
        'The specified folder could not be found in the store.',
      );
  }
}
