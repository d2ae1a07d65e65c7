/**
 * Relationship progression, one row per account of an organisation (or external domain, or
 * free-mail person), holding the latest analysis, and every stage change seen, dated. The
 * analysis itself is the domain's (src/domain/relationships); this stores it as JSON and keeps
 * the columns the list filters on.
 */
import { dialectOf } from './database.js';
import type { Executor } from './database.js';
import { InvalidCursorError } from './event-rows.js';
import { nameOrCrmName, participantsWithCrmPeople } from './meeting-participants.repository.js';
import type { RelationshipPosition } from './relationships-read.repository.js';
import type { RelationshipRow } from './schema.js';
import { cancelledSeriesInstances } from './relationship-cancelled.repository.js';
import type { RelationshipMeetingRow } from './relationship-meeting-row.js';
import type { OrgScope } from './scope.js';
import { recordStageChange } from './relationships-stage-changes.repository.js';
import { chunk, fromJson, iso, rowsPerStatement, toCount, toJson } from './sql-support.js';

// Stage changes have their own file; their reads stay reachable from here for the store's callers.
export { listStageChanges, type StageChange } from './relationships-stage-changes.repository.js';
// The reads of the summaries (with their account's external id) have their own file too.
export {
  getRelationship,
  listRelationships,
  type RelationshipPosition,
  type RelationshipQuery,
  type StoredRelationship,
} from './relationships-read.repository.js';

export interface RelationshipDraft {
  accountKey: string;
  accountId: string | null;
  name: string | null;
  stage: string;
  stageReasons: string[];
  /**
   * Each stage reason's parts, in the order of `stageReasons`, as JSON (the API's form): kept
   * with a stage change so that its dates can be written in a reader's zone later.
   */
  stageReasonParts: readonly unknown[];
  cadenceTrend: string;
  durationTrend: string;
  meetings: number;
  lastMeetingAt: string | null;
  ownerIds: string[];
  analysis: unknown;
}

/** A page's last relationship as an opaque cursor (base64url of the pair). */
export function encodeRelationshipCursor(position: RelationshipPosition): string {
  return Buffer.from(JSON.stringify([position.lastMeetingAt, position.accountKey])).toString(
    'base64url',
  );
}

/** The position a cursor of encodeRelationshipCursor names; InvalidCursorError for anything else. */
export function decodeRelationshipCursor(cursor: string): RelationshipPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a relationships cursor');
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError('not a cursor');
  const [lastMeetingAt, accountKey] = value as unknown[];
  const instant =
    lastMeetingAt === null ||
    (typeof lastMeetingAt === 'string' && !Number.isNaN(Date.parse(lastMeetingAt)));
  if (!instant || typeof accountKey !== 'string' || accountKey === '' || accountKey.length > 400)
    throw new InvalidCursorError('not a relationships cursor');
  return { lastMeetingAt: lastMeetingAt as string | null, accountKey };
}

/**
 * Writes the accounts' analyses and, where the stage differs from the stored one, records the
 * change. Accounts in `removed` (no meetings left) are deleted, their history kept.
 */
export async function saveRelationships(
  db: Executor,
  scope: OrgScope,
  drafts: readonly RelationshipDraft[],
  removed: readonly string[],
  now = new Date(),
): Promise<{ saved: number; stageChanges: number; removed: number }> {
  const at = iso(now);
  let stageChanges = 0;
  for (const draft of drafts) {
    // Two users' detections can update one account at once: the row is locked while its stage
    // is compared (PostgreSQL), and written by upsert, so neither fails nor records twice.
    let current = db
      .selectFrom('relationships')
      .select('stage')
      .where('org_id', '=', scope.orgId)
      .where('account_key', '=', draft.accountKey);
    if (dialectOf(db) === 'postgres') current = current.forUpdate();
    const before = await current.executeTakeFirst();
    const row = toRow(scope, draft, at);
    await db
      .insertInto('relationships')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['org_id', 'account_key']).doUpdateSet((eb) => ({
          account_id: eb.ref('excluded.account_id'),
          name: eb.ref('excluded.name'),
          stage: eb.ref('excluded.stage'),
          cadence_trend: eb.ref('excluded.cadence_trend'),
          duration_trend: eb.ref('excluded.duration_trend'),
          meetings: eb.ref('excluded.meetings'),
          last_meeting_at: eb.ref('excluded.last_meeting_at'),
          owner_ids: eb.ref('excluded.owner_ids'),
          analysis: eb.ref('excluded.analysis'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
    if (before?.stage !== draft.stage) {
      await recordStageChange(db, scope, draft.accountKey, {
        fromStage: before?.stage ?? null,
        toStage: draft.stage,
        reasons: draft.stageReasons,
        reasonParts: [...draft.stageReasonParts],
        changedAt: at,
      });
      stageChanges += 1;
    }
  }
  let deleted = 0;
  if (removed.length > 0) {
    const result = await db
      .deleteFrom('relationships')
      .where('org_id', '=', scope.orgId)
      .where('account_key', 'in', [...removed])
      .executeTakeFirst();
    deleted = Number(result.numDeletedRows);
  }
  return { saved: drafts.length, stageChanges, removed: deleted };
}

function toRow(scope: OrgScope, draft: RelationshipDraft, at: string): RelationshipRow {
  return {
    org_id: scope.orgId,
    account_key: draft.accountKey,
    account_id: draft.accountId,
    name: draft.name,
    stage: draft.stage,
    cadence_trend: draft.cadenceTrend,
    duration_trend: draft.durationTrend,
    meetings: draft.meetings,
    last_meeting_at: draft.lastMeetingAt,
    owner_ids: toJson([...draft.ownerIds].sort()),
    analysis: toJson(draft.analysis),
    computed_at: at,
  };
}

/** The account keys the organisation has a relationship row for (a full recompute's removals). */
export async function listRelationshipKeys(db: Executor, scope: OrgScope): Promise<string[]> {
  const rows = await db
    .selectFrom('relationships')
    .select('account_key')
    .where('org_id', '=', scope.orgId)
    .execute();
  return rows.map((r) => r.account_key);
}

export type { RelationshipMeetingRow };

/**
 * The organisation's sales meetings (every user's) with a relationship key, with their event's
 * status and the people in them: all of them, or one relationship's. The cancelled instances of
 * their series come too (status cancelled, no people): they have no meeting row of their own.
 */
export async function listRelationshipMeetings(
  db: Executor,
  scope: OrgScope,
  filter: { relationshipKey?: string } = {},
): Promise<RelationshipMeetingRow[]> {
  let select = db
    .selectFrom('meetings')
    .innerJoin('calendar_events', 'calendar_events.id', 'meetings.event_id')
    .leftJoin('accounts', 'accounts.id', 'meetings.account_id')
    .select([
      'meetings.id',
      'meetings.event_id',
      'meetings.user_id',
      'meetings.account_id',
      'meetings.relationship_key',
      'accounts.name as account_name',
      'meetings.external_domains',
      'meetings.title',
      'meetings.start_at',
      'meetings.end_at',
      'calendar_events.status',
      'meetings.meeting_type',
      'meetings.series_id',
      'calendar_events.original_start',
    ])
    .where('meetings.org_id', '=', scope.orgId)
    .where('meetings.is_sales_meeting', '=', 1)
    .where('meetings.relationship_key', 'is not', null);
  if (filter.relationshipKey)
    select = select.where('meetings.relationship_key', '=', filter.relationshipKey);
  const rows = await select.orderBy('meetings.start_at').orderBy('meetings.id').execute();
  const people = await peopleOf(
    db,
    scope,
    rows.map((r) => r.id),
  );
  const meetings: RelationshipMeetingRow[] = rows.map((row) => ({
    meetingId: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    accountId: row.account_id,
    relationshipKey: row.relationship_key ?? '',
    accountName: row.account_name,
    externalDomains: fromJson<string[]>(row.external_domains, []),
    title: row.title,
    start: row.start_at,
    end: row.end_at,
    status: row.status,
    meetingType: row.meeting_type,
    seriesId: row.series_id,
    originalStart: row.original_start,
    people: people.get(row.id) ?? [],
  }));
  const cancelled = await cancelledSeriesInstances(db, scope, meetings);
  if (cancelled.length === 0) return meetings;
  return [...meetings, ...cancelled].sort(
    (a, b) => a.start.localeCompare(b.start) || a.meetingId.localeCompare(b.meetingId),
  );
}

async function peopleOf(
  db: Executor,
  scope: OrgScope,
  meetingIds: readonly string[],
): Promise<Map<string, RelationshipMeetingRow['people']>> {
  const byMeeting = new Map<string, RelationshipMeetingRow['people']>();
  for (const part of chunk(meetingIds, rowsPerStatement(db, 1) - 2)) {
    const rows = await participantsWithCrmPeople(db, scope)
      .select([
        'meeting_participants.meeting_id',
        'meeting_participants.email',
        'meeting_participants.name',
        'meeting_participants.internal',
        'meeting_participants.resource',
        'meeting_participants.response_status',
        'contacts.title',
        'contacts.name as contact_name',
        'leads.name as lead_name',
      ])
      .where('meeting_participants.meeting_id', 'in', part)
      .orderBy('meeting_participants.meeting_id')
      .orderBy('meeting_participants.email')
      .execute();
    for (const row of rows) {
      const list = byMeeting.get(row.meeting_id) ?? [];
      list.push({
        email: row.email,
        name: nameOrCrmName(row),
        internal: row.internal === 1,
        resource: row.resource === 1,
        title: row.title,
        responseStatus: row.response_status,
      });
      byMeeting.set(row.meeting_id, list);
    }
  }
  return byMeeting;
}

/** Takes (and forgets) the relationships whose meetings were deleted since the last take. */
export async function takeDirtyKeys(db: Executor, scope: OrgScope): Promise<string[]> {
  const rows = await db
    .deleteFrom('relationship_dirty')
    .where('org_id', '=', scope.orgId)
    .returning('account_key')
    .execute();
  return rows.map((r) => r.account_key);
}

/** Sales meetings of the organisation written before they had a relationship key. */
export async function countUnkeyedMeetings(db: Executor, scope: OrgScope): Promise<number> {
  const row = await db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', scope.orgId)
    .where('is_sales_meeting', '=', 1)
    .where('relationship_key', 'is', null)
    .executeTakeFirst();
  return toCount(row?.n);
}
