/**
 * The mailbox's calendar folders. Exchange keeps calendars as folders of class IPF.Appointment
 * (learn.microsoft.com, EWS reference: FolderClass, "Folder classes typically start with IPF.";
 * a calendar folder is answered as t:CalendarFolder). They are found by one deep FindFolder from
 * the message folder root (DistinguishedFolderId `msgfolderroot`; Traversal="Deep" searches every
 * folder below the parent, never the parent itself: FindFolder reference), not from the Calendar:
 * Outlook makes a new calendar under the Calendar by default, but one may sit anywhere in the
 * mailbox (next to the Inbox, or moved), and a deep search from the Calendar would miss those.
 * Two GetFolder calls name the Calendar itself (listed among them by its FolderId, which is how it
 * is told apart) and the Deleted Items folder: a folder deleted in Outlook is moved there, still
 * IPF.Appointment, so whatever lies below it is left out. Only the exact class counts: derived
 * classes (Exchange Online's Birthdays calendar, IPF.Appointment.Birthday) are not the user's own
 * calendars.
 */
import {
  BasePropertySet,
  Folder,
  FolderId,
  FolderSchema,
  FolderTraversal,
  FolderView,
  PropertySet,
  WellKnownFolderName,
  type ExchangeService,
} from 'ews-javascript-api';
import { ProviderError } from '../provider.js';

export const CALENDAR_FOLDER_CLASS = 'IPF.Appointment';
/** Folders per FindFolder page, and the most pages read (a mailbox of 25,000 folders). */
export const FOLDER_PAGE = 250;
export const MAX_FOLDER_PAGES = 100;

/** One calendar folder: the Calendar (`primary`) or another IPF.Appointment folder. */
export interface EwsCalendarFolder {
  id: string;
  displayName: string;
  primary: boolean;
}

interface ListedFolder {
  id: string;
  parentId: string | null;
  displayName: string;
  folderClass: string | null;
}

/** The Calendar first, then every other calendar folder the deep search finds, in its order. */
export async function listCalendarFolders(service: ExchangeService): Promise<EwsCalendarFolder[]> {
  const shape = new PropertySet(BasePropertySet.IdOnly, [FolderSchema.DisplayName]);
  const [calendar, deletedItems] = await Promise.all([
    Folder.Bind(service, WellKnownFolderName.Calendar, shape),
    Folder.Bind(service, WellKnownFolderName.DeletedItems, shape),
  ]);
  const calendarId = calendar.Id.UniqueId;
  const listed = await findAllFolders(service);
  const parents = new Map(listed.map((f) => [f.id, f.parentId]));
  const others = listed.filter(
    (f) =>
      f.folderClass === CALENDAR_FOLDER_CLASS &&
      f.id !== calendarId &&
      !isBelow(f.id, deletedItems.Id.UniqueId, parents),
  );
  return [
    { id: calendarId, displayName: read(() => calendar.DisplayName) ?? 'Calendar', primary: true },
    ...others.map((f) => ({ id: f.id, displayName: f.displayName, primary: false })),
  ];
}

/**
 * Every folder below msgfolderroot, page by page. A listing cut off by the page cap is an error,
 * not a shorter list: calendar discovery would take the calendar folders past the cut for deleted
 * (marked missing, removed with their events a day later).
 */
async function findAllFolders(service: ExchangeService): Promise<ListedFolder[]> {
  const found: ListedFolder[] = [];
  for (let page = 0; page < MAX_FOLDER_PAGES; page++) {
    const view = new FolderView(FOLDER_PAGE, found.length);
    view.Traversal = FolderTraversal.Deep;
    view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [
      FolderSchema.DisplayName,
      FolderSchema.FolderClass,
      FolderSchema.ParentFolderId,
    ]);
    const result = await service.FindFolders(new FolderId(WellKnownFolderName.MsgFolderRoot), view);
    for (const folder of result.Folders) {
      const id = read(() => folder.Id.UniqueId);
      if (!id) continue;
      found.push({
        id,
        parentId: read(() => folder.ParentFolderId.UniqueId) ?? null,
        displayName: read(() => folder.DisplayName) ?? '',
        folderClass: read(() => folder.FolderClass) ?? null,
      });
    }
    // The library reads IndexedPagingOffset but drops it: the next page starts after this one.
    if (!result.MoreAvailable || result.Folders.length === 0) return found;
  }
  throw new ProviderError(
    'exchange',
    'transient',
    `the mailbox lists more folders than ${MAX_FOLDER_PAGES} FindFolder pages hold ` +
      `(${found.length} read); its calendar folders were not listed, so none is taken for deleted`,
  );
}

/** Whether `ancestorId` is `id`'s parent, or its parent's, and so on. */
function isBelow(id: string, ancestorId: string, parents: Map<string, string | null>): boolean {
  const seen = new Set<string>();
  for (let at = parents.get(id); at && !seen.has(at); at = parents.get(at)) {
    if (at === ancestorId) return true;
    seen.add(at);
  }
  return false;
}

/** A getter of the library that throws when the property was not sent reads as undefined. */
function read<T>(get: () => T): T | undefined {
  try {
    return get() ?? undefined;
  } catch {
    return undefined;
  }
}
