/**
 * The tables of meeting intelligence as Kysely sees them: detected meetings and their people,
 * feedback and the organisation's model adjustment, conflicts, and account relationships. The
 * conventions are schema.ts's; `Tables` there names every table.
 */
import type { Bool01 } from './row-types.js';

export type MeetingSource = 'model' | 'feedback';
/**
 * A user's word on a detection: `withdraw` takes back their earlier word on that meeting (or its
 * series), so that the model decides again (an undone rejection is not a confirmation).
 */
export type MeetingVerdict = 'confirm' | 'reject' | 'withdraw';

/** One analysed calendar event kept as a meeting: a detected sales meeting, or one a user judged. */
export interface MeetingRow {
  id: string;
  org_id: string;
  user_id: string;
  /** calendar_events.id; unique, and the row is deleted with its event. */
  event_id: string;
  calendar_id: string;
  series_id: string | null;
  /** The event's title and times when last analysed (kept in step by every detection). */
  title: string;
  start_at: string;
  end_at: string;
  /** 0 only for a meeting a user rejected (source 'feedback'): kept so detection honours it. */
  is_sales_meeting: Bool01;
  confidence: number;
  meeting_type: string | null;
  type_confidence: number | null;
  account_id: string | null;
  account_ambiguous: Bool01;
  /** The relationship it counts for: account id, `domain:…` or a free-mail person; null: none. */
  relationship_key: string | null;
  /** JSON list of the external registrable domains. */
  external_domains: string;
  /** JSON list of reasons, strongest first. */
  reasons: string;
  model_version: string;
  source: MeetingSource;
  /** SHA-256 of what detection wrote: an equal hash means nothing to rewrite. */
  content_hash: string;
  detected_at: string;
  updated_at: string;
}

export interface MeetingParticipantRow {
  meeting_id: string;
  org_id: string;
  email: string;
  name: string | null;
  internal: Bool01;
  resource: Bool01;
  organizer: Bool01;
  lead_id: string | null;
  contact_id: string | null;
  account_id: string | null;
  response_status: string | null;
}

export interface MeetingFeedbackRow {
  id: string;
  org_id: string;
  user_id: string;
  event_id: string;
  meeting_id: string | null;
  series_id: string | null;
  /**
   * meetingIdentity(...) of the event (meeting-identity.ts): finds the meeting again when its
   * event row is made anew. Null only for feedback older than it whose event was gone by then.
   */
  meeting_identity: string | null;
  verdict: MeetingVerdict;
  meeting_type: string | null;
  /** JSON of what the model read (the event as MeetingInput, and the account history). */
  snapshot: string;
  created_at: string;
}

/** An organisation's adjustment to the meeting models, learnt from its feedback. */
export interface MeetingModelAdjustmentRow {
  org_id: string;
  /** The base models' version it was fitted on; another version ignores it. */
  model_version: string;
  feedback_count: number;
  /** JSON of an OrganisationAdjustment. */
  adjustment: string;
  updated_at: string;
}

export type ConflictKind = 'overlap' | 'travel' | 'duplicate';
export type ConflictSeverity = 'high' | 'medium' | 'low';
/**
 * open: found and undecided; resolved: a suggestion was applied (by a user or the policy);
 * dismissed: a user said it does not matter; cleared: a later sync no longer finds it.
 */
export type ConflictStatus = 'open' | 'resolved' | 'dismissed' | 'cleared';

export interface ConflictRow {
  id: string;
  org_id: string;
  user_id: string;
  conflict_key: string;
  kind: ConflictKind;
  severity: ConflictSeverity;
  status: ConflictStatus;
  start_at: string;
  end_at: string;
  /** JSON list of calendar_events ids. */
  event_ids: string;
  auto_resolvable: Bool01;
  /** JSON: reasons, ranked suggestions, travel details. */
  details: string;
  /** SHA-256 of the events' times as found: a dismissed conflict reopens when they move. */
  fingerprint: string;
  /** JSON of what was done: the suggestion applied, and what the provider said. */
  resolution: string | null;
  /** `user:<id>` or `policy`. */
  resolved_by: string | null;
  resolved_at: string | null;
  detected_at: string;
  updated_at: string;
}

export interface ConflictScanRow {
  org_id: string;
  user_id: string;
  /** A change-log cursor: the last change whose days were recomputed; null before the first. */
  change_cursor: string | null;
  scanned_at: string;
}

export interface MeetingScanRow {
  org_id: string;
  user_id: string;
  /** A change-log cursor: the last change detection read; null after a reset. */
  change_cursor: string | null;
  /** Bumped by each reset: a detection saves its cursor only if it is unchanged. */
  epoch: number;
  /** The models' version of the last detection; another one makes the next run a full one. */
  model_version: string | null;
  scanned_at: string;
}

export interface RelationshipRow {
  org_id: string;
  account_key: string;
  account_id: string | null;
  name: string | null;
  stage: string;
  cadence_trend: string;
  duration_trend: string;
  meetings: number;
  last_meeting_at: string | null;
  /** JSON list of user ids. */
  owner_ids: string;
  /** JSON of the AccountRelationship. */
  analysis: string;
  computed_at: string;
}

/** A relationship whose meetings were deleted behind detection's back (see migration 0012). */
export interface RelationshipDirtyRow {
  org_id: string;
  account_key: string;
}

export interface RelationshipStageChangeRow {
  id: string;
  org_id: string;
  account_key: string;
  from_stage: string | null;
  to_stage: string;
  /** JSON list of reasons. */
  reasons: string;
  /** JSON list of each reason's parts (the API's form); null when recorded before 0032. */
  reason_parts: string | null;
  changed_at: string;
}
