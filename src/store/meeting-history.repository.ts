/**
 * What detection reads of the stored meetings to place others in their accounts' histories: the
 * history before a run's start, where changed events' meetings stood, and which meetings a
 * change reaches (MeetingDetector.detectRange and detectChanged).
 */
import type { Executor } from './database.js';
import { scopedMeetings as scoped } from './meetings.repository.js';
import type { Scope } from './scope.js';
import { chunk, rowsPerStatement } from './sql-support.js';

/** Sales meetings with one account before some instant: how many, and when the first was. */
export interface AccountHistoryEntry {
  count: number;
  firstStart: string;
}

/** Where an event's meeting stands: its start and, for a sales meeting, its account. */
export interface MeetingPlace {
  start: string;
  end: string;
  /** Set for a sales meeting with an account: the account whose history counts it. */
  accountId: string | null;
}

/** The places of these events' meetings (sales meetings or not), by event id. */
export async function meetingPlaces(
  db: Executor,
  scope: Scope,
  eventIds: readonly string[],
): Promise<Map<string, MeetingPlace>> {
  const places = new Map<string, MeetingPlace>();
  for (const part of chunk([...new Set(eventIds)], rowsPerStatement(db, 1) - 2)) {
    const rows = await scoped(db, scope)
      .select(['event_id', 'account_id', 'is_sales_meeting', 'start_at', 'end_at'])
      .where('event_id', 'in', part)
      .execute();
    for (const row of rows) {
      const accountId = row.is_sales_meeting === 1 ? row.account_id : null;
      places.set(row.event_id, { start: row.start_at, end: row.end_at, accountId });
    }
  }
  return places;
}

/** Event ids of the scope's meetings that overlap [from, to) but whose event now ends by `from`. */
export async function meetingEventIdsMovedBefore(
  db: Executor,
  scope: Scope,
  range: { from: string; to: string },
): Promise<string[]> {
  const rows = await db
    .selectFrom('meetings')
    .innerJoin('calendar_events', 'calendar_events.id', 'meetings.event_id')
    .select('meetings.event_id')
    .where('meetings.org_id', '=', scope.orgId)
    .where('meetings.user_id', '=', scope.userId)
    .where('meetings.end_at', '>', range.from)
    .where('meetings.start_at', '<', range.to)
    .where('calendar_events.end_at', '<=', range.from)
    .execute();
  return rows.map((row) => row.event_id);
}

/** Event ids of the scope's sales meetings with these accounts that start in [from, to). */
export async function salesMeetingEventIdsBetween(
  db: Executor,
  scope: Scope,
  accountIds: readonly string[],
  range: { from: string; to: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (const part of chunk([...new Set(accountIds)], rowsPerStatement(db, 1) - 5)) {
    const rows = await scoped(db, scope)
      .select('event_id')
      .where('is_sales_meeting', '=', 1)
      .where('account_id', 'in', part)
      .where('start_at', '>=', range.from)
      .where('start_at', '<', range.to)
      .execute();
    ids.push(...rows.map((r) => r.event_id));
  }
  return ids;
}

/**
 * Per account (count, first start): the scope's sales meetings that start before `before`.
 * `endingBy`: only those that also end by then (a run analyses again what overlaps its start).
 */
export async function accountHistoryBefore(
  db: Executor,
  scope: Scope,
  before: string,
  options: { endingBy?: string; to?: string } = {},
): Promise<Map<string, AccountHistoryEntry>> {
  let query = scoped(db, scope);
  if (options.endingBy !== undefined) {
    const endingBy = options.endingBy;
    query = query
      .where('end_at', '<=', endingBy)
      // An event now reaching past the range's start is analysed again in the run: not its old place.
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('calendar_events')
              .select('calendar_events.id')
              .whereRef('calendar_events.id', '=', 'meetings.event_id')
              .where('calendar_events.end_at', '>', endingBy)
              .where('calendar_events.start_at', '<', options.to ?? '9999'),
          ),
        ),
      );
  }
  const rows = await query
    .select((eb) => [
      'account_id',
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.min('start_at').as('first_start'),
    ])
    .where('is_sales_meeting', '=', 1)
    .where('account_id', 'is not', null)
    .where('start_at', '<', before)
    .groupBy('account_id')
    .execute();
  const history = new Map<string, AccountHistoryEntry>();
  for (const row of rows) {
    if (row.account_id)
      history.set(row.account_id, { count: Number(row.n), firstStart: row.first_start });
  }
  return history;
}
