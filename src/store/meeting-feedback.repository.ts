/**
 * What users said about detections (confirm, reject, a corrected type), kept with a snapshot of
 * what the model read so that the organisation's adjustment can be fitted again later; and that
 * adjustment, one per organisation. Each word is kept with the identity of its meeting
 * (meeting-identity.ts), which outlives the event row it was given on.
 */
import { sql } from 'kysely';
import type { MeetingType, OrganisationAdjustment } from '../domain/detection/analyse.js';
import type { Executor } from './database.js';
import { STORED_EVENT_COLUMNS, toStoredEvent, type StoredEvent } from './event-rows.js';
import { identityUid, meetingIdentity } from './meeting-identity.js';
import { meetingKeyOf } from './meeting-key.js';
import type { MeetingFeedbackRow, MeetingVerdict } from './schema.js';
import type { OrgScope, Scope } from './scope.js';
import { fromJson, iso, newOrderedId, toJson } from './sql-support.js';

export interface MeetingFeedback {
  id: string;
  orgId: string;
  userId: string;
  eventId: string;
  meetingId: string | null;
  seriesId: string | null;
  /**
   * The meeting the word is about, whatever row holds its event now (meetingIdentity); null only
   * for feedback stored before it was kept whose event was gone by then.
   */
  meetingIdentity: string | null;
  verdict: MeetingVerdict;
  meetingType: MeetingType | null;
  /** What the model read, as the caller stored it (see the meetings service). */
  snapshot: unknown;
  createdAt: string;
}

export type MeetingFeedbackInput = Pick<
  MeetingFeedback,
  'eventId' | 'meetingId' | 'seriesId' | 'verdict' | 'meetingType' | 'snapshot'
> & { meetingIdentity: string };

export interface MeetingAdjustment {
  modelVersion: string;
  feedbackCount: number;
  adjustment: OrganisationAdjustment;
  updatedAt: string;
}

function toFeedback(row: MeetingFeedbackRow): MeetingFeedback {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    eventId: row.event_id,
    meetingId: row.meeting_id,
    seriesId: row.series_id,
    meetingIdentity: row.meeting_identity,
    verdict: row.verdict,
    meetingType: row.meeting_type as MeetingType | null,
    snapshot: fromJson<unknown>(row.snapshot, null),
    createdAt: row.created_at,
  };
}

export async function recordFeedback(
  db: Executor,
  scope: Scope,
  input: MeetingFeedbackInput,
  now = new Date(),
): Promise<MeetingFeedback> {
  const row: MeetingFeedbackRow = {
    // Sorts by when it was made: the lists order by created_at (the app's clock, which may say
    // the same instant twice) and then by id, so that a later word comes later.
    id: newOrderedId(),
    org_id: scope.orgId,
    user_id: scope.userId,
    event_id: input.eventId,
    meeting_id: input.meetingId,
    series_id: input.seriesId,
    meeting_identity: input.meetingIdentity,
    verdict: input.verdict,
    meeting_type: input.meetingType,
    snapshot: toJson(input.snapshot),
    created_at: iso(now),
  };
  await db.insertInto('meeting_feedback').values(row).execute();
  return toFeedback(row);
}

/**
 * A user's feedback, oldest first (the last word on an event or series wins): by the app's time,
 * then in the order it was recorded (ids made later sort later: newOrderedId). Rows stored
 * before (random ids) keep a random order within one millisecond.
 */
export async function listUserFeedback(db: Executor, scope: Scope): Promise<MeetingFeedback[]> {
  const rows = await db
    .selectFrom('meeting_feedback')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toFeedback);
}

/**
 * The user's feedback as listUserFeedback orders it, without the snapshots (null): what detection
 * reads to know each meeting's last word, also inside the transaction that writes meetings.
 */
export async function listUserWords(db: Executor, scope: Scope): Promise<MeetingFeedback[]> {
  const rows = await db
    .selectFrom('meeting_feedback')
    .select([
      'id',
      'org_id',
      'user_id',
      'event_id',
      'meeting_id',
      'series_id',
      'meeting_identity',
      'verdict',
      'meeting_type',
      'created_at',
    ])
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => toFeedback({ ...row, snapshot: 'null' }));
}

/**
 * The user's events that hold the same single meeting as `stored` (itself included): its copies
 * on their other calendars, which share its UID and original start. An instance of a series is
 * not one of them (a word on it is about its series). Found through the meeting key's index; the
 * columns are compared too, since two meetings may share a key.
 */
export async function listSameMeetingEvents(
  db: Executor,
  scope: Scope,
  stored: StoredEvent,
): Promise<StoredEvent[]> {
  const uid = identityUid(stored.event);
  if (uid === null) return [stored];
  const { originalStart } = stored.event;
  const query = db
    .selectFrom('calendar_events')
    .select(STORED_EVENT_COLUMNS)
    .where('meeting_key', '=', meetingKeyOf(uid, originalStart))
    // Through expressions, so that SQLite takes the meeting key's index and not the owner's
    // (as meetingCopiesQuery does): one meeting key has few rows, one user many.
    .where(sql<string>`calendar_events.org_id || ''`, '=', scope.orgId)
    .where(sql<string>`calendar_events.user_id || ''`, '=', scope.userId)
    .where('ical_uid', '=', uid)
    .where('series_id', 'is', null)
    .orderBy('id')
    .limit(MAX_SAME_MEETING_EVENTS);
  const rows = await (
    originalStart === null
      ? query.where('original_start', 'is', null)
      : query.where('original_start', '=', originalStart)
  ).execute();
  const identity = meetingIdentity(stored.calendarId, stored.event);
  const others = rows
    .map(toStoredEvent)
    .filter((e) => e.id !== stored.id && meetingIdentity(e.calendarId, e.event) === identity);
  return [stored, ...others];
}

/** One user's copies of one meeting: one per calendar, and a user has a handful of calendars. */
const MAX_SAME_MEETING_EVENTS = 500;

/**
 * The user's events of the recurring series `stored` is an instance of (itself included), first
 * by start: those with its series id, and the instances with its UID on the user's other
 * calendars, whose providers may name the series otherwise (Google by its recurringEventId, ICS
 * and CalDAV by the UID, Outlook by each mailbox's master id). A UID known only within its
 * calendar, or made up, names no other series (identityUid).
 */
export async function listSeriesCopies(
  db: Executor,
  scope: Scope,
  stored: StoredEvent,
): Promise<StoredEvent[]> {
  const { seriesId } = stored.event;
  if (seriesId === null) return [stored];
  const uid = identityUid(stored.event);
  const rows = await db
    .selectFrom('calendar_events')
    .select(STORED_EVENT_COLUMNS)
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where((eb) =>
      uid === null
        ? eb('series_id', '=', seriesId)
        : eb.or([
            eb('series_id', '=', seriesId),
            eb.and([eb('ical_uid', '=', uid), eb('series_id', 'is not', null)]),
          ]),
    )
    .orderBy('start_at')
    .orderBy('id')
    .limit(MAX_SERIES_COPIES)
    .execute();
  return rows.map(toStoredEvent);
}

/** A daily series over the longest sync window, on a handful of calendars, is well under this. */
const MAX_SERIES_COPIES = 20_000;

/** Every user's feedback in an organisation, oldest first (what its adjustment is fitted on). */
export async function listOrgFeedback(db: Executor, scope: OrgScope): Promise<MeetingFeedback[]> {
  const rows = await db
    .selectFrom('meeting_feedback')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toFeedback);
}

export async function getAdjustment(
  db: Executor,
  scope: OrgScope,
): Promise<MeetingAdjustment | undefined> {
  const row = await db
    .selectFrom('meeting_model_adjustments')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .executeTakeFirst();
  return (
    row && {
      modelVersion: row.model_version,
      feedbackCount: row.feedback_count,
      adjustment: fromJson<OrganisationAdjustment>(row.adjustment, {
        detection: emptyWeights(),
        types: [],
      }),
      updatedAt: row.updated_at,
    }
  );
}

export async function saveAdjustment(
  db: Executor,
  scope: OrgScope,
  input: Omit<MeetingAdjustment, 'updatedAt'>,
  now = new Date(),
): Promise<void> {
  const values = {
    model_version: input.modelVersion,
    feedback_count: input.feedbackCount,
    adjustment: toJson(input.adjustment),
    updated_at: iso(now),
  };
  await db
    .insertInto('meeting_model_adjustments')
    .values({ ...values, org_id: scope.orgId })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute();
}

function emptyWeights() {
  return { named: {}, hashed: {} };
}
