/**
 * One mailbox: its credentials, its folders (mail-folders.ts), the items of its calendar folders
 * (deleted ones kept as tombstones so that sync states taken before the deletion can report it;
 * item ids are unique in the mailbox, each item names its folder) and its notification event log.
 */
import type { StoredItem } from './items.js';
import { defaultFolders, type MailFolder } from './mail-folders.js';
import { EwsError } from './soap.js';
import type { DelegateLevel, Person } from './types.js';

export type EventKind = 'CreatedEvent' | 'ModifiedEvent' | 'DeletedEvent';

export interface MailboxEvent {
  /** Position in the log, from 1. */
  position: number;
  kind: EventKind;
  itemId: string;
  changeKey: string;
  /** The folder the item is in (its ParentFolderId; subscriptions filter on it). */
  folderId: string;
  timeMs: number;
}

export interface Credentials {
  username: string;
  domain: string;
  password: string;
  tokens: string[];
}

export class Mailbox {
  readonly items = new Map<string, StoredItem>();
  /** Every folder by id, deleted ones included (as tombstones). */
  readonly folders = new Map<string, MailFolder>();
  readonly events: MailboxEvent[] = [];
  /** Who else may open the Calendar, by their (lower-case) address, and how far. */
  readonly delegates = new Map<string, DelegateLevel>();
  /** Bumped to refuse every SyncState handed out before. */
  syncGeneration = 1;
  /** Answers of SyncFolderItems left before every SyncState is refused (null: never). */
  syncCallsBeforeInvalidation: number | null = null;
  /** Bumped to refuse every watermark handed out before (the event table was purged). */
  watermarkGeneration = 1;

  constructor(
    readonly email: string,
    readonly name: string,
    readonly credentials: Credentials,
    readonly timeZone: string,
    /** Folder ids as EWS would print them. */
    readonly calendarFolderId: string,
  ) {
    for (const folder of defaultFolders(email, calendarFolderId))
      this.folders.set(folder.id, folder);
  }

  /** The live folder with this id, or the one this DistinguishedFolderId names. */
  folder(id: string, distinguished = false): MailFolder | undefined {
    const found = distinguished
      ? [...this.folders.values()].find((f) => f.distinguished === id)
      : this.folders.get(id);
    return found && !found.deleted ? found : undefined;
  }

  /** The live folder with this id; ErrorFolderNotFound otherwise (as EWS says it). */
  mustFolder(id: string, distinguished = false): MailFolder {
    const found = this.folder(id, distinguished);
    if (!found)
      throw new EwsError(
        'ErrorFolderNotFound',
        'The specified folder could not be found in the store.',
      );
    return found;
  }

  /** The live folders directly under `parentId`, in the order they were made. */
  childrenOf(parentId: string): MailFolder[] {
    return [...this.folders.values()].filter((f) => f.parentId === parentId && !f.deleted);
  }

  get owner(): Person {
    return { email: this.email, name: this.name };
  }

  /** Live items (of one folder, or of every live folder). */
  liveItems(folderId?: string): StoredItem[] {
    return [...this.items.values()].filter(
      (item) => this.isLive(item) && (folderId === undefined || item.folderId === folderId),
    );
  }

  liveItem(id: string): StoredItem | undefined {
    const item = this.items.get(id);
    return item && this.isLive(item) ? item : undefined;
  }

  /** Not deleted, and in a folder that is not deleted (a deleted folder takes its items). */
  private isLive(item: StoredItem): boolean {
    return item.deletedSeq === undefined && this.folder(item.folderId) !== undefined;
  }

  record(kind: EventKind, item: StoredItem, timeMs: number): void {
    const position = this.events.length + 1;
    this.events.push({
      position,
      kind,
      itemId: item.id,
      changeKey: item.changeKey,
      folderId: item.folderId,
      timeMs,
    });
  }
}
