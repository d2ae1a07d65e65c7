/**
 * One SyncFolderItems batch turned into a page. The snapshot, resumed-listing and delta loops all
 * apply their batches the same way, and this is where an item Exchange will not give is kept
 * from stopping the rest of its batch.
 */
import type { SyncPage, SyncWindow } from '../provider.js';
import type { ExchangeSession } from './exchange-client.js';
import type { ItemState } from './exchange-cursor.js';
import { mapItem, overlaps, unreadableIssue, type MappedItem } from './exchange-mapper.js';
import type { EwsChange, EwsExceptionFields, EwsItemFailure } from './exchange-wire.js';

/** One run over one calendar: the session and what the pages are built against. */
export interface ExchangeRun {
  session: ExchangeSession;
  /** The calendar folder synced: `calendar` (the Calendar) or a calendar folder's id. */
  calendarId: string;
  window: SyncWindow;
  windowKey: string;
  floatingZone: string;
  /** The mailbox's address, whose attendee entry takes MyResponseType; null when not known. */
  owner?: string | null;
  /** Ids per GetItem. */
  getItemBatch: number;
}

/** A page before the cursor that follows it is known. */
export type PageBody = Omit<SyncPage, 'nextCursor' | 'hasMore'>;

/**
 * One batch of changes as a page; `items` is updated to what the page leaves behind. `held`
 * lists the event ids the calendar held before a listing began (whose items `items` may not
 * know yet); `retry` reads again, with this batch, the items that could not be read before.
 */
export async function applyBatch(
  run: ExchangeRun,
  changes: EwsChange[],
  items: Record<string, ItemState>,
  mode: SyncPage['mode'],
  options: { held: readonly string[]; retry?: boolean },
): Promise<PageBody> {
  const page: PageBody = {
    mode,
    upserts: [],
    deletions: [],
    issues: [],
  };
  const toRead: string[] = [];
  const named = new Set<string>();
  for (const change of latestPerItem(changes)) {
    named.add(change.id);
    const known = items[change.id];
    if (change.kind === 'delete') {
      page.deletions.push(...(known ? known.ids : [change.id]));
      delete items[change.id];
    } else if (
      known &&
      !known.unreadable &&
      change.changeKey !== null &&
      known.changeKey === change.changeKey
    ) {
      continue; // a replay of a change already applied
    } else if (needsRead(change, run.window)) {
      toRead.push(change.id);
    } else {
      // A single item outside the window: nothing to list, but what it listed before is gone.
      page.deletions.push(...(known?.ids ?? []));
      items[change.id] = { changeKey: change.changeKey, ids: [] };
    }
  }
  if (options.retry)
    for (const [id, state] of Object.entries(items))
      if (state.unreadable && !named.has(id)) toRead.push(id);
  for (const ids of chunks(toRead, run.getItemBatch))
    await readItems(run, ids, items, page, options.held);
  return page;
}

/**
 * GetItem for changed items, mapped; the instances they no longer produce are deleted. An item
 * that cannot be read (Exchange's error for it, a series whose occurrences or pattern cannot
 * be read) becomes an issue that keeps its stored events, and is read again next run.
 */
async function readItems(
  run: ExchangeRun,
  ids: string[],
  items: Record<string, ItemState>,
  page: PageBody,
  held: readonly string[],
): Promise<void> {
  const unread = (id: string, why: string) => {
    page.issues.push(unreadableIssue(id, why));
    items[id] = unreadableState(id, items[id], held);
  };
  const { items: found, missing, failed } = await run.session.getItems(ids);
  for (const id of missing) {
    page.deletions.push(...(items[id]?.ids ?? [id]));
    delete items[id];
  }
  for (const failure of failed) unread(failure.id, couldNotRead(failure));
  const exceptionIds = found.flatMap((item) =>
    item.modifiedOccurrences.filter((o) => overlaps(o.start, o.end, run.window)).map((o) => o.id),
  );
  const exceptions = new Map<string, EwsExceptionFields>();
  const brokenExceptions = new Map<string, EwsItemFailure>();
  for (const batch of chunks(exceptionIds, run.getItemBatch)) {
    const answer = await run.session.getExceptions(batch);
    for (const [id, fields] of answer.fields) exceptions.set(id, fields);
    for (const failure of answer.failed) brokenExceptions.set(failure.id, failure);
  }
  for (const item of found) {
    const broken = item.modifiedOccurrences.find((o) => brokenExceptions.has(o.id));
    if (broken) {
      const failure = brokenExceptions.get(broken.id)!;
      unread(item.id, `its occurrence of ${broken.originalStart}: ${couldNotRead(failure)}`);
      continue;
    }
    let mapped: MappedItem;
    try {
      mapped = mapItem(item, run.window, exceptions, run.floatingZone, run.owner ?? null);
    } catch (error) {
      unread(item.id, `it could not be mapped (${errorText(error)})`);
      continue;
    }
    if (mapped.unreadable) {
      page.issues.push(...mapped.issues);
      items[item.id] = unreadableState(item.id, items[item.id], held);
      continue;
    }
    const kept = new Set(mapped.ids);
    page.deletions.push(...(items[item.id]?.ids ?? []).filter((id) => !kept.has(id)));
    page.upserts.push(...mapped.events);
    page.issues.push(...mapped.issues);
    items[item.id] = { changeKey: item.changeKey, ids: mapped.ids };
  }
}

/** A change that GetItem must read: a master (any window), or an item that overlaps the window. */
function needsRead(change: EwsChange, window: SyncWindow): boolean {
  if (change.type !== 'Single' || change.start === null || change.end === null) return true;
  return overlaps(change.start, change.end, window);
}

/**
 * The cursor's state for an item that could not be read: the ChangeKey applied before (none, if
 * it never was), every event id it produced before, whether the cursor knew them or the listing
 * found them among what the calendar held (so that, once it reads again, what it no longer
 * produces is deleted), and the mark that reads it again.
 */
function unreadableState(
  id: string,
  before: ItemState | undefined,
  held: readonly string[],
): ItemState {
  const prefix = `${id}::`;
  const heldIds = held.filter((eventId) => eventId === id || eventId.startsWith(prefix));
  return {
    changeKey: before?.changeKey ?? null,
    ids: [...new Set([...(before?.ids ?? []), ...heldIds])],
    unreadable: true,
  };
}

/** What Exchange said of an item it did not give, for an issue. */
function couldNotRead(failure: EwsItemFailure): string {
  return failure.code
    ? `Exchange answered ${failure.code} for it (${failure.message})`
    : failure.message;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A batch may name an item twice; its last entry decides. */
function latestPerItem(changes: EwsChange[]): EwsChange[] {
  const latest = new Map<string, EwsChange>();
  for (const change of changes) {
    latest.delete(change.id);
    latest.set(change.id, change);
  }
  return [...latest.values()];
}

function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < list.length; start += size) yield list.slice(start, start + size);
}
