/**
 * One mailbox: its credentials, its calendar folder's items (deleted ones kept as tombstones so
 * that sync states taken before the deletion can report it) and its notification event log.
 */
import type { StoredItem } from './items.js';
import type { Person } from './types.js';

export type EventKind = 'CreatedEvent' | 'ModifiedEvent' | 'DeletedEvent';

export interface MailboxEvent {
  /** Position in the log, from 1. */
  position: number;
  kind: EventKind;
  itemId: string;
  changeKey: string;
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
  readonly events: MailboxEvent[] = [];
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
  ) {}

  get owner(): Person {
    return { email: this.email, name: this.name };
  }

  liveItems(): StoredItem[] {
    return [...this.items.values()].filter((item) => item.deletedSeq === undefined);
  }

  liveItem(id: string): StoredItem | undefined {
    const item = this.items.get(id);
    return item && item.deletedSeq === undefined ? item : undefined;
  }

  record(kind: EventKind, item: StoredItem, timeMs: number): void {
    const position = this.events.length + 1;
    this.events.push({ position, kind, itemId: item.id, changeKey: item.changeKey, timeMs });
  }
}
