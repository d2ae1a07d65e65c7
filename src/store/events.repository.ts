/**
 * Synced calendar events. Writes come a page at a time from the sync engine, inside the
 * transaction that also commits the page's cursor; reads are keyset-paginated lists.
 */
import { sql, type SqlBool } from 'kysely';
import { describeChanges } from '../domain/changes/describe-changes.js';
import { emptyChangeCounts, type ChangeCounts } from '../domain/changes/event-change.js';
import type { CalendarEvent } from '../domain/event.js';
import { recordChanges, recordCreatedRows, type ChangeEntry } from './changes.repository.js';
import { dialectOf, type Executor, type Transaction } from './database.js';
import { eventContent, sameContent, type EventContent } from './event-content.js';
import { STORED_EVENT_COLUMNS, newEventRowId, toEventRow, toStoredEvent } from './event-rows.js';
import type { EventRowContext, StoredEvent } from './event-rows.js';
import type { Tables } from './schema.js';
import type { Scope } from './scope.js';
import { writeEventRows } from './event-upsert.js';
import { updateWrites, type PageWrites } from './event-updates.js';
import { nulFreeEvent } from './nul-free.js';
import { carryDecisionsOver } from './renamed-events.js';
import { chunk, iso, rowsPerStatement } from './sql-support.js';

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
  unchanged: number;
  deleted: number;
  /** Entries the page added to the change log, by kind. */
  changes: ChangeCounts;
}

// Room for the scope and calendar parameters next to an IN list of provider event ids.
const FIXED_PARAMETERS = 8;
// Statements that read whole event rows (to log what changed) read at most this many, so that
// removing a whole large calendar never holds all of it in memory at once.
const FULL_ROWS_PER_STATEMENT = 5000;

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
    logChanges(log, stored?.id ?? row.id, stored?.event ?? null, updates.events[i] ?? null);
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

/** Appends to `log` what changed about one event (nothing, when only bookkeeping changed). */
function logChanges(
  log: ChangeEntry[],
  eventId: string,
  before: CalendarEvent | null,
  after: CalendarEvent | null,
): void {
  const event = after ?? before;
  if (!event) return;
  for (const change of describeChanges(before, after)) {
    log.push({ eventId, providerEventId: event.providerEventId, seriesId: event.seriesId, change });
  }
}

function countKinds(log: readonly ChangeEntry[]): ChangeCounts {
  const counts = emptyChangeCounts();
  for (const entry of log) counts[entry.change.kind] += 1;
  return counts;
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

/**
 * Narrows a by-provider-id query to the page's calendar. The owner is not repeated here: the
 * calendar was checked to be the scope's in this same transaction (rowContext), and its rows are
 * written with that owner only (writeEventRows). Repeating org_id/user_id let both SQLite and
 * PostgreSQL, which have no statistics during a first import, pick the owner/start index (now
 * calendar_events_user_start_index) and filter every event of the user for each page:
 * measured 233 ms per 2000-id page at 118,712 rows on SQLite (370 ms on
 * PostgreSQL), quadratic over a whole import (~29 s of a 50,000-VEVENT import). With the
 * calendar alone the only usable index is the unique (calendar_id, provider_event_id): 9 ms.
 */
function inCalendar(ctx: EventRowContext) {
  return <Q extends CalendarFilterable<Q>>(query: Q): Q =>
    query.where('calendar_id', '=', ctx.calendarId);
}

interface CalendarFilterable<Q> {
  where(column: 'calendar_id', op: '=', value: string): Q;
}

function idsPerStatement(db: Executor): number {
  return rowsPerStatement(db, 1) - FIXED_PARAMETERS;
}

function fullRowsPerStatement(db: Executor): number {
  return Math.min(idsPerStatement(db), FULL_ROWS_PER_STATEMENT);
}

/** The stored versions of the calendar's events with these provider ids, by provider id. */
async function loadStored(db: Executor, ctx: EventRowContext, ids: string[]) {
  const stored = new Map<string, StoredEvent>();
  for (const part of chunk(ids, fullRowsPerStatement(db))) {
    const query = db
      .selectFrom('calendar_events')
      .select(STORED_EVENT_COLUMNS)
      .where('provider_event_id', 'in', part);
    for (const row of await inCalendar(ctx)(query).execute()) {
      stored.set(row.provider_event_id, toStoredEvent(row));
    }
  }
  return stored;
}

async function loadKnown(db: Executor, ctx: EventRowContext, ids: string[]) {
  const known = new Map<string, { hash: string; generation: number }>();
  for (const part of chunk(ids, idsPerStatement(db))) {
    const query = db
      .selectFrom('calendar_events')
      .select(['provider_event_id', 'content_hash', 'sync_generation'])
      .where('provider_event_id', 'in', part);
    for (const row of await inCalendar(ctx)(query).execute()) {
      known.set(row.provider_event_id, { hash: row.content_hash, generation: row.sync_generation });
    }
  }
  return known;
}

async function markSeen(db: Executor, ctx: EventRowContext, ids: string[]): Promise<void> {
  for (const part of chunk(ids, idsPerStatement(db))) {
    const query = db
      .updateTable('calendar_events')
      .set({ sync_generation: ctx.generation })
      .where('provider_event_id', 'in', part);
    await inCalendar(ctx)(query).execute();
  }
}

/**
 * Marks seen every event of the calendar stored under one of `ids` or under `id::...`. The prefix
 * is a range on the unique (calendar_id, provider_event_id) index: ids beginning with `id::` are
 * those from `id::` up to (not including) `id:;`, `;` being the character after `:`, in byte
 * order. PostgreSQL compares text by the database's collation, which may ignore punctuation, so
 * the range is compared in the "C" collation there (SQLite's default is already byte order).
 */
async function markSeriesSeen(db: Executor, ctx: EventRowContext, ids: string[]): Promise<void> {
  const collate = dialectOf(db) === 'postgres' ? sql` COLLATE "C"` : sql``;
  const column = sql.ref('provider_event_id');
  for (const id of new Set(ids)) {
    const query = db
      .updateTable('calendar_events')
      .set({ sync_generation: ctx.generation })
      .where(
        sql<SqlBool>`(${column} = ${id} OR (${column}${collate} >= ${`${id}::`} AND ${column}${collate} < ${`${id}:;`}))`,
      );
    await inCalendar(ctx)(query).execute();
  }
}

/**
 * Deletes by provider id and returns what was deleted, read first: on SQLite, DELETE ... RETURNING
 * of 50,000 rows took 2.2-2.8 s where this SELECT then DELETE took 1.4-1.7 s.
 */
async function deleteByProviderIds(
  db: Executor,
  ctx: EventRowContext,
  ids: string[],
  within?: { from: Date; to: Date },
) {
  const stored = [...(await loadStored(db, ctx, ids)).values()];
  const removed = within ? stored.filter((row) => overlaps(row.event, within)) : stored;
  const removedIds = within ? removed.map((row) => row.event.providerEventId) : ids;
  for (const part of chunk(removedIds, idsPerStatement(db))) {
    const query = db.deleteFrom('calendar_events').where('provider_event_id', 'in', part);
    await inCalendar(ctx)(query).executeTakeFirst();
  }
  return removed;
}

function overlaps(event: CalendarEvent, span: { from: Date; to: Date }): boolean {
  return Date.parse(event.end) > span.from.getTime() && Date.parse(event.start) < span.to.getTime();
}

export interface UnlistedDeletionOptions {
  /**
   * The span the snapshot listed: only unlisted events overlapping it are deleted. Unset, the
   * snapshot listed the whole calendar.
   */
  within?: { from: Date; to: Date } | undefined;
  now?: Date;
}

/**
 * The ids of the calendar's events not stamped with `generation` (within `within`). Every row of
 * the calendar is read. On SQLite they are read in rowid order: their rowids come from the
 * unique (calendar, provider id) index alone, and the unary `+` keeps the planner off the owner
 * and start indexes, which visited the rows in start order, one random table page each: 877 ms
 * after importing 118,712 events in no order of start, against ~60 ms in rowid order
 * (BENCHMARKS.md).
 */
async function unlistedIds(
  trx: Transaction<Tables>,
  scope: Scope,
  calendarId: string,
  generation: number,
  within: UnlistedDeletionOptions['within'],
): Promise<{ id: string }[]> {
  if (dialectOf(trx) === 'sqlite') {
    const { rows } = await sqliteUnlistedIds(scope, calendarId, generation, within).execute(trx);
    return rows;
  }
  let unlisted = trx
    .selectFrom('calendar_events')
    .select('id')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('calendar_id', '=', calendarId)
    .where('sync_generation', '<>', generation);
  if (within)
    unlisted = unlisted
      .where('end_at', '>', iso(within.from))
      .where('start_at', '<', iso(within.to));
  return unlisted.execute();
}

/** unlistedIds on SQLite (exported for the test that pins its plan). */
export function sqliteUnlistedIds(
  scope: Scope,
  calendarId: string,
  generation: number,
  within: UnlistedDeletionOptions['within'],
) {
  const span = within
    ? sql`and +"end_at" > ${iso(within.from)} and +"start_at" < ${iso(within.to)}`
    : sql``;
  return sql<{ id: string }>`
    select "id" from "calendar_events"
    where rowid in (select rowid from "calendar_events" where "calendar_id" = ${calendarId})
      and +"org_id" = ${scope.orgId} and +"user_id" = ${scope.userId}
      and "sync_generation" <> ${generation} ${span}`;
}

/**
 * After a snapshot sync: deletes the calendar's events that no page of `generation` mentioned
 * (within the span it listed), logging each as a `deleted` change. Returns how many were deleted.
 */
export async function deleteEventsNotInGeneration(
  trx: Transaction<Tables>,
  scope: Scope,
  calendarId: string,
  generation: number,
  options: UnlistedDeletionOptions = {},
): Promise<number> {
  const unseen = await unlistedIds(trx, scope, calendarId, generation, options.within);
  const now = options.now ?? new Date();
  const ctx = { ...scope, calendarId, now: iso(now) };
  let deleted = 0;
  for (const part of chunk(
    unseen.map((row) => row.id),
    fullRowsPerStatement(trx),
  )) {
    const rows = await trx
      .selectFrom('calendar_events')
      .select(STORED_EVENT_COLUMNS)
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('calendar_id', '=', calendarId)
      .where('id', 'in', part)
      .execute();
    await trx
      .deleteFrom('calendar_events')
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('calendar_id', '=', calendarId)
      .where('id', 'in', part)
      .execute();
    const log: ChangeEntry[] = [];
    for (const row of rows) logChanges(log, row.id, toStoredEvent(row).event, null);
    await recordChanges(trx, ctx, log);
    deleted += rows.length;
  }
  return deleted;
}
