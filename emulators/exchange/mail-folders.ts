/**
 * A mailbox's folder tree as far as calendars need it. Every mailbox has the message folder root
 * (DistinguishedFolderId `msgfolderroot`, "Top of Information Store") with the usual default
 * folders under it, the Calendar among them; more calendar folders (FolderClass IPF.Appointment)
 * may be made anywhere below the root, as Outlook does for "Team holidays" under Calendar or a
 * calendar next to the Inbox. Folder classes "typically start with IPF." and IPF.Appointment is a
 * calendar's (learn.microsoft.com, EWS reference, FolderClass and CalendarFolder). A deleted
 * folder is kept as a tombstone so that ids naming it are told ErrorFolderNotFound.
 */
import { createHash } from 'node:crypto';

export const CALENDAR_CLASS = 'IPF.Appointment';

export interface MailFolder {
  id: string;
  displayName: string;
  /** Null for the message folder root only. */
  parentId: string | null;
  folderClass: string | null;
  /** Bumped on every change of the folder itself (its ChangeKey). */
  version: number;
  /** The DistinguishedFolderId naming it, for default folders. */
  distinguished?: string;
  deleted?: boolean;
}

/** The default folders every mailbox has under msgfolderroot (a few; enough to filter). */
const DEFAULT_FOLDERS: { distinguished: string; displayName: string; folderClass: string }[] = [
  { distinguished: 'inbox', displayName: 'Inbox', folderClass: 'IPF.Note' },
  { distinguished: 'calendar', displayName: 'Calendar', folderClass: CALENDAR_CLASS },
  { distinguished: 'contacts', displayName: 'Contacts', folderClass: 'IPF.Contact' },
  { distinguished: 'tasks', displayName: 'Tasks', folderClass: 'IPF.Task' },
  { distinguished: 'deleteditems', displayName: 'Deleted Items', folderClass: 'IPF.Note' },
];

/** A folder id shaped like EWS's (opaque base64), stable for a mailbox and a name. */
export function folderIdFor(email: string, name: string): string {
  const hash = createHash('sha256').update(`${email}|${name}`).digest('base64url');
  return `AAMkFld${hash.slice(0, 24)}`;
}

/** The folder tree of a new mailbox: the root and its default folders. */
export function defaultFolders(email: string, calendarFolderId: string): MailFolder[] {
  const root: MailFolder = {
    id: folderIdFor(email, 'msgfolderroot'),
    displayName: 'Top of Information Store',
    parentId: null,
    folderClass: 'IPF.Note',
    version: 1,
    distinguished: 'msgfolderroot',
  };
  return [
    root,
    ...DEFAULT_FOLDERS.map((f) => ({
      id: f.distinguished === 'calendar' ? calendarFolderId : folderIdFor(email, f.distinguished),
      displayName: f.displayName,
      parentId: root.id,
      folderClass: f.folderClass,
      version: 1,
      distinguished: f.distinguished,
    })),
  ];
}

/** A ChangeKey for each version of a folder (it changes when the folder itself is saved). */
export function folderChangeKey(folder: MailFolder): string {
  return `AQAAABY${Buffer.from(`${folder.version}:${folder.id.slice(-8)}`).toString('base64url')}`;
}
