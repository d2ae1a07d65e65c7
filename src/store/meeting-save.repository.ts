/**
 * Writing detection's drafts: only those whose content changed, in batches, each batch in one
 * transaction with the participants of the meetings it rewrote. A run's batch is settled under
 * the user's feedback as it stands in that transaction (saveSettled), so that a verdict given
 * while the run was analysing is not written over by its older answer.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { dialectOf } from './database.js';
import type { Executor, Transaction } from './database.js';
import { listUserWords, type MeetingFeedback } from './meeting-feedback.repository.js';
import {
  removeMeetings,
  type MeetingDraft,
  type MeetingParticipant,
  type SaveOutcome,
} from './meetings.repository.js';
import type { MeetingParticipantRow, MeetingRow, Tables } from './schema.js';
import type { Scope } from './scope.js';
import {
  chunk,
  inTransaction,
  iso,
  newId,
  rowsPerStatement,
  toBool01,
  toJson,
} from './sql-support.js';

type Trx = Transaction<Tables>;

const DRAFTS_PER_TRANSACTION = 500;

/**
 * Writes the drafts (one per event) whose content changed: inserts new meetings, updates the
 * others in place (same id), and replaces their participants. Drafts for events that are gone
 * are skipped rather than failing the batch.
 */
export async function saveMeetings(
  db: Executor,
  scope: Scope,
  drafts: readonly MeetingDraft[],
  now = new Date(),
): Promise<SaveOutcome> {
  const outcome: SaveOutcome = {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    touchedKeys: [],
  };
  const touched = new Set<string>();
  const unique = [...new Map(drafts.map((d) => [d.eventId, d])).values()];
  for (const part of chunk(unique, DRAFTS_PER_TRANSACTION)) {
    const counts = await inTransaction(db, (trx) => saveChunk(trx, scope, part, iso(now)));
    outcome.created += counts.created;
    outcome.updated += counts.updated;
    outcome.unchanged += counts.unchanged;
    outcome.skipped += counts.skipped;
    for (const key of counts.touchedKeys) touched.add(key);
  }
  outcome.touchedKeys = [...touched];
  return outcome;
}

/** Given the user's feedback (oldest first, no snapshots), what to write and what to remove. */
export type SettleBatch = (feedback: readonly MeetingFeedback[]) => {
  drafts: readonly MeetingDraft[];
  removals: readonly string[];
};

export interface SettledOutcome extends SaveOutcome {
  removed: number;
}

/**
 * Writes one batch of a detection run in one transaction that first reads the user's feedback:
 * `settle` decides the batch again where a verdict changed since the run read its own, and the
 * drafts and removals it returns are written with nothing given in between. A verdict's own
 * detection comes through here too, and one user's calls run one after the other (see
 * lockUserMeetings), so whichever comes second reads the verdict. A batch is one transaction's
 * worth: the detector's are at most DRAFTS_PER_TRANSACTION drafts.
 */
export async function saveSettled(
  db: Executor,
  scope: Scope,
  settle: SettleBatch,
  now = new Date(),
): Promise<SettledOutcome> {
  return inTransaction(db, async (trx) => {
    await lockUserMeetings(trx, scope);
    const { drafts, removals } = settle(await listUserWords(trx, scope));
    const unique = [...new Map(drafts.map((d) => [d.eventId, d])).values()];
    const saved = unique.length
      ? await saveChunk(trx, scope, unique, iso(now))
      : { created: 0, updated: 0, unchanged: 0, skipped: 0, touchedKeys: [] };
    const removed = await removeMeetings(trx, scope, removals);
    const touched = new Set([...saved.touchedKeys, ...removed.touchedKeys]);
    return { ...saved, removed: removed.removed, touchedKeys: [...touched] };
  });
}

/**
 * PostgreSQL reads at READ COMMITTED: without this, a verdict and its detection could commit
 * between a batch's feedback read and its write, and the batch would write its older answer over
 * them for good. This transaction-scoped advisory lock per user, taken before the feedback read,
 * makes the second of two batches wait and then read the first's feedback. SQLite has one writer
 * at a time (begin immediate) already.
 */
const USER_MEETINGS_LOCK_CLASS = 0x6d_74_6e_67; // "mtng"

async function lockUserMeetings(trx: Trx, scope: Scope): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(cast(${USER_MEETINGS_LOCK_CLASS} as integer), hashtext(${scope.userId}))`.execute(
    trx,
  );
}

async function saveChunk(
  trx: Trx,
  scope: Scope,
  drafts: readonly MeetingDraft[],
  now: string,
): Promise<SaveOutcome> {
  const live = await lockLiveEvents(
    trx,
    scope,
    drafts.map((d) => d.eventId),
  );
  const known = new Map(
    (
      await trx
        .selectFrom('meetings')
        .select(['event_id', 'content_hash', 'relationship_key'])
        .where('org_id', '=', scope.orgId)
        .where('user_id', '=', scope.userId)
        .where(
          'event_id',
          'in',
          drafts.map((d) => d.eventId),
        )
        .execute()
    ).map((r) => [r.event_id, r]),
  );
  const outcome: SaveOutcome = {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    touchedKeys: [],
  };
  const rows: MeetingRow[] = [];
  const byEvent = new Map<string, MeetingDraft>();
  for (const draft of drafts) {
    if (!live.has(draft.eventId)) {
      outcome.skipped += 1;
      continue;
    }
    const hash = draftHash(draft);
    const before = known.get(draft.eventId);
    if (before?.content_hash === hash) {
      outcome.unchanged += 1;
      continue;
    }
    outcome[before === undefined ? 'created' : 'updated'] += 1;
    for (const key of [before?.relationship_key, draft.relationshipKey])
      if (key && !outcome.touchedKeys.includes(key)) outcome.touchedKeys.push(key);
    rows.push(toMeetingRow(scope, draft, hash, now));
    byEvent.set(draft.eventId, draft);
  }
  const ids = await upsertMeetingRows(trx, scope, rows);
  await replaceParticipants(trx, scope, ids, byEvent);
  return outcome;
}

/**
 * The scope's events among `ids` that still exist. On PostgreSQL they are locked (FOR KEY SHARE)
 * until the transaction ends, so a sync deleting one meanwhile waits and then deletes its meeting
 * by cascade, instead of this insert failing on the foreign key. SQLite has one writer at a time.
 */
async function lockLiveEvents(trx: Trx, scope: Scope, ids: string[]): Promise<Set<string>> {
  let query = trx
    .selectFrom('calendar_events')
    .select('id')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', 'in', ids);
  if (dialectOf(trx) === 'postgres') query = query.forKeyShare();
  return new Set((await query.execute()).map((r) => r.id));
}

function toMeetingRow(scope: Scope, draft: MeetingDraft, hash: string, now: string): MeetingRow {
  return {
    id: newId(),
    org_id: scope.orgId,
    user_id: scope.userId,
    event_id: draft.eventId,
    calendar_id: draft.calendarId,
    series_id: draft.seriesId,
    title: draft.title,
    start_at: draft.start,
    end_at: draft.end,
    is_sales_meeting: toBool01(draft.isSalesMeeting),
    confidence: draft.confidence,
    meeting_type: draft.meetingType,
    type_confidence: draft.typeConfidence,
    account_id: draft.accountId,
    account_ambiguous: toBool01(draft.accountAmbiguous),
    relationship_key: draft.relationshipKey,
    external_domains: toJson(draft.externalDomains),
    reasons: toJson(draft.reasons),
    model_version: draft.modelVersion,
    source: draft.source,
    content_hash: hash,
    detected_at: now,
    updated_at: now,
  };
}

/** Inserts or updates by event id; returns event id -> meeting id (an update keeps its id). */
async function upsertMeetingRows(
  trx: Trx,
  scope: Scope,
  rows: MeetingRow[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const first = rows[0];
  if (!first) return ids;
  for (const part of chunk(rows, rowsPerStatement(trx, Object.keys(first).length + 2))) {
    const written = await trx
      .insertInto('meetings')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('event_id')
          .doUpdateSet((eb) => ({
            calendar_id: eb.ref('excluded.calendar_id'),
            series_id: eb.ref('excluded.series_id'),
            title: eb.ref('excluded.title'),
            start_at: eb.ref('excluded.start_at'),
            end_at: eb.ref('excluded.end_at'),
            is_sales_meeting: eb.ref('excluded.is_sales_meeting'),
            confidence: eb.ref('excluded.confidence'),
            meeting_type: eb.ref('excluded.meeting_type'),
            type_confidence: eb.ref('excluded.type_confidence'),
            account_id: eb.ref('excluded.account_id'),
            account_ambiguous: eb.ref('excluded.account_ambiguous'),
            relationship_key: eb.ref('excluded.relationship_key'),
            external_domains: eb.ref('excluded.external_domains'),
            reasons: eb.ref('excluded.reasons'),
            model_version: eb.ref('excluded.model_version'),
            source: eb.ref('excluded.source'),
            content_hash: eb.ref('excluded.content_hash'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          // Defence in depth: a conflicting row can only be the same owner's.
          .where('meetings.org_id', '=', scope.orgId)
          .where('meetings.user_id', '=', scope.userId),
      )
      .returning(['id', 'event_id'])
      .execute();
    for (const row of written) ids.set(row.event_id, row.id);
  }
  return ids;
}

async function replaceParticipants(
  trx: Trx,
  scope: Scope,
  ids: Map<string, string>,
  drafts: Map<string, MeetingDraft>,
): Promise<void> {
  const meetingIds = [...ids.values()];
  for (const part of chunk(meetingIds, rowsPerStatement(trx, 1) - 2)) {
    await trx
      .deleteFrom('meeting_participants')
      .where('org_id', '=', scope.orgId)
      .where('meeting_id', 'in', part)
      .execute();
  }
  const rows: MeetingParticipantRow[] = [];
  for (const [eventId, meetingId] of ids) {
    const seen = new Set<string>();
    for (const p of drafts.get(eventId)?.participants ?? []) {
      if (seen.has(p.email)) continue;
      seen.add(p.email);
      rows.push(toParticipantRow(scope, meetingId, p));
    }
  }
  const first = rows[0];
  if (!first) return;
  for (const part of chunk(rows, rowsPerStatement(trx, Object.keys(first).length))) {
    await trx.insertInto('meeting_participants').values(part).execute();
  }
}

function toParticipantRow(
  scope: Scope,
  meetingId: string,
  p: MeetingParticipant,
): MeetingParticipantRow {
  return {
    meeting_id: meetingId,
    org_id: scope.orgId,
    email: p.email,
    name: p.name,
    internal: toBool01(p.internal),
    resource: toBool01(p.resource),
    organizer: toBool01(p.organizer),
    lead_id: p.leadId,
    contact_id: p.contactId,
    account_id: p.accountId,
    response_status: p.responseStatus,
  };
}

/** A draft's fingerprint: detection rewrites a meeting only when this changes. */
export function draftHash(draft: MeetingDraft): string {
  return createHash('sha256').update(JSON.stringify(draft)).digest('hex');
}
