/**
 * SyncFolderItems on a calendar folder (contract §3.2): the net change of every item since the
 * SyncState, oldest change first, at most MaxChangesReturned; items created and deleted in
 * between are left out, deletions are bare ItemIds, and instance edits are Updates of the master.
 */
import type { EmulatorContext } from './context.js';
import { locateRequiredFolder, mustReadItems } from './delegates.js';
import { viewOf } from './item-view.js';
import { calendarItemXml, itemId } from './item-xml.js';
import type { StoredItem } from './items.js';
import type { Mailbox } from './mailbox.js';
import { readShape } from './shape.js';
import { EwsError, errorMessage, schemaValidation, successMessage } from './soap.js';
import { readSyncState, syncStateOf } from './sync-state.js';
import { child, childrenNamed, el, textAt, textEl, type XmlNode } from './xml.js';

const OPERATION = 'SyncFolderItems';

export function syncFolderItems(op: XmlNode, caller: Mailbox, ctx: EmulatorContext): string {
  const max = Number(textAt(op, 'MaxChangesReturned'));
  if (!Number.isInteger(max) || max < 1 || max > 512)
    throw schemaValidation('MaxChangesReturned must be an integer from 1 to 512.');
  try {
    // The caller's folder, or another person's Calendar they may read (delegates.ts).
    const { mailbox, folder } = mustReadItems(
      locateRequiredFolder(child(op, 'SyncFolderId'), caller, ctx),
    );
    const state = textAt(op, 'SyncState');
    const since = readSyncState(mailbox, folder.id, state, ctx.state.currentSeq);
    const ignored = new Set(childrenNamed(child(op, 'Ignore'), 'ItemId').map((i) => i.attrs.Id));
    const shape = readShape(child(op, 'ItemShape'), false);
    const page = changesSince(mailbox, folder.id, since, max, ctx.state.currentSeq);
    const changes = page.changes
      .filter((c) => !ignored.has(c.item.id))
      .map(({ kind, item }) =>
        kind === 'Delete'
          ? el('t:Delete', {}, itemId(item.id, item.changeKey))
          : el(
              `t:${kind}`,
              {},
              calendarItemXml(viewOf(item), shape, { parentFolderId: item.folderId }),
            ),
      );
    const syncState = syncStateOf(mailbox, folder.id, page.upToSeq);
    countDownToInvalidation(mailbox);
    return successMessage(
      OPERATION,
      textEl('m:SyncState', syncState),
      textEl('m:IncludesLastItemInRange', page.last),
      el('m:Changes', {}, ...changes),
    );
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return errorMessage(
      OPERATION,
      error,
      textEl('m:SyncState', ''),
      textEl('m:IncludesLastItemInRange', true),
    );
  }
}

interface Change {
  kind: 'Create' | 'Update' | 'Delete';
  item: StoredItem;
}

/**
 * One page of the folder's net changes after `since`, and the change number the next state
 * stands for. The items of a deleted folder are gone with it: its sync states are refused first.
 */
function changesSince(
  mailbox: Mailbox,
  folderId: string,
  since: number,
  max: number,
  currentSeq: number,
) {
  const touched = [...mailbox.items.values()]
    .filter((item) => item.folderId === folderId && item.lastSeq > since)
    .sort((a, b) => a.lastSeq - b.lastSeq);
  const changes: Change[] = [];
  let upToSeq = since;
  for (const item of touched) {
    const kind = netChange(item, since);
    if (kind && changes.length === max) return { changes, upToSeq, last: false };
    if (kind) changes.push({ kind, item });
    upToSeq = item.lastSeq;
  }
  return { changes, upToSeq: currentSeq, last: true };
}

function netChange(item: StoredItem, since: number): Change['kind'] | null {
  const createdSince = item.createdSeq > since;
  if (item.deletedSeq !== undefined) return createdSince ? null : 'Delete';
  return createdSince ? 'Create' : 'Update';
}

function countDownToInvalidation(mailbox: Mailbox): void {
  if (mailbox.syncCallsBeforeInvalidation === null) return;
  mailbox.syncCallsBeforeInvalidation -= 1;
  if (mailbox.syncCallsBeforeInvalidation > 0) return;
  mailbox.syncCallsBeforeInvalidation = null;
  mailbox.syncGeneration += 1;
}
