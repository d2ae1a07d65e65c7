/**
 * Folders as EWS writes them in FindFolder and GetFolder answers: the element names the folder's
 * kind (t:CalendarFolder for IPF.Appointment, t:ContactsFolder, t:TasksFolder, else t:Folder;
 * learn.microsoft.com, EWS reference, FolderClass: "Parent elements"), and the fields are those
 * the FolderShape asks for, in types.xsd's order (BaseFolderType: FolderId, ParentFolderId,
 * FolderClass, DisplayName, TotalCount, ChildFolderCount). The Default shape is the folder's
 * name, id, total and child folder counts (FindFolder operation, "Comments" on the response).
 */
import { folderChangeKey, type MailFolder } from './mail-folders.js';
import type { Mailbox } from './mailbox.js';
import { child, childrenNamed, el, textEl, type XmlNode } from './xml.js';

const ALL_FIELDS = [
  'folder:ParentFolderId',
  'folder:FolderClass',
  'folder:DisplayName',
  'folder:TotalCount',
  'folder:ChildFolderCount',
];
const DEFAULT_FIELDS = ['folder:DisplayName', 'folder:TotalCount', 'folder:ChildFolderCount'];

/** The FieldURIs a FolderShape asks for (folder:FolderId is always written). */
export function readFolderShape(shape: XmlNode | undefined): Set<string> {
  const base = child(shape, 'BaseShape')?.text;
  const fields = base === 'AllProperties' ? ALL_FIELDS : base === 'Default' ? DEFAULT_FIELDS : [];
  const extra = childrenNamed(child(shape, 'AdditionalProperties'), 'FieldURI').map(
    (f) => f.attrs.FieldURI ?? '',
  );
  return new Set([...fields, ...extra]);
}

const ELEMENTS: Record<string, string> = {
  'IPF.Appointment': 't:CalendarFolder',
  'IPF.Contact': 't:ContactsFolder',
  'IPF.Task': 't:TasksFolder',
};

export function folderXml(folder: MailFolder, mailbox: Mailbox, fields: Set<string>): string {
  const parent = folder.parentId ? mailbox.folders.get(folder.parentId) : undefined;
  const writers: Record<string, () => string | undefined> = {
    'folder:ParentFolderId': () =>
      parent && el('t:ParentFolderId', { Id: parent.id, ChangeKey: folderChangeKey(parent) }),
    'folder:FolderClass': () =>
      folder.folderClass ? textEl('t:FolderClass', folder.folderClass) : undefined,
    'folder:DisplayName': () => textEl('t:DisplayName', folder.displayName),
    'folder:TotalCount': () => textEl('t:TotalCount', mailbox.liveItems(folder.id).length),
    'folder:ChildFolderCount': () =>
      textEl('t:ChildFolderCount', mailbox.childrenOf(folder.id).length),
  };
  const parts = ALL_FIELDS.filter((f) => fields.has(f)).map((f) => writers[f]?.());
  return el(
    ELEMENTS[folder.folderClass ?? ''] ?? 't:Folder',
    {},
    el('t:FolderId', { Id: folder.id, ChangeKey: folderChangeKey(folder) }),
    ...parts,
  );
}
