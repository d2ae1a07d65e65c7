/**
 * Reading synced events: keyset-paginated lists, one event, counts, and the other copies of a
 * meeting. Writes (a sync page at a time) are in events.repository.ts.
 */
import { sql } from 'kysely';
import type { EventStatus } from '../domain/event.js';
import { isMadeUpUid } from '../domain/ical/made-up-uid.js';
import type { Executor } from './database.js';
import { STORED_EVENT_COLUMNS, decodeCursor, encodeCursor, toStoredEvent } from './event-rows.js';
import type { StoredEvent } from './event-rows.js';
import { meetingKeyOf } from './meeting-key.js';
import type { Scope } from './scope.js';
import { containsFolded } from './search-match.js';
import { chunk, iso, rowsPerStatement, toCount } from './sql-support.js';
import { rangeCondition } from './time-range.js';

export interface EventQuery {
  /** Events that end after this instant (all-day ones with a viewer's zone: see timeZone). */
  from?: Date | string;
  /** Events that start before this instant (all-day ones with a viewer's zone: see timeZone). */
  to?: Date | string;
  /**
   * The viewer's IANA zone: an all-day event is in [from, to) when its dates overlap the dates
   * the range covers there (time-range.ts). Absent: all-day events go by their instants too.
   */
  timeZone?: string;
  calendarId?: string;
  connectionId?: string;
  provider?: string;
  status?: EventStatus | EventStatus[];
  /** Case-insensitive substring of title, description or location. */
  q?: string;
  /** Page size; default 100, at most 5000. */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string | null;
}

export interface EventListPage {
  items: StoredEvent[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const MAX_LIMIT = 5000;

const EVENT_RANGE_COLUMNS = {
  startAt: 'start_at',
  endAt: 'end_at',
  allDay: 'all_day',
  startDate: 'start_date',
  endDate: 'end_date',
};

function scopedEvents(db: Executor, scope: Scope) {
  return db
    .selectFrom('calendar_events')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId);
}

/** The scope's events matching `query`, ordered by (start, id), one page at a time. */
export async function listEvents(
  db: Executor,
  scope: Scope,
  query: EventQuery = {},
): Promise<EventListPage> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), MAX_LIMIT);
  const rows = await eventsPageQuery(db, scope, query, limit + 1).execute();
  const items = rows.slice(0, limit).map(toStoredEvent);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ startAt: last.event.start, id: last.id }) : null;
  return { items, nextCursor };
}

/** The query of one page of listEvents: at most `rows` rows after the query's cursor. */
export function eventsPageQuery(db: Executor, scope: Scope, query: EventQuery, rows: number) {
  let select = scopedEvents(db, scope).select(STORED_EVENT_COLUMNS);
  const range = rangeCondition(EVENT_RANGE_COLUMNS, {
    ...(query.from ? { from: instant(query.from) } : {}),
    ...(query.to ? { to: instant(query.to) } : {}),
    ...(query.timeZone ? { timeZone: query.timeZone } : {}),
  });
  if (range) select = select.where(range);
  if (query.calendarId) select = select.where('calendar_id', '=', query.calendarId);
  if (query.connectionId) select = select.where('connection_id', '=', query.connectionId);
  if (query.provider) select = select.where('provider', '=', query.provider);
  if (query.status) select = select.where('status', 'in', [query.status].flat());
  if (query.q) {
    const text = query.q;
    select = select.where((eb) =>
      eb.or(
        (['title', 'description', 'location'] as const).map((column) =>
          containsFolded(db, eb.ref(column), text),
        ),
      ),
    );
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb(eb.refTuple('start_at', 'id'), '>', eb.tuple(after.startAt, after.id)),
    );
  }
  return select.orderBy('start_at').orderBy('id').limit(rows);
}

/** Every matching event, fetched a page at a time (for analyses that need them all). */
export async function* iterateEvents(
  db: Executor,
  scope: Scope,
  query: Omit<EventQuery, 'cursor'> = {},
): AsyncGenerator<StoredEvent> {
  let cursor: string | null = null;
  do {
    const page: EventListPage = await listEvents(db, scope, { ...query, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

export async function getEvent(
  db: Executor,
  scope: Scope,
  id: string,
): Promise<StoredEvent | undefined> {
  const row = await scopedEvents(db, scope)
    .select(STORED_EVENT_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toStoredEvent(row);
}

/** The scope's events among `ids` (missing ones are absent), in no particular order. */
export async function getEvents(
  db: Executor,
  scope: Scope,
  ids: readonly string[],
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  for (const part of chunk([...new Set(ids)], rowsPerStatement(db, 1) - 2)) {
    const rows = await scopedEvents(db, scope)
      .select(STORED_EVENT_COLUMNS)
      .where('id', 'in', part)
      .execute();
    found.push(...rows.map(toStoredEvent));
  }
  return found;
}

/** Where else one meeting is: a copy on another calendar of the organisation. */
export interface MeetingCopy {
  eventId: string;
  userId: string;
  calendarId: string;
  provider: string;
}

/** A meeting on more calendars than this is listed with the first copies by user. */
const MAX_COPIES = 500;
const MAX_COPIES_READ = 5000;

/**
 * The other copies of an event's meeting within its organisation: the same iCalendar UID and,
 * for an instance of a series, the same original start, found through their meeting key
 * (calendar_events_meeting_key_index). A meeting with teammates appears once on each of their
 * calendars, from any provider. A UID calintel made up for an ICS event without one names no
 * copy (isMadeUpUid): teammates' files give it to their own, unrelated events.
 */
export async function listMeetingCopies(
  db: Executor,
  scope: { orgId: string },
  event: { id: string; iCalUid: string | null; originalStart: string | null },
): Promise<MeetingCopy[]> {
  if (!event.iCalUid || isMadeUpUid(event.iCalUid)) return [];
  const rows = (await meetingCopiesQuery(db, scope, { ...event, iCalUid: event.iCalUid }).execute())
    .sort((a, b) => a.user_id.localeCompare(b.user_id) || a.id.localeCompare(b.id))
    .slice(0, MAX_COPIES);
  return rows.map((r) => ({
    eventId: r.id,
    userId: r.user_id,
    calendarId: r.calendar_id,
    provider: r.provider,
  }));
}

/**
 * The query behind listMeetingCopies. The organisation is compared through an expression: as a
 * plain column, SQLite chose the owner/start index and scanned every event of the organisation
 * (52 ms at 10,000 events, ~350 ms at 100,000, measured by bench/push-latency.ts), where one
 * meeting key has few rows. It is compared in SQL all the same, so that other organisations'
 * copies of a widely shared meeting cannot fill the limit. The columns themselves are compared
 * too, since two meetings may share a key.
 */
export function meetingCopiesQuery(
  db: Executor,
  scope: { orgId: string },
  event: { id: string; iCalUid: string; originalStart: string | null },
) {
  const query = db
    .selectFrom('calendar_events')
    .select(['id', 'user_id', 'calendar_id', 'provider'])
    .where('meeting_key', '=', meetingKeyOf(event.iCalUid, event.originalStart))
    .where(sql<string>`calendar_events.org_id || ''`, '=', scope.orgId)
    .where('ical_uid', '=', event.iCalUid)
    .where('id', '!=', event.id);
  return (
    event.originalStart === null
      ? query.where('original_start', 'is', null)
      : query.where('original_start', '=', event.originalStart)
  ).limit(MAX_COPIES_READ);
}

export async function countEvents(
  db: Executor,
  scope: Scope,
  filter: { calendarId?: string } = {},
): Promise<number> {
  let query = scopedEvents(db, scope).select((eb) => eb.fn.countAll().as('n'));
  if (filter.calendarId) query = query.where('calendar_id', '=', filter.calendarId);
  const row = await query.executeTakeFirst();
  return toCount(row?.n as string | number | undefined);
}

function instant(value: Date | string): string {
  return typeof value === 'string' ? new Date(value).toISOString() : iso(value);
}
