/**
 * FindFolder and GetFolder (learn.microsoft.com, EWS reference: "FindFolder operation",
 * "FindFolder" and "RootFolder (FindFolderResponseMessage)"). FindFolder lists the folders under
 * each of ParentFolderIds (one response message per parent): Traversal="Shallow" its direct
 * subfolders, "Deep" every folder below it (never the parent itself), "SoftDeleted" the
 * soft-deleted ones (the emulator keeps none: deleting purges). The answer is an
 * m:RootFolder with TotalItemsInView (every folder that qualifies) and IncludesLastItemInRange,
 * paged by IndexedPageFolderView (MaxEntriesReturned, Offset, BasePoint) with the next
 * IndexedPagingOffset, counted among the folders that pass the Restriction when there is one
 * (folder-restriction.ts: IsEqualTo of a folder's class or name; others are refused). Fractional
 * paging is not emulated (refused).
 * GetFolder answers one message per id, with the folder in m:Folders.
 */
import type { EmulatorContext } from './context.js';
import { locateFolder } from './delegates.js';
import { folderRestriction } from './folder-restriction.js';
import { folderXml, readFolderShape } from './folder-xml.js';
import type { MailFolder } from './mail-folders.js';
import type { Mailbox } from './mailbox.js';
import { EwsError, errorMessage, schemaValidation, successMessage } from './soap.js';
import { child, el, type XmlNode } from './xml.js';

const TRAVERSALS = new Set(['Shallow', 'Deep', 'SoftDeleted']);

export function findFolder(op: XmlNode, caller: Mailbox, ctx: EmulatorContext): string[] {
  const traversal = op.attrs.Traversal ?? '';
  if (!TRAVERSALS.has(traversal))
    throw schemaValidation(`The 'Traversal' attribute is invalid: "${traversal}".`);
  const fields = readFolderShape(child(op, 'FolderShape'));
  const parents = child(op, 'ParentFolderIds')?.children ?? [];
  if (!parents.length) throw schemaValidation('ParentFolderIds needs at least one folder id.');
  return parents.map((parentId) => {
    try {
      if (child(op, 'FractionalPageFolderView'))
        throw new EwsError(
          'ErrorInvalidOperation',
          'The emulator supports FindFolder with IndexedPageFolderView.',
        );
      const passes = folderRestriction(child(op, 'Restriction'));
      const { mailbox, folder: parent } = locateFolder(parentId, caller, ctx);
      const found =
        traversal === 'SoftDeleted'
          ? []
          : below(mailbox, parent, traversal === 'Deep').filter(passes);
      const page = pageOf(child(op, 'IndexedPageFolderView'), found.length);
      const listed = found.slice(page.from, page.to);
      const last = page.to >= found.length;
      return successMessage(
        'FindFolder',
        el(
          'm:RootFolder',
          {
            ...(last ? {} : { IndexedPagingOffset: page.to }),
            TotalItemsInView: found.length,
            IncludesLastItemInRange: last,
          },
          el('t:Folders', {}, ...listed.map((f) => folderXml(f, mailbox, fields))),
        ),
      );
    } catch (error) {
      if (!(error instanceof EwsError)) throw error;
      return errorMessage('FindFolder', error);
    }
  });
}

export function getFolder(op: XmlNode, caller: Mailbox, ctx: EmulatorContext): string[] {
  const fields = readFolderShape(child(op, 'FolderShape'));
  const ids = child(op, 'FolderIds')?.children ?? [];
  if (!ids.length) throw schemaValidation('FolderIds needs at least one folder id.');
  return ids.map((id) => {
    try {
      // Another person's Calendar too, named with a t:Mailbox (delegates.ts).
      const { mailbox, folder } = locateFolder(id, caller, ctx);
      return successMessage('GetFolder', el('m:Folders', {}, folderXml(folder, mailbox, fields)));
    } catch (error) {
      if (!(error instanceof EwsError)) throw error;
      return errorMessage('GetFolder', error, el('m:Folders'));
    }
  });
}

/** The live folders under `parent`, depth first in the order they were made. */
function below(mailbox: Mailbox, parent: MailFolder, deep: boolean): MailFolder[] {
  const found: MailFolder[] = [];
  for (const folder of mailbox.childrenOf(parent.id)) {
    found.push(folder);
    if (deep) found.push(...below(mailbox, folder, true));
  }
  return found;
}

/** The slice an IndexedPageFolderView asks for (all of it without one). */
function pageOf(view: XmlNode | undefined, total: number): { from: number; to: number } {
  if (!view) return { from: 0, to: total };
  const max = view.attrs.MaxEntriesReturned ? Number(view.attrs.MaxEntriesReturned) : total;
  const offset = Number(view.attrs.Offset ?? 0);
  if (!Number.isInteger(max) || max < 1 || !Number.isInteger(offset) || offset < 0)
    throw schemaValidation('IndexedPageFolderView needs whole MaxEntriesReturned and Offset.');
  // BasePoint="End" counts the offset back from the end of the list.
  const start = view.attrs.BasePoint === 'End' ? Math.max(0, total - offset - max) : offset;
  const from = Math.min(start, total);
  return { from, to: Math.min(total, from + max) };
}
