/**
 * GetItem for calendar items (contract §3.4), one response message per requested id, in the
 * order asked: t:ItemId (an item, or an occurrence's own id), t:OccurrenceItemId
 * (RecurringMasterId + InstanceIndex) and t:RecurringMasterItemId (an occurrence's master).
 * An item fault (faults.ts) fails one id's message and leaves the others' as they are.
 */
import type { EmulatorContext } from './context.js';
import { itemFault } from './fault-injection.js';
import { mailboxOfItem } from './delegates.js';
import { readOccurrenceId } from './ids.js';
import { occurrenceView, viewOf, type ItemView } from './item-view.js';
import { calendarItemXml } from './item-xml.js';
import type { StoredItem } from './items.js';
import type { Mailbox } from './mailbox.js';
import { occurrencesOf, reachOf } from './occurrences.js';
import { readShape } from './shape.js';
import { EwsError, errorMessage, successMessage } from './soap.js';
import { child, el, type XmlNode } from './xml.js';

const OPERATION = 'GetItem';
const MAX_INDEX = 5_000;
const CENTURY_MS = 100 * 366 * 86_400_000;

const MALFORMED = new Set(['calendar:Start']);

export function getItem(op: XmlNode, mailbox: Mailbox, ctx: EmulatorContext): string[] {
  const shape = readShape(child(op, 'ItemShape'), true);
  const ids = child(op, 'ItemIds')?.children ?? [];
  return ids.map((id) => {
    try {
      const fault = itemFault(OPERATION, mailbox, requestedId(id), ctx);
      if (fault?.kind === 'error') throw fault.error;
      // Another person's item, by the id explicit access gave (delegates.ts).
      const owner = mailboxOfItem(itemIdOf(id), mailbox, ctx);
      const view = resolve(id, owner);
      const xml = calendarItemXml(view, shape, {
        // Any item of the mailbox, whichever calendar folder it is in (GetItem names no folder).
        parentFolderId: view.item.folderId,
        ...(fault?.kind === 'malformed' ? { omit: MALFORMED } : {}),
      });
      return successMessage(OPERATION, el('m:Items', {}, xml));
    } catch (error) {
      if (!(error instanceof EwsError)) throw error;
      return errorMessage(OPERATION, error, el('m:Items'));
    }
  });
}

/** The id an item fault matches: the ItemId's Id, or the master's (or occurrence's) id. */
function requestedId(id: XmlNode): string {
  return id.attrs.Id ?? id.attrs.RecurringMasterId ?? id.attrs.OccurrenceId ?? '';
}

/** The stored item an id names: an occurrence's id or index names its master. */
function itemIdOf(id: XmlNode): string {
  const text = requestedId(id);
  return readOccurrenceId(text)?.masterId ?? text;
}

function resolve(id: XmlNode, mailbox: Mailbox): ItemView {
  if (id.name === 'OccurrenceItemId')
    return byIndex(mailbox, id.attrs.RecurringMasterId ?? '', Number(id.attrs.InstanceIndex));
  if (id.name === 'RecurringMasterItemId') {
    const occurrence = readOccurrenceId(id.attrs.OccurrenceId ?? '');
    return viewOf(mustItem(mailbox, occurrence?.masterId ?? id.attrs.OccurrenceId ?? ''));
  }
  const text = id.attrs.Id ?? '';
  const occurrence = readOccurrenceId(text);
  if (!occurrence) return viewOf(mustItem(mailbox, text));
  const master = mustItem(mailbox, occurrence.masterId);
  const found = occurrencesOf(
    master,
    reachOf(master, occurrence.originalStartMs + 1),
    MAX_INDEX,
  ).find((o) => o.originalStartMs === occurrence.originalStartMs);
  if (!found || found.deleted) throw notFound();
  return occurrenceView(master, found);
}

function byIndex(mailbox: Mailbox, masterId: string, index: number): ItemView {
  const master = mustItem(mailbox, masterId);
  if (!master.recurrence)
    throw new EwsError('ErrorItemNotFound', 'The specified object was not found in the store.');
  if (!Number.isInteger(index) || index < 1 || index > MAX_INDEX) throw outOfRange();
  const slots = occurrencesOf(master, master.startMs + CENTURY_MS, index);
  const found = slots[index - 1];
  if (!found) throw outOfRange();
  if (found.deleted)
    throw new EwsError(
      'ErrorCalendarOccurrenceIsDeletedFromRecurrence',
      'Occurrence with this index was previously deleted from the recurrence.',
    );
  return occurrenceView(master, found);
}

function mustItem(mailbox: Mailbox, id: string): StoredItem {
  const item = mailbox.liveItem(id);
  if (!item) throw notFound();
  return item;
}

const notFound = () =>
  new EwsError('ErrorItemNotFound', 'The specified object was not found in the store.');

const outOfRange = () =>
  new EwsError(
    'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
    'Occurrence index is out of recurrence range.',
  );
