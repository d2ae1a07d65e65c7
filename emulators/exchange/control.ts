/**
 * The programmatic control surface: what the control API does over HTTP, for tests and the demo
 * in the same process. Every method goes through the same state as EWS, so a change made here is
 * seen by SyncFolderItems and GetEvents exactly like one made in Outlook.
 */
import type { EmulatorContext } from './context.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import { itemsInRange } from './op-find-item.js';
import type { StoredItem } from './items.js';
import type { MailFolder } from './mail-folders.js';
import { settingsPatchSchema, type EmulatorSettings, type SettingsPatch } from './settings.js';
import type { OccurrenceChange } from './state.js';
import type {
  CalendarFolderInput,
  CalendarItemInput,
  CalendarItemPatch,
  DelegateGrant,
  DelegateLevel,
} from './types.js';

/** An item as the control API shows it (JSON-friendly: ISO times, arrays). */
export interface ItemSummary {
  id: string;
  folderId: string;
  changeKey: string;
  subject: string;
  start: string;
  end: string;
  timeZone: string;
  isCancelled: boolean;
  recurring: boolean;
  modifiedOccurrences: { originalStart: string; start: string; end: string }[];
  deletedOccurrences: string[];
}

export interface ViewEntry {
  itemId: string;
  type: string;
  subject: string;
  start: string;
  end: string;
  originalStart?: string;
  /** Everyone it invites (required, optional, then resources), as the entry itself lists them. */
  attendees: string[];
}

/** A folder as the control API shows it. */
export interface FolderSummary {
  id: string;
  displayName: string;
  /** Null for the message folder root. */
  parentId: string | null;
  folderClass: string | null;
  /** Its DistinguishedFolderId, for default folders. */
  distinguished: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function summarizeFolder(folder: MailFolder): FolderSummary {
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentId: folder.parentId,
    folderClass: folder.folderClass,
    distinguished: folder.distinguished ?? null,
  };
}

export function summarize(item: StoredItem): ItemSummary {
  return {
    id: item.id,
    folderId: item.folderId,
    changeKey: item.changeKey,
    subject: item.subject,
    start: iso(item.startMs),
    end: iso(item.endMs),
    timeZone: item.timeZone,
    isCancelled: item.isCancelled,
    recurring: Boolean(item.recurrence),
    modifiedOccurrences: [...item.modified.values()].map((m) => ({
      originalStart: iso(m.originalStartMs),
      start: iso(m.startMs),
      end: iso(m.endMs),
    })),
    deletedOccurrences: [...item.deleted].sort((a, b) => a - b).map(iso),
  };
}

export class ExchangeEmulatorControl {
  constructor(private readonly ctx: EmulatorContext) {}

  // --- data -------------------------------------------------------------------------------

  mailboxes(): { email: string; name: string; username: string; domain: string }[] {
    return [...this.ctx.state.mailboxes.values()].map((m) => ({
      email: m.email,
      name: m.name,
      username: m.credentials.username,
      domain: m.credentials.domain,
    }));
  }

  /** A password changed on the server (as after a directory password change). */
  setPassword(mailbox: string, password: string): void {
    this.ctx.state.mailbox(mailbox).credentials.password = password;
  }

  /** The live items of a mailbox's calendar folders (masters and singles), as stored. */
  items(mailbox: string, folderId?: string): ItemSummary[] {
    return this.ctx.state.mailbox(mailbox).liveItems(folderId).map(summarize);
  }

  /**
   * What a CalendarView of the range shows in one calendar folder (default the Calendar): the
   * truth a convergence test compares with.
   */
  view(mailbox: string, start: string, end: string, folderId?: string): ViewEntry[] {
    const box = this.ctx.state.mailbox(mailbox);
    const folder = box.mustFolder(folderId ?? box.calendarFolderId);
    const views = itemsInRange(box, folder.id, Date.parse(start), Date.parse(end));
    return views.map((v) => ({
      itemId: v.itemId,
      type: v.type,
      subject: v.subject,
      start: iso(v.startMs),
      end: iso(v.endMs),
      ...(v.originalStartMs !== undefined ? { originalStart: iso(v.originalStartMs) } : {}),
      attendees: [...v.requiredAttendees, ...v.optionalAttendees, ...v.resources].map(
        (a) => a.email,
      ),
    }));
  }

  addItem(mailbox: string, item: CalendarItemInput): ItemSummary {
    return summarize(this.ctx.state.addItem(mailbox, item));
  }

  updateItem(mailbox: string, id: string, patch: CalendarItemPatch): ItemSummary {
    return summarize(this.ctx.state.updateItem(mailbox, id, patch));
  }

  moveItem(mailbox: string, id: string, to: { start: string; end: string }): ItemSummary {
    return summarize(this.ctx.state.moveItem(mailbox, id, to));
  }

  cancelItem(mailbox: string, id: string): ItemSummary {
    return summarize(this.ctx.state.cancelItem(mailbox, id));
  }

  deleteItem(mailbox: string, id: string): void {
    this.ctx.state.deleteItem(mailbox, id);
  }

  modifyOccurrence(
    mailbox: string,
    masterId: string,
    originalStart: string,
    change: OccurrenceChange,
  ): ItemSummary {
    return summarize(this.ctx.state.modifyOccurrence(mailbox, masterId, originalStart, change));
  }

  deleteOccurrence(mailbox: string, masterId: string, originalStart: string): ItemSummary {
    return summarize(this.ctx.state.deleteOccurrence(mailbox, masterId, originalStart));
  }

  /** The mailbox's live folders: the root, the default folders and the ones made here. */
  folders(mailbox: string): FolderSummary[] {
    return [...this.ctx.state.mailbox(mailbox).folders.values()]
      .filter((f) => !f.deleted)
      .map(summarizeFolder);
  }

  /** A new calendar folder (under the Calendar unless `parent` says where). */
  createFolder(mailbox: string, folder: CalendarFolderInput): FolderSummary {
    return summarizeFolder(this.ctx.state.createFolder(mailbox, folder));
  }

  renameFolder(mailbox: string, id: string, displayName: string): FolderSummary {
    return summarizeFolder(this.ctx.state.renameFolder(mailbox, id, displayName));
  }

  /** Deletes a folder made here, with its subfolders and their items. */
  deleteFolder(mailbox: string, id: string): void {
    this.ctx.state.deleteFolder(mailbox, id);
  }

  /** Who may open the mailbox's Calendar (delegates.ts), and how far. */
  delegates(mailbox: string): DelegateGrant[] {
    return [...this.ctx.state.mailbox(mailbox).delegates].map(([email, level]) => ({
      email,
      level,
    }));
  }

  /** `delegate` may open `owner`'s Calendar as `level` says (a grant made in Outlook). */
  grantDelegate(owner: string, delegate: string, level: DelegateLevel): void {
    this.ctx.state.grantDelegate(owner, delegate, level);
  }

  /** The owner withdrew the permission: ErrorAccessDenied for `delegate` from now on. */
  revokeDelegate(owner: string, delegate: string): void {
    this.ctx.state.revokeDelegate(owner, delegate);
  }

  invalidateSyncStates(mailbox: string): void {
    this.ctx.state.invalidateSyncStates(mailbox);
  }

  /** Every SyncState is refused right after `calls` more SyncFolderItems answers. */
  invalidateSyncStatesAfter(mailbox: string, calls: number): void {
    this.ctx.state.invalidateSyncStatesAfter(mailbox, calls);
  }

  invalidateWatermarks(mailbox: string): void {
    this.ctx.state.invalidateWatermarks(mailbox);
  }

  /** Every pull subscription (of one mailbox, or all) is forgotten, as after its timeout. */
  expireSubscriptions(mailbox?: string): number {
    return this.ctx.subscriptions.expire(mailbox);
  }

  /** EWS operations asked for since the start or the last resetOperationCounts, by name. */
  operationCounts(): Record<string, number> {
    return Object.fromEntries(this.ctx.operations);
  }

  resetOperationCounts(): void {
    this.ctx.operations.clear();
  }

  // --- faults -----------------------------------------------------------------------------

  addFault(rule: FaultRuleInput): FaultRule {
    return this.ctx.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.ctx.faults.remove(id);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  faults(): FaultRule[] {
    return this.ctx.faults.list();
  }

  seedFaults(seed: number): void {
    this.ctx.faults.seed(seed);
  }

  // --- settings and reset -----------------------------------------------------------------

  settings(): EmulatorSettings {
    return structuredClone(this.ctx.settings);
  }

  updateSettings(patch: SettingsPatch): EmulatorSettings {
    Object.assign(this.ctx.settings, settingsPatchSchema.parse(patch));
    return this.settings();
  }

  /** Back to the start: seed data and settings; no faults or subscriptions. */
  reset(): void {
    Object.assign(this.ctx.settings, structuredClone(this.ctx.initialSettings));
    this.ctx.state.load(this.ctx.seed);
    this.ctx.faults.clear();
    this.ctx.subscriptions.clear();
    this.ctx.operations.clear();
  }
}
