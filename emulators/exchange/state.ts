/**
 * The emulator's data: mailboxes and every change to their calendars, numbered by one change
 * sequence. Every mutation (seed, control API) goes through here, so items, sync states and
 * notification events cannot drift apart. Instance edits change the master (a new ChangeKey and
 * a Modified event), as they do in Exchange, where occurrences are not items of their own.
 */
import { createHash } from 'node:crypto';
import { EwsError } from './soap.js';
import { buildItem, instant, patchItem, setModification, touch, type StoredItem } from './items.js';
import { CALENDAR_CLASS, folderIdFor, type MailFolder } from './mail-folders.js';
import { Mailbox } from './mailbox.js';
import type {
  CalendarFolderInput,
  CalendarItemInput,
  CalendarItemPatch,
  DelegateLevel,
  ExchangeSeed,
  MailboxSeed,
  OccurrencePeople,
} from './types.js';
import { mustIana } from './zones.js';

/** An instance's new times and fields; people given here are the exception's own. */
export interface OccurrenceChange extends OccurrencePeople {
  start: string;
  end: string;
  subject?: string;
  location?: string;
}

export class ExchangeState {
  readonly mailboxes = new Map<string, Mailbox>();
  private seq = 0;

  constructor(private readonly nowMs: () => number) {}

  get currentSeq(): number {
    return this.seq;
  }

  /** Forgets everything and loads the seed again (the change sequence keeps counting). */
  load(seed: ExchangeSeed): void {
    this.mailboxes.clear();
    for (const entry of seed.mailboxes) this.addMailbox(entry);
  }

  private addMailbox(seed: MailboxSeed): void {
    const email = seed.email.toLowerCase();
    const timeZone = seed.timeZone ?? 'UTC';
    mustIana(timeZone);
    const folderId = `AAMkCal${createHash('sha256').update(email).digest('base64url').slice(0, 24)}`;
    const mailbox = new Mailbox(
      email,
      seed.name ?? seed.email,
      {
        username: seed.username ?? email.split('@')[0] ?? email,
        domain: seed.domain ?? 'CONTOSO',
        password: seed.password,
        tokens: seed.tokens ?? [],
      },
      timeZone,
      folderId,
    );
    this.mailboxes.set(email, mailbox);
    for (const grant of seed.delegates ?? [])
      mailbox.delegates.set(grant.email.toLowerCase(), grant.level);
    for (const folder of seed.folders ?? []) this.makeFolder(mailbox, folder);
    // One change number per item, so that sync paging can cut between any two items.
    for (const input of seed.items ?? []) this.insert(mailbox, input);
  }

  mailbox(email: string): Mailbox {
    const mailbox = this.mailboxes.get(email.toLowerCase());
    if (!mailbox) throw new Error(`unknown mailbox ${email}`);
    return mailbox;
  }

  addItem(email: string, input: CalendarItemInput): StoredItem {
    const mailbox = this.mailbox(email);
    if (input.id && mailbox.items.has(input.id)) throw new Error(`item ${input.id} exists`);
    return this.insert(mailbox, input);
  }

  private insert(mailbox: Mailbox, input: CalendarItemInput): StoredItem {
    const folder = input.folderId ? mailbox.folder(input.folderId) : undefined;
    if (input.folderId && folder?.folderClass !== CALENDAR_CLASS)
      throw new Error(`no calendar folder ${input.folderId} in ${mailbox.email}`);
    const item = buildItem(input, {
      owner: mailbox.owner,
      folderId: mailbox.calendarFolderId,
      timeZone: mailbox.timeZone,
      nowMs: this.nowMs(),
      seq: ++this.seq,
    });
    mailbox.items.set(item.id, item);
    mailbox.record('CreatedEvent', item, this.nowMs());
    return item;
  }

  updateItem(email: string, id: string, patch: CalendarItemPatch): StoredItem {
    const mailbox = this.mailbox(email);
    const next = patchItem(this.mustItem(mailbox, id), patch, this.nowMs());
    return this.save(mailbox, next);
  }

  moveItem(email: string, id: string, to: { start: string; end: string }): StoredItem {
    return this.updateItem(email, id, { start: to.start, end: to.end });
  }

  /** The organizer cancelled: the item stays in the calendar with IsCancelled (Exchange does). */
  cancelItem(email: string, id: string): StoredItem {
    return this.updateItem(email, id, { isCancelled: true, legacyFreeBusyStatus: 'Free' });
  }

  deleteItem(email: string, id: string): void {
    const mailbox = this.mailbox(email);
    const item = this.mustItem(mailbox, id);
    item.deletedSeq = ++this.seq;
    item.lastSeq = item.deletedSeq;
    mailbox.record('DeletedEvent', item, this.nowMs());
  }

  /** One instance moved or edited: an exception inside the master, which becomes an Update. */
  modifyOccurrence(
    email: string,
    masterId: string,
    originalStart: string,
    change: OccurrenceChange,
  ): StoredItem {
    const mailbox = this.mailbox(email);
    const master = this.mustMaster(mailbox, masterId);
    const next = this.copyOf(master);
    // An exception keeps the people it was given before unless this change names them anew.
    const earlier = next.modified.get(instant(originalStart, 'originalStart'));
    setModification(next, { ...peopleOf(earlier), originalStart, ...change });
    return this.save(mailbox, touch(next, this.nowMs()));
  }

  deleteOccurrence(email: string, masterId: string, originalStart: string): StoredItem {
    const mailbox = this.mailbox(email);
    const master = this.mustMaster(mailbox, masterId);
    const next = this.copyOf(master);
    const originalStartMs = instant(originalStart, 'originalStart');
    next.modified.delete(originalStartMs);
    next.deleted.add(originalStartMs);
    return this.save(mailbox, touch(next, this.nowMs()));
  }

  /** A new folder (a calendar unless told otherwise), under the Calendar unless told where. */
  createFolder(email: string, input: CalendarFolderInput): MailFolder {
    return this.makeFolder(this.mailbox(email), input);
  }

  private makeFolder(mailbox: Mailbox, input: CalendarFolderInput): MailFolder {
    const parentName = input.parent ?? 'calendar';
    const parent = mailbox.folder(parentName, true) ?? mailbox.folder(parentName);
    if (!parent) throw new Error(`no folder ${parentName} in ${mailbox.email}`);
    const id = input.id ?? folderIdFor(mailbox.email, `${parent.id}/${input.displayName}`);
    if (mailbox.folders.has(id)) throw new Error(`folder ${id} exists`);
    // Exchange refuses two folders of one name under one parent (ErrorFolderExists).
    if (mailbox.childrenOf(parent.id).some((f) => f.displayName === input.displayName))
      throw new Error(`a folder named ${input.displayName} exists under ${parent.displayName}`);
    const folder: MailFolder = {
      id,
      displayName: input.displayName,
      parentId: parent.id,
      folderClass: input.folderClass ?? CALENDAR_CLASS,
      version: 1,
    };
    mailbox.folders.set(id, folder);
    return folder;
  }

  renameFolder(email: string, id: string, displayName: string): MailFolder {
    const folder = this.mustOwnFolder(this.mailbox(email), id);
    folder.displayName = displayName;
    folder.version += 1;
    return folder;
  }

  /**
   * Deletes a folder made here, with its subfolders and their items: ids naming them are told
   * ErrorFolderNotFound (or ErrorItemNotFound) from now on. Default folders cannot be deleted.
   */
  deleteFolder(email: string, id: string): void {
    const mailbox = this.mailbox(email);
    const folder = this.mustOwnFolder(mailbox, id);
    const doomed = [folder];
    for (let i = 0; i < doomed.length; i++) doomed.push(...mailbox.childrenOf(doomed[i]!.id));
    for (const f of doomed) f.deleted = true;
  }

  private mustOwnFolder(mailbox: Mailbox, id: string): MailFolder {
    const folder = mailbox.mustFolder(id);
    if (folder.distinguished) throw new Error(`${folder.displayName} is a default folder`);
    return folder;
  }

  /** `delegate` may open `owner`'s Calendar as far as `level` says (replacing any grant). */
  grantDelegate(owner: string, delegate: string, level: DelegateLevel): void {
    this.mailbox(owner).delegates.set(delegate.toLowerCase(), level);
  }

  /** `delegate` may no longer open `owner`'s Calendar: ErrorAccessDenied from the next call. */
  revokeDelegate(owner: string, delegate: string): void {
    this.mailbox(owner).delegates.delete(delegate.toLowerCase());
  }

  /** Every SyncState of the mailbox is refused from now on (ErrorInvalidSyncStateData). */
  invalidateSyncStates(email: string): void {
    this.mailbox(email).syncGeneration += 1;
  }

  /**
   * The server forgets every SyncState right after answering `calls` more SyncFolderItems: a
   * state that goes stale part-way through a client's run, at a point a test chooses.
   */
  invalidateSyncStatesAfter(email: string, calls: number): void {
    this.mailbox(email).syncCallsBeforeInvalidation = calls;
  }

  /** Every watermark of the mailbox is refused from now on (ErrorInvalidWatermark). */
  invalidateWatermarks(email: string): void {
    this.mailbox(email).watermarkGeneration += 1;
  }

  private save(mailbox: Mailbox, item: StoredItem): StoredItem {
    item.lastSeq = ++this.seq;
    mailbox.items.set(item.id, item);
    mailbox.record('ModifiedEvent', item, this.nowMs());
    return item;
  }

  private copyOf(item: StoredItem): StoredItem {
    return { ...item, modified: new Map(item.modified), deleted: new Set(item.deleted) };
  }

  private mustItem(mailbox: Mailbox, id: string): StoredItem {
    const item = mailbox.liveItem(id);
    if (!item) throw new EwsError('ErrorItemNotFound', `item ${id} not found`);
    return item;
  }

  private mustMaster(mailbox: Mailbox, id: string): StoredItem {
    const item = this.mustItem(mailbox, id);
    if (!item.recurrence) throw new Error(`item ${id} is not a recurring master`);
    return item;
  }
}

function peopleOf(m: OccurrencePeople | undefined): OccurrencePeople {
  if (!m) return {};
  const { requiredAttendees, optionalAttendees, resources, myResponseType } = m;
  return Object.fromEntries(
    Object.entries({ requiredAttendees, optionalAttendees, resources, myResponseType }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}
