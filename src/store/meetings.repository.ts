/**
 * Meetings: the calendar events detection kept (sales meetings, and those a user judged), each
 * with its participants as the CRM sees them. Detection hands over drafts, which
 * meeting-save.repository.ts writes; this file reads them back and removes them.
 */
import type { Selectable } from 'kysely';
import type { MeetingType } from '../domain/detection/analyse.js';
import type { Executor } from './database.js';
import { decodeCursor, encodeCursor } from './event-rows.js';
import {
  participantsWithCrmPeople,
  readParticipants,
  type MeetingParticipant,
  type ReadParticipant,
} from './meeting-participants.repository.js';
import type { MeetingRow, MeetingSource } from './schema.js';
import type { Scope } from './scope.js';
import { containsFolded } from './search-match.js';
import { chunk, fromJson, rowsPerStatement } from './sql-support.js';
import { rangeCondition } from './time-range.js';

/** The CRM account a meeting is with, as the store holds it now. */
export interface MeetingAccount {
  id: string;
  externalId: string | null;
  name: string;
  stage: string | null;
}

export interface Meeting {
  id: string;
  orgId: string;
  userId: string;
  eventId: string;
  calendarId: string;
  seriesId: string | null;
  title: string;
  start: string;
  end: string;
  /** False only for a meeting a user rejected (source 'feedback'). */
  isSalesMeeting: boolean;
  confidence: number;
  meetingType: MeetingType | null;
  typeConfidence: number | null;
  accountId: string | null;
  /** The account's CRM fields (null without account); read, never written with the meeting. */
  account: MeetingAccount | null;
  accountAmbiguous: boolean;
  /** The relationship the meeting counts for (src/domain/relationships accountKeyFor). */
  relationshipKey: string | null;
  externalDomains: string[];
  reasons: string[];
  modelVersion: string;
  source: MeetingSource;
  detectedAt: string;
  updatedAt: string;
  participants: ReadParticipant[];
}

/**
 * What detection decided about one event: a Meeting without what the store assigns, and its
 * participants without the CRM's ids (read from the CRM tables, never stored with them).
 */
export type MeetingDraft = Omit<
  Meeting,
  'id' | 'orgId' | 'userId' | 'account' | 'detectedAt' | 'updatedAt' | 'participants'
> & { participants: MeetingParticipant[] };

export interface MeetingQuery {
  /** Meetings that end after this instant (all-day ones with a viewer's zone: see timeZone). */
  from?: string;
  /** Meetings that start before this instant (all-day ones with a viewer's zone: see timeZone). */
  to?: string;
  /**
   * The viewer's IANA zone: an all-day meeting (its event's all_day and dates) is in [from, to)
   * when its dates overlap the dates the range covers there (time-range.ts). Absent: every
   * meeting goes by its instants.
   */
  timeZone?: string;
  meetingType?: MeetingType;
  accountId?: string;
  minConfidence?: number;
  /** Only meetings whose title, account's name, or an attendee's name or address holds this. */
  q?: string;
  /** Page size; default 100, at most 1000. */
  limit?: number;
  cursor?: string | null;
}

export interface MeetingListPage {
  items: Meeting[];
  nextCursor: string | null;
}

export interface SaveOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Drafts whose event no longer exists (deleted while detection ran). */
  skipped: number;
  /** Relationship keys of the meetings written, before and after: what to recompute. */
  touchedKeys: string[];
}

export type { MeetingParticipant, ReadParticipant };

const MAX_LIMIT = 1000;

/** A meeting's instants, and its event's all-day flag and dates (joined when a zone is given). */
const MEETING_RANGE_COLUMNS = {
  startAt: 'meetings.start_at',
  endAt: 'meetings.end_at',
  allDay: 'calendar_events.all_day',
  startDate: 'calendar_events.start_date',
  endDate: 'calendar_events.end_date',
};

/** A meetings row with the columns of its account (left join: null without one). */
type MeetingWithAccountRow = Selectable<MeetingRow> & {
  account_external_id: string | null;
  account_name: string | null;
  account_stage: string | null;
};

export function toMeeting(row: MeetingWithAccountRow, participants: ReadParticipant[]): Meeting {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    eventId: row.event_id,
    calendarId: row.calendar_id,
    seriesId: row.series_id,
    title: row.title,
    start: row.start_at,
    end: row.end_at,
    isSalesMeeting: row.is_sales_meeting === 1,
    confidence: Number(row.confidence),
    meetingType: row.meeting_type as MeetingType | null,
    typeConfidence: row.type_confidence === null ? null : Number(row.type_confidence),
    accountId: row.account_id,
    account:
      row.account_id && row.account_name !== null
        ? {
            id: row.account_id,
            externalId: row.account_external_id,
            name: row.account_name,
            stage: row.account_stage,
          }
        : null,
    accountAmbiguous: row.account_ambiguous === 1,
    relationshipKey: row.relationship_key,
    externalDomains: fromJson<string[]>(row.external_domains, []),
    reasons: fromJson<string[]>(row.reasons, []),
    modelVersion: row.model_version,
    source: row.source,
    detectedAt: row.detected_at,
    updatedAt: row.updated_at,
    participants,
  };
}

/** Deletes the scope's meetings of these events; says how many went and their relationships. */
export async function removeMeetings(
  db: Executor,
  scope: Scope,
  eventIds: readonly string[],
): Promise<{ removed: number; touchedKeys: string[] }> {
  let removed = 0;
  const touched = new Set<string>();
  for (const part of chunk(eventIds, rowsPerStatement(db, 1) - 2)) {
    const rows = await db
      .deleteFrom('meetings')
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('event_id', 'in', part)
      .returning('relationship_key')
      .execute();
    removed += rows.length;
    for (const row of rows) if (row.relationship_key) touched.add(row.relationship_key);
  }
  return { removed, touchedKeys: [...touched] };
}

/** Which of these events of the scope have a meeting. */
export async function withMeetings(
  db: Executor,
  scope: Scope,
  eventIds: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const part of chunk(eventIds, rowsPerStatement(db, 1) - 2)) {
    const rows = await scopedMeetings(db, scope)
      .select('event_id')
      .where('event_id', 'in', part)
      .execute();
    found.push(...rows.map((r) => r.event_id));
  }
  return found;
}

/** What detection said about an event, as conflict priorities read it. */
export interface MeetingFacts {
  isSalesMeeting: boolean;
  confidence: number;
  meetingType: MeetingType | null;
  accountId: string | null;
  accountStage: string | null;
}

/** The meetings of these events, by event id (events without one are absent). */
export async function meetingFactsOf(
  db: Executor,
  scope: Scope,
  eventIds: readonly string[],
): Promise<Map<string, MeetingFacts>> {
  const facts = new Map<string, MeetingFacts>();
  for (const part of chunk(eventIds, rowsPerStatement(db, 1) - 3)) {
    const rows = await selectMeetings(db, scope).where('meetings.event_id', 'in', part).execute();
    for (const row of rows)
      facts.set(row.event_id, {
        isSalesMeeting: row.is_sales_meeting === 1,
        confidence: Number(row.confidence),
        meetingType: row.meeting_type as MeetingType | null,
        accountId: row.account_id,
        accountStage: row.account_stage,
      });
  }
  return facts;
}

/** Event ids of the scope's meetings that overlap [from, to): what a detection run may revise. */
export async function listMeetingEventIds(
  db: Executor,
  scope: Scope,
  range: { from: string; to: string },
): Promise<string[]> {
  const rows = await scopedMeetings(db, scope)
    .select('event_id')
    .where('end_at', '>', range.from)
    .where('start_at', '<', range.to)
    .execute();
  return rows.map((r) => r.event_id);
}

/** The scope's meetings: every query of them starts here. */
export function scopedMeetings(db: Executor, scope: Scope) {
  return db
    .selectFrom('meetings')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId);
}

/** The scope's meetings with their account's CRM fields. */
function selectMeetings(db: Executor, scope: Scope) {
  return db
    .selectFrom('meetings')
    .leftJoin('accounts', (join) =>
      join.onRef('accounts.id', '=', 'meetings.account_id').on('accounts.org_id', '=', scope.orgId),
    )
    .selectAll('meetings')
    .select([
      'accounts.external_id as account_external_id',
      'accounts.name as account_name',
      'accounts.stage as account_stage',
    ])
    .where('meetings.org_id', '=', scope.orgId)
    .where('meetings.user_id', '=', scope.userId);
}

/** The scope's sales meetings matching `query`, ordered by (start, id), one page at a time. */
export async function listMeetings(
  db: Executor,
  scope: Scope,
  query: MeetingQuery = {},
): Promise<MeetingListPage> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), MAX_LIMIT);
  let select = selectMeetings(db, scope).where('meetings.is_sales_meeting', '=', 1);
  if (query.timeZone && (query.from || query.to)) {
    // The meetings table keeps instants only; whether a meeting is on whole days is its event's.
    // Left joined, so that a meeting without its event goes by its instants (start_date null).
    select = select.leftJoin('calendar_events', (join) =>
      join
        .onRef('calendar_events.id', '=', 'meetings.event_id')
        .on('calendar_events.org_id', '=', scope.orgId)
        .on('calendar_events.user_id', '=', scope.userId),
    );
  }
  const range = rangeCondition(MEETING_RANGE_COLUMNS, {
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.timeZone ? { timeZone: query.timeZone } : {}),
  });
  if (range) select = select.where(range);
  if (query.meetingType) select = select.where('meetings.meeting_type', '=', query.meetingType);
  if (query.accountId) select = select.where('meetings.account_id', '=', query.accountId);
  if (query.minConfidence !== undefined)
    select = select.where('meetings.confidence', '>=', query.minConfidence);
  const text = query.q;
  if (text)
    select = select.where((eb) =>
      eb.or([
        containsFolded(db, eb.ref('meetings.title'), text),
        containsFolded(db, eb.ref('accounts.name'), text),
        eb.exists(
          // The card names a bare address by its CRM record: that name finds it too.
          participantsWithCrmPeople(db, scope)
            .select('meeting_participants.meeting_id')
            .where('meeting_participants.meeting_id', '=', eb.ref('meetings.id'))
            .where((inner) =>
              inner.or(
                (
                  [
                    'meeting_participants.name',
                    'meeting_participants.email',
                    'contacts.name',
                    'leads.name',
                  ] as const
                ).map((column) => containsFolded(db, inner.ref(column), text)),
              ),
            ),
        ),
      ]),
    );
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb(eb.refTuple('meetings.start_at', 'meetings.id'), '>', eb.tuple(after.startAt, after.id)),
    );
  }
  const rows = await select
    .orderBy('meetings.start_at')
    .orderBy('meetings.id')
    .limit(limit + 1)
    .execute();
  const items = await withParticipants(db, scope, rows.slice(0, limit));
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ startAt: last.start, id: last.id }) : null;
  return { items, nextCursor };
}

async function withParticipants(
  db: Executor,
  scope: Scope,
  rows: MeetingWithAccountRow[],
): Promise<Meeting[]> {
  const byMeeting = await readParticipants(
    db,
    scope,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toMeeting(row, byMeeting.get(row.id) ?? []));
}

/** One of the scope's meetings, by its id or its event's id. */
export async function findMeeting(
  db: Executor,
  scope: Scope,
  ref: { id: string } | { eventId: string },
): Promise<Meeting | undefined> {
  const query = selectMeetings(db, scope);
  const row = await (
    'id' in ref
      ? query.where('meetings.id', '=', ref.id)
      : query.where('meetings.event_id', '=', ref.eventId)
  ).executeTakeFirst();
  return row && (await withParticipants(db, scope, [row]))[0];
}

/** The scope's other sales meetings with an account, latest first (without participants). */
export async function listAccountMeetings(
  db: Executor,
  scope: Scope,
  accountId: string,
  options: { excludeEventId?: string; limit?: number } = {},
): Promise<Meeting[]> {
  let query = selectMeetings(db, scope)
    .where('meetings.account_id', '=', accountId)
    .where('meetings.is_sales_meeting', '=', 1);
  if (options.excludeEventId)
    query = query.where('meetings.event_id', '<>', options.excludeEventId);
  const rows = await query
    .orderBy('meetings.start_at', 'desc')
    .orderBy('meetings.id')
    .limit(Math.min(options.limit ?? 20, MAX_LIMIT))
    .execute();
  return rows.map((row) => toMeeting(row, []));
}
