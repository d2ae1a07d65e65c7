/**
 * Synced calendar events. Writes come a page at a time from the sync engine, inside the
 * transaction that also commits the page's cursor; reads are keyset-paginated lists. What a
 * snapshot did not list is deleted by events-unlisted.repository.ts.
 */
import { emptyChangeCounts, type ChangeCounts } from '../domain/changes/event-change.js';
import type { CalendarEvent } from '../domain/event.js';
import { recordChanges, recordCreatedRows, type ChangeEntry } from './changes.repository.js';
import type { Executor, Transaction } from './database.js';
import { eventContent, sameContent, type EventContent } from './event-content.js';
import { countKinds, logChanges } from './event-change-log.js';
import { newEventRowId, toEventRow } from './event-rows.js';
import type { EventRowContext } from './event-rows.js';
import {
  deleteByProviderIds,
  loadKnown,
  loadStored,
  markSeen,
  markSeriesSeen,
} from './events-by-provider-id.js';
import type { Tables } from './schema.js';
import type { Scope } from './scope.js';
import { writeEventRows } from './event-upsert.js';
import { updateWrites, type PageWrites } from './event-updates.js';
import { nulFreeEvent } from './nul-free.js';
import { carryDecisionsOver } from './renamed-events.js';
import { iso } from './sql-support.js';

export { InvalidCursorError } from './event-rows.js';
export type { StoredEvent } from './event-rows.js';
export {
  countEvents,
  getEvent,
  getEvents,
  iterateEvents,
  listEvents,
  listMeetingCopies,
  type EventListPage,
  type EventQuery,
  type MeetingCopy,
} from './events-read.repository.js';

export interface EventPageInput {
  /** `rawJson`: the raw payload's JSON as the provider sent it, stored as is when given. */
  upserts: {
    event: CalendarEvent;
    raw: unknown;
    rawJson?: string;
    formerProviderEventId?: string;
  }[];
  /** Provider event ids that are gone. */
  deletions: string[];
  /**
   * Set when the provider's removals speak for a window only: a deletion removes a stored event
   * only when it overlaps this span; one outside it stays (see CalendarProvider.removals).
   */
  deletionsWithin?: { from: Date; to: Date };
  /**
   * Provider event ids the provider listed but that could not be read (a sync issue): a stored
   * copy stays as it was and counts as seen by `generation`, so that the end of a snapshot does
   * not remove an event for being malformed once.
   */
  kept?: string[];
  /**
   * Objects or series (an ICS UID, a CalDAV href) the provider listed but could not read: every
   * stored event whose provider id is one of these or begins with it and `::` (how instances'
   * ids are built) is kept as `kept` keeps one event.
   */
  keptSeries?: string[];
}

export interface PageOutcome {
  added: number;
  updated: number;
  /**
   * Events that did not change, as the change log sees them; among them, rows rewritten for what
   * it does not compare (a new etag or update time, another raw payload) when there are any.
   */
  unchanged: number;
  /** Of `unchanged`, rows rewritten (set only when some were): detection reads them again. */
  rewritten?: number;
  deleted: number;
  /** Entries the page added to the change log, by kind. */
  changes: ChangeCounts;
}

/**
 * Applies one page of provider changes to one of the scope's calendars. Events are keyed by
 * (calendar, provider event id); an event whose content hash is unchanged is not rewritten, only
 * marked as seen by `generation`, as is a stored event the page keeps (`kept`). An id both
 * upserted and deleted in one page ends deleted. What changed is appended to the change log in
 * the same transaction: the stored version is read back only for events whose hash changed or
 * that are deleted, never for unchanged ones.
 */
export async function applyEventPage(
  trx: Transaction<Tables>,
  scope: Scope,
  calendarId: string,
  page: EventPageInput,
  generation: number,
  now = new Date(),
): Promise<PageOutcome> {
  const ctx = await rowContext(trx, scope, calendarId, generation, iso(now));
  const deletions = new Set(page.deletions);
  const latest = new Map<string, EventPageInput['upserts'][number]>();
  for (const upsert of page.upserts) {
    if (!deletions.has(upsert.event.providerEventId))
      latest.set(upsert.event.providerEventId, upsert);
  }
  const known = await loadKnown(trx, ctx, [...latest.keys()]);
  const outcome: PageOutcome = {
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    changes: emptyChangeCounts(),
  };
  const created: Array<{ event: CalendarEvent; content: EventContent }> = [];
  const updated: Array<{ event: CalendarEvent; content: EventContent }> = [];
  const seen: string[] = [];
  const formers = new Map<string, string>();
  for (const [providerEventId, upsert] of latest) {
    const event = nulFreeEvent(upsert.event);
    const content = eventContent(event, upsert.raw, upsert.rawJson);
    const before = known.get(providerEventId);
    if (before && sameContent(before.hash, event, content)) {
      outcome.unchanged += 1;
      if (before.generation !== generation) seen.push(providerEventId);
      continue;
    }
    outcome[before ? 'updated' : 'added'] += 1;
    if (!before) {
      created.push({ event, content });
      const former = upsert.formerProviderEventId;
      if (former !== undefined && !latest.has(former)) formers.set(providerEventId, former);
      continue;
    }
    updated.push({ event, content });
  }
  const creations = creationsInStartOrder(ctx, created);
  // Read before the upsert replaces them; an update keeps its row id, a creation gets the new one.
  const previous = await loadStored(
    trx,
    ctx,
    updated.map(({ event }) => event.providerEventId),
  );
  const updates = updateWrites(ctx, updated, previous);
  const createdRowids = await writeEventRows(trx, ctx, creations.rows, 'new');
  await carryDecisionsOver(trx, ctx, creations, formers);
  // The log lists a page's creations first, then its updates, then its deletions. Creations
  // that SQLite put at one run of rowids are logged from those rows (recordCreatedRows).
  const log: ChangeEntry[] = [];
  let createdFromRows = 0;
  if (createdRowids) {
    await recordCreatedRows(trx, ctx, createdRowids, creations.rows.length);
    createdFromRows = creations.rows.length;
  } else {
    creations.rows.forEach((row, i) => logChanges(log, row.id, null, creations.events[i] ?? null));
  }
  updates.rows.forEach((row, i) => {
    const stored = previous.get(row.provider_event_id);
    const logged = log.length;
    logChanges(log, stored?.id ?? row.id, stored?.event ?? null, updates.events[i] ?? null);
    // Rewritten for what the change log does not compare (a new etag or update time: Google
    // lists an event again when its colour or reminders change): the event did not change, and
    // counting it updated made a sync report thousands of updates beside an empty change log.
    if (stored && log.length === logged) {
      outcome.updated -= 1;
      outcome.unchanged += 1;
      outcome.rewritten = (outcome.rewritten ?? 0) + 1;
    }
  });
  await writeEventRows(trx, ctx, updates.rows, 'stored');
  for (const providerEventId of new Set(page.kept)) {
    if (!latest.has(providerEventId) && !deletions.has(providerEventId)) seen.push(providerEventId);
  }
  await markSeen(trx, ctx, seen);
  // Marking seen what this page also writes or deletes is harmless: the deletion runs after.
  await markSeriesSeen(trx, ctx, page.keptSeries ?? []);
  const removed = await deleteByProviderIds(trx, ctx, [...deletions], page.deletionsWithin);
  outcome.deleted = removed.length;
  for (const stored of removed) logChanges(log, stored.id, stored.event, null);
  await recordChanges(trx, ctx, log);
  outcome.changes = countKinds(log);
  outcome.changes.created += createdFromRows;
  return outcome;
}

/**
 * A page's new rows in order of start, their ids given in that order. The listing index is
 * ordered by start, and providers list in no such order (an ICS file as it was written, Outlook's
 * delta, Google without orderBy): inserted in the page's order, each row went to a random leaf
 * of that index. In order of start, one after the other lands beside the last, and the leaves
 * stay in SQLite's cache: a 118,712-instance ICS import's inserts took 10-25% less time, though
 * the whole import's gain was within the machine's noise (BENCHMARKS.md). The sort is stable,
 * and cheap on a page already in order.
 */
function creationsInStartOrder(
  ctx: EventRowContext,
  created: Array<{ event: CalendarEvent; content: EventContent }>,
): PageWrites {
  created.sort((a, b) => compareText(a.event.start, b.event.start));
  const writes: PageWrites = { rows: new Array(created.length), events: new Array(created.length) };
  created.forEach(({ event, content }, i) => {
    writes.rows[i] = toEventRow(ctx, event, content, newEventRowId());
    writes.events[i] = event;
  });
  return writes;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function rowContext(
  db: Executor,
  scope: Scope,
  calendarId: string,
  generation: number,
  now: string,
): Promise<EventRowContext> {
  const calendar = await db
    .selectFrom('calendars')
    .select(['connection_id', 'provider'])
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', calendarId)
    .executeTakeFirst();
  if (!calendar) throw new Error(`calendar ${calendarId} does not belong to this user`);
  const { connection_id: connectionId, provider } = calendar;
  return { ...scope, calendarId, connectionId, provider, generation, now };
}
