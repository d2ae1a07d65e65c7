/**
 * The mailbox's calendar folders. Exchange keeps calendars as folders of class IPF.Appointment
 * (learn.microsoft.com, EWS reference: FolderClass, "Folder classes typically start with IPF.";
 * a calendar folder is answered as t:CalendarFolder). They are found by a deep FindFolder from
 * the message folder root (DistinguishedFolderId `msgfolderroot`; Traversal="Deep" searches every
 * folder below the parent, never the parent itself: FindFolder reference), not from the Calendar:
 * Outlook makes a new calendar under the Calendar by default, but one may sit anywhere in the
 * mailbox (next to the Inbox, or moved), and a deep search from the Calendar would miss those.
 * The search is restricted to the class (a Restriction of IsEqualTo on folder:FolderClass: a
 * FindFolder restriction uses folder properties), so the mail folders, usually most of a
 * mailbox, are not read every hour. A folder deleted in Outlook is moved to Deleted Items, still
 * IPF.Appointment, perhaps inside a mail folder deleted with it: the same restricted deep search
 * below Deleted Items names those, and they are left out. GetFolder names the Calendar itself
 * (listed among them by its FolderId, which is how it is told apart). Only the exact class counts,
 * checked here too: derived classes (Exchange Online's Birthdays calendar,
 * IPF.Appointment.Birthday) are not the user's own calendars.
 */
import {
  BasePropertySet,
  Folder,
  FolderId,
  FolderSchema,
  FolderTraversal,
  FolderView,
  PropertySet,
  SearchFilter,
  WellKnownFolderName,
  type ExchangeService,
} from 'ews-javascript-api';
import { ProviderError } from '../provider.js';

export const CALENDAR_FOLDER_CLASS = 'IPF.Appointment';
/** Folders per FindFolder page, and the most pages read (25,000 calendar folders). */
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
  displayName: string;
  folderClass: string | null;
}

/** The Calendar first, then every other calendar folder the deep search finds, in its order. */
export async function listCalendarFolders(service: ExchangeService): Promise<EwsCalendarFolder[]> {
  const shape = new PropertySet(BasePropertySet.IdOnly, [FolderSchema.DisplayName]);
  const [calendar, listed] = await Promise.all([
    Folder.Bind(service, WellKnownFolderName.Calendar, shape),
    findCalendarFolders(service, WellKnownFolderName.MsgFolderRoot),
  ]);
  // After the first: a folder deleted in between is then found in Deleted Items, not kept.
  const binned = await findCalendarFolders(service, WellKnownFolderName.DeletedItems);
  const calendarId = calendar.Id.UniqueId;
  const deleted = new Set(binned.map((f) => f.id));
  const others = listed.filter((f) => f.id !== calendarId && !deleted.has(f.id));
  return [
    { id: calendarId, displayName: read(() => calendar.DisplayName) ?? 'Calendar', primary: true },
    ...others.map((f) => ({ id: f.id, displayName: f.displayName, primary: false })),
  ];
}

/**
 * Every IPF.Appointment folder below `parent`, page by page. A listing cut off by the page cap
 * is an error, not a shorter list: calendar discovery would take the calendar folders past the
 * cut for deleted (marked missing, removed with their events a day later).
 */
async function findCalendarFolders(
  service: ExchangeService,
  parent: WellKnownFolderName,
): Promise<ListedFolder[]> {
  const found: ListedFolder[] = [];
  const calendars = new SearchFilter.IsEqualTo(FolderSchema.FolderClass, CALENDAR_FOLDER_CLASS);
  for (let page = 0; page < MAX_FOLDER_PAGES; page++) {
    const view = new FolderView(FOLDER_PAGE, found.length);
    view.Traversal = FolderTraversal.Deep;
    view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [
      FolderSchema.DisplayName,
      FolderSchema.FolderClass,
    ]);
    const result = await service.FindFolders(new FolderId(parent), calendars, view);
    for (const folder of result.Folders) {
      const id = read(() => folder.Id.UniqueId);
      const folderClass = read(() => folder.FolderClass) ?? null;
      // Counted for the offset whatever it is; kept only when of the exact class.
      found.push({ id: id ?? '', displayName: read(() => folder.DisplayName) ?? '', folderClass });
    }
    // The library reads IndexedPagingOffset but drops it: the next page starts after this one.
    if (!result.MoreAvailable || result.Folders.length === 0)
      return found.filter((f) => f.id && f.folderClass === CALENDAR_FOLDER_CLASS);
  }
  throw new ProviderError(
    'exchange',
    'transient',
    `the mailbox lists more calendar folders than ${MAX_FOLDER_PAGES} FindFolder pages hold ` +
      `(${found.length} read); none was listed, so none is taken for deleted`,
  );
}

/** The folder another person's Calendar id names (folderOf), as its owner named it. */
export async function bindSharedCalendar(
  service: ExchangeService,
  folderId: FolderId,
): Promise<EwsCalendarFolder> {
  const shape = new PropertySet(BasePropertySet.IdOnly, [FolderSchema.DisplayName]);
  const folder = await Folder.Bind(service, folderId, shape);
  return {
    id: folder.Id.UniqueId,
    displayName: read(() => folder.DisplayName) ?? 'Calendar',
    primary: false,
  };
}

/** A getter of the library that throws when the property was not sent reads as undefined. */
function read<T>(get: () => T): T | undefined {
  try {
    return get() ?? undefined;
  } catch {
    return undefined;
  }
}
