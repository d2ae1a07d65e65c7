/** Calendar items as stored: the seed's input completed with ids, versions and UTC times. */
import { createHash } from 'node:crypto';
import { changeKeyOf, newItemId } from './ids.js';
import type {
  Attendee,
  CalendarItemInput,
  CalendarItemPatch,
  FreeBusyStatus,
  ModifiedOccurrence,
  OccurrencePeople,
  Person,
  Recurrence,
  ResponseType,
} from './types.js';
import { mustIana } from './zones.js';

export interface StoredModification extends OccurrencePeople {
  originalStartMs: number;
  startMs: number;
  endMs: number;
  subject?: string;
  location?: string;
}

export interface StoredItem {
  id: string;
  /** The calendar folder it is in. */
  folderId: string;
  changeKey: string;
  version: number;
  subject: string;
  body?: string;
  location?: string;
  startMs: number;
  endMs: number;
  timeZone: string;
  /** See CalendarItemInput.timeZoneId. */
  timeZoneId?: string;
  isAllDay: boolean;
  uid: string;
  organizer: Person;
  requiredAttendees: Attendee[];
  optionalAttendees: Attendee[];
  resources: Attendee[];
  myResponseType: ResponseType;
  legacyFreeBusyStatus: FreeBusyStatus;
  isCancelled: boolean;
  recurrence?: Recurrence;
  /** Keyed by original start (ms). */
  modified: Map<number, StoredModification>;
  /** Original starts (ms) of deleted occurrences. */
  deleted: Set<number>;
  createdMs: number;
  modifiedMs: number;
  /** Change sequence numbers: when it was created, last changed, deleted. */
  createdSeq: number;
  lastSeq: number;
  deletedSeq?: number;
}

export interface ItemDefaults {
  owner: Person;
  /** The folder it goes in when the input names none: the mailbox's Calendar. */
  folderId: string;
  timeZone: string;
  nowMs: number;
  seq: number;
}

export function instant(text: string, what: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${what}: not a date-time: "${text}"`);
  return ms;
}

/**
 * MyResponseType when the seed does not say: Organizer for the owner's own meetings, else the
 * answer the owner's attendee entry gives, else NoResponseReceived (invited, not answered yet).
 * A seed may set it apart from the entry: an invitee's copy often lists the owner as Unknown.
 */
function defaultResponse(
  input: CalendarItemInput,
  owner: Person,
  organises: boolean,
): ResponseType {
  if (organises) return 'Organizer';
  const own = [...(input.requiredAttendees ?? []), ...(input.optionalAttendees ?? [])].find(
    (a) => a.email.toLowerCase() === owner.email.toLowerCase(),
  );
  return own?.response && own.response !== 'Unknown' ? own.response : 'NoResponseReceived';
}

export function buildItem(input: CalendarItemInput, defaults: ItemDefaults): StoredItem {
  const id = input.id ?? newItemId();
  const organizer = input.organizer ?? defaults.owner;
  const organises = organizer.email.toLowerCase() === defaults.owner.email.toLowerCase();
  const item: StoredItem = {
    id,
    folderId: input.folderId ?? defaults.folderId,
    changeKey: changeKeyOf(id, 1),
    version: 1,
    subject: input.subject ?? '',
    startMs: instant(input.start, 'start'),
    endMs: instant(input.end, 'end'),
    timeZone: input.timeZone ?? defaults.timeZone,
    isAllDay: input.isAllDay ?? false,
    uid: input.uid ?? outlookUid(id),
    organizer,
    requiredAttendees: input.requiredAttendees ?? [],
    optionalAttendees: input.optionalAttendees ?? [],
    resources: input.resources ?? [],
    myResponseType: input.myResponseType ?? defaultResponse(input, defaults.owner, organises),
    legacyFreeBusyStatus: input.legacyFreeBusyStatus ?? 'Busy',
    isCancelled: input.isCancelled ?? false,
    modified: new Map(),
    deleted: new Set(),
    createdMs: defaults.nowMs,
    modifiedMs: defaults.nowMs,
    createdSeq: defaults.seq,
    lastSeq: defaults.seq,
  };
  if (input.timeZoneId !== undefined) item.timeZoneId = input.timeZoneId;
  if (input.body !== undefined) item.body = input.body;
  if (input.location !== undefined) item.location = input.location;
  if (input.recurrence) item.recurrence = input.recurrence;
  for (const m of input.modifiedOccurrences ?? []) setModification(item, m);
  for (const d of input.deletedOccurrences ?? []) item.deleted.add(instant(d, 'deletedOccurrence'));
  checkItem(item);
  return item;
}

export function setModification(item: StoredItem, m: ModifiedOccurrence): void {
  const originalStartMs = instant(m.originalStart, 'originalStart');
  const stored: StoredModification = {
    originalStartMs,
    startMs: instant(m.start, 'start'),
    endMs: instant(m.end, 'end'),
  };
  if (m.subject !== undefined) stored.subject = m.subject;
  if (m.location !== undefined) stored.location = m.location;
  if (m.requiredAttendees !== undefined) stored.requiredAttendees = m.requiredAttendees;
  if (m.optionalAttendees !== undefined) stored.optionalAttendees = m.optionalAttendees;
  if (m.resources !== undefined) stored.resources = m.resources;
  if (m.myResponseType !== undefined) stored.myResponseType = m.myResponseType;
  item.modified.set(originalStartMs, stored);
}

/** A new version of the item with the patch applied (recurrence changes drop the exceptions). */
export function patchItem(item: StoredItem, patch: CalendarItemPatch, nowMs: number): StoredItem {
  const next: StoredItem = {
    ...item,
    modified: new Map(item.modified),
    deleted: new Set(item.deleted),
  };
  // An item stays in its folder: moving items between folders is not emulated.
  const { start, end, modifiedOccurrences, deletedOccurrences, folderId: _, ...fields } = patch;
  Object.assign(next, stripUndefined(fields));
  if (start !== undefined) next.startMs = instant(start, 'start');
  if (end !== undefined) next.endMs = instant(end, 'end');
  if (patch.recurrence !== undefined) {
    next.modified.clear();
    next.deleted.clear();
  }
  for (const m of modifiedOccurrences ?? []) setModification(next, m);
  for (const d of deletedOccurrences ?? []) next.deleted.add(instant(d, 'deletedOccurrence'));
  checkItem(next);
  return touch(next, nowMs);
}

/** Bumps the version and ChangeKey, as every save does in Exchange. */
export function touch(item: StoredItem, nowMs: number): StoredItem {
  item.version += 1;
  item.changeKey = changeKeyOf(item.id, item.version);
  item.modifiedMs = nowMs;
  return item;
}

function checkItem(item: StoredItem): void {
  if (item.endMs < item.startMs) throw new Error(`item ${item.id}: end before start`);
  mustIana(item.timeZone);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A GlobalObjectId-shaped UID (hex), stable for an id, as Outlook writes them. */
function outlookUid(id: string): string {
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 32).toUpperCase();
  return `040000008200E00074C5B7101A82E00800000000${hash}`;
}
