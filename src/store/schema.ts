/**
 * The database as Kysely sees it: one interface per table, columns named as in SQL.
 *
 * Conventions, the same on SQLite and PostgreSQL so that one set of queries serves both:
 * - ids are text UUIDs made by the application (`crypto.randomUUID()`), never sequences;
 * - timestamps are text UTC instants from `Date#toISOString()`: fixed width, so they sort and
 *   compare correctly as text on both engines;
 * - booleans are integers 0/1 (SQLite has no boolean type);
 * - JSON is text (SQLite has no JSON column type; nothing queries inside it).
 * Every column is written explicitly by the repositories, so none is `Generated`, except the
 * change log's sequence (calendar_event_changes.id), which the engine numbers.
 */
import type { GeneratedAlways } from 'kysely';

import type { Bool01 } from './row-types.js';
import type {
  ConflictRow,
  ConflictScanRow,
  MeetingScanRow,
  MeetingFeedbackRow,
  MeetingModelAdjustmentRow,
  MeetingParticipantRow,
  MeetingRow,
  RelationshipDirtyRow,
  RelationshipRow,
  RelationshipStageChangeRow,
} from './schema-intelligence.js';

export type { Bool01 } from './row-types.js';
export * from './schema-intelligence.js';

export interface OrganisationRow {
  id: string;
  name: string;
  /** JSON list of lower-case domains, e.g. `["acme.com"]`. */
  internal_domains: string;
  /** JSON of the organisation's ConflictPolicy (auto-resolution, offices, working hours). */
  conflict_policy: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  org_id: string;
  /** Lower-cased; unique per organisation. */
  email: string;
  name: string | null;
  time_zone: string | null;
  password_hash: string | null;
  /** 1 when the user lets calintel decline or delete in their provider calendar. */
  conflict_write_back: Bool01;
  /** `admin` or `member` (UserRole). */
  role: string;
  created_at: string;
}

export interface ApiTokenRow {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  /** SHA-256 hex of the token; the token itself is never stored. */
  token_hash: string;
  /** The first characters of the token, so people can tell their tokens apart. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export type ConnectionStatus = 'active' | 'reauth_required' | 'error' | 'disconnected';

export interface CalendarConnectionRow {
  id: string;
  org_id: string;
  user_id: string;
  provider: string;
  label: string;
  status: ConnectionStatus;
  /** A SecretBox envelope around the JSON of the provider secrets. */
  secrets_encrypted: string;
  settings: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  /** The account at its provider (connection-account-key.ts); unique per user and provider. */
  account_key: string | null;
}

export interface CalendarRow {
  id: string;
  org_id: string;
  user_id: string;
  connection_id: string;
  provider: string;
  provider_calendar_id: string;
  name: string;
  time_zone: string | null;
  is_primary: Bool01;
  selected: Bool01;
  created_at: string;
  updated_at: string;
  /** When the provider's list was first found without it (migration 0027); null: listed. */
  missing_since: string | null;
  /** Google's accessRole for the account (migration 0036); null: not listed since, or no Google. */
  access_role: string | null;
  /** The owner Graph names (migration 0036), lower case; null: not listed since, or no Graph. */
  owner_address: string | null;
}

/**
 * `pending`: a run was stopped part-way (a graceful shutdown, a lost job lease); what it committed
 * is kept and the next run, at `next_run_at`, resumes from its last committed page.
 */
export type SyncState = 'idle' | 'syncing' | 'pending' | 'ok' | 'error';

export interface CalendarSyncStatusRow {
  calendar_id: string;
  org_id: string;
  user_id: string;
  cursor: string | null;
  state: SyncState;
  last_sync_at: string | null;
  last_success_at: string | null;
  last_error_kind: string | null;
  last_error_message: string | null;
  last_error_at: string | null;
  consecutive_failures: number;
  /** When the current run of failures began (null: not failing, or failing since before 0025). */
  failing_since: string | null;
  events_count: number;
  last_added: number;
  last_updated: number;
  last_deleted: number;
  /** JSON list of SyncIssue from the last run: the first 200 (see last_issue_count). */
  last_issues: string;
  /** How many issues the last run had, listed or not (0 before migration 0029). */
  last_issue_count: number;
  /** Events the last run's issues left out, and kept despite an issue (0 before 0031). */
  last_events_left_out: number;
  last_events_kept: number;
  generation: number;
  next_run_at: string | null;
  /** The last successful run that added, updated or deleted an event. */
  last_change_at: string | null;
  /** The run that holds the calendar's sync (null: none); see claimSyncRun. */
  run_id: string | null;
  /** The holder's last sign of life: its start, then each page it committed. */
  run_seen_at: string | null;
  /** Bumped by each claim, page, end and reset (migration 0034; see claimSyncRun). */
  version: number;
}

export interface CalendarEventRow {
  id: string;
  org_id: string;
  user_id: string;
  connection_id: string;
  calendar_id: string;
  provider: string;
  provider_event_id: string;
  ical_uid: string | null;
  series_id: string | null;
  original_start: string | null;
  /** meetingKey(ical_uid, original_start): indexed to find a meeting's copies (meeting-key.ts). */
  meeting_key: number | null;
  title: string;
  description: string | null;
  location: string | null;
  conference_url: string | null;
  all_day: Bool01;
  start_at: string;
  end_at: string;
  start_date: string | null;
  end_date: string | null;
  time_zone: string | null;
  status: string;
  transparency: string;
  organizer_email: string | null;
  organizer_name: string | null;
  attendees: string;
  sequence: number | null;
  etag: string | null;
  provider_updated_at: string | null;
  raw: string;
  /** SHA-256 of the normalised event and raw payload: equal hashes mean nothing to rewrite. */
  content_hash: string;
  /** The sync run that last saw the event; snapshot syncs delete what an older run saw. */
  sync_generation: number;
  created_at: string;
  updated_at: string;
}

/** One entry of the change log: what a sync found changed about one event. */
export interface CalendarEventChangeRow {
  /**
   * The log's sequence, increasing in commit order per user, the API's cursor. SQLite returns a
   * number, PostgreSQL's bigint arrives as a string.
   */
  id: GeneratedAlways<number | string>;
  org_id: string;
  user_id: string;
  calendar_id: string;
  /** calendar_events.id; kept after the event is deleted, so a client can match what it had. */
  event_id: string | null;
  provider_event_id: string;
  series_id: string | null;
  /** A ChangeKind (src/domain/changes). */
  kind: string;
  /** JSON of the entry's details: its EventChange without `kind`. */
  details: string;
  /** When the sync that saw the change committed it. */
  occurred_at: string;
}

export interface AccountRow {
  id: string;
  org_id: string;
  external_id: string | null;
  name: string;
  domains: string;
  stage: string | null;
  created_at: string;
  updated_at: string;
}

export interface LeadRow {
  id: string;
  org_id: string;
  account_id: string | null;
  external_id: string | null;
  email: string;
  name: string | null;
  company: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactRow {
  id: string;
  org_id: string;
  account_id: string | null;
  external_id: string | null;
  email: string;
  name: string | null;
  title: string | null;
  created_at: string;
  updated_at: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: string;
  org_id: string | null;
  name: string;
  payload: string;
  status: JobStatus;
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditLogRow {
  id: string;
  org_id: string;
  user_id: string | null;
  action: string;
  target: string | null;
  details: string;
  created_at: string;
}

export interface OAuthStateRow {
  state_hash: string;
  org_id: string;
  user_id: string;
  provider: string;
  code_verifier_encrypted: string;
  redirect_uri: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
  /** The dashboard session that started it (`session:<id>`), or null for an API token. */
  browser_session: string | null;
}

/** A signed-in browser (the dashboard). */
export interface WebSessionRow {
  id: string;
  token_hash: string;
  org_id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
}

/** A one-time sign-in link; used_at is set by the one request that redeems it. */
export interface SignInLinkRow {
  token_hash: string;
  org_id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** `pending`: stored before the provider was asked to open it (its resource id comes after). */
export type PushChannelStatus = 'pending' | 'active' | 'stopped' | 'expired';

export interface PushChannelRow {
  id: string;
  org_id: string;
  user_id: string;
  provider: string;
  connection_id: string;
  calendar_id: string;
  resource_id: string;
  token_hash: string;
  expires_at: string | null;
  status: PushChannelStatus;
  last_message_number: number | null;
  notifications: number;
  created_at: string;
  updated_at: string;
}

/** A setting of the database itself, by name (migration 0037): `secret_key_check`. */
export interface SettingRow {
  name: string;
  value: string;
  created_at: string;
}

export interface Tables {
  organisations: OrganisationRow;
  users: UserRow;
  api_tokens: ApiTokenRow;
  calendar_connections: CalendarConnectionRow;
  calendars: CalendarRow;
  calendar_sync_status: CalendarSyncStatusRow;
  calendar_events: CalendarEventRow;
  calendar_event_changes: CalendarEventChangeRow;
  accounts: AccountRow;
  leads: LeadRow;
  contacts: ContactRow;
  jobs: JobRow;
  audit_log: AuditLogRow;
  oauth_states: OAuthStateRow;
  web_sessions: WebSessionRow;
  sign_in_links: SignInLinkRow;
  push_channels: PushChannelRow;
  meetings: MeetingRow;
  meeting_participants: MeetingParticipantRow;
  meeting_feedback: MeetingFeedbackRow;
  meeting_model_adjustments: MeetingModelAdjustmentRow;
  conflicts: ConflictRow;
  conflict_scans: ConflictScanRow;
  meeting_scans: MeetingScanRow;
  relationships: RelationshipRow;
  relationship_stage_changes: RelationshipStageChangeRow;
  relationship_dirty: RelationshipDirtyRow;
  settings: SettingRow;
}
