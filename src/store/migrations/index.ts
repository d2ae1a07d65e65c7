/**
 * Every migration, by name, in order. A static list rather than a folder scan so that the
 * compiled `dist/` runs them without knowing where its files are; add new ones here.
 */
import type { Migration } from 'kysely';
import * as core from './0001-core.js';
import * as calendars from './0002-calendars.js';
import * as crm from './0003-crm.js';
import * as jobs from './0004-jobs.js';
import * as eventChanges from './0005-event-changes.js';
import * as oauthAndChannels from './0006-oauth-and-channels.js';
import * as jobsDedupeQueued from './0007-jobs-dedupe-queued.js';
import * as meetings from './0008-meetings.js';
import * as conflicts from './0009-conflicts.js';
import * as relationships from './0010-relationships.js';
import * as meetingRelationshipKey from './0011-meeting-relationship-key.js';
import * as relationshipDirty from './0012-relationship-dirty.js';
import * as syncLastChange from './0013-sync-last-change.js';
import * as webSessions from './0014-web-sessions.js';
import * as oauthBrowserSession from './0015-oauth-browser-session.js';
import * as connectionAccountKey from './0016-connection-account-key.js';
import * as meetingKey from './0017-meeting-key.js';
import * as meetingScans from './0018-meeting-scans.js';
import * as syncRunClaim from './0019-sync-run-claim.js';
import * as cancelledSeriesInstances from './0020-cancelled-series-instances.js';
import * as userRoles from './0021-user-roles.js';
import * as rescanConflicts from './0022-rescan-conflicts.js';
import * as feedbackMeetingIdentity from './0023-feedback-meeting-identity.js';
import * as eventUserStartIndex from './0024-event-user-start-index.js';
import * as syncFailingSince from './0025-sync-failing-since.js';
import * as conflictIdentityKeys from './0026-conflict-identity-keys.js';
import * as calendarMissingSince from './0027-calendar-missing-since.js';
import * as rescanConflictWording from './0028-rescan-conflict-wording.js';
import * as syncIssueCount from './0029-sync-issue-count.js';
import * as jobsFile from './0030-jobs-file.js';
import * as syncEventOutcomes from './0031-sync-event-outcomes.js';
import * as stageChangeReasonParts from './0032-stage-change-reason-parts.js';
import * as redetectMeetings from './0033-redetect-meetings.js';
import * as syncStatusVersion from './0034-sync-status-version.js';
import * as redetectOwnCalendarMeetings from './0035-redetect-own-calendar-meetings.js';
import * as calendarOwnership from './0036-calendar-ownership.js';
import * as secretKeyCheck from './0037-secret-key-check.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-core': core,
  '0002-calendars': calendars,
  '0003-crm': crm,
  '0004-jobs': jobs,
  '0005-event-changes': eventChanges,
  '0006-oauth-and-channels': oauthAndChannels,
  '0007-jobs-dedupe-queued': jobsDedupeQueued,
  '0008-meetings': meetings,
  '0009-conflicts': conflicts,
  '0010-relationships': relationships,
  '0011-meeting-relationship-key': meetingRelationshipKey,
  '0012-relationship-dirty': relationshipDirty,
  '0013-sync-last-change': syncLastChange,
  '0014-web-sessions': webSessions,
  '0015-oauth-browser-session': oauthBrowserSession,
  '0016-connection-account-key': connectionAccountKey,
  '0017-meeting-key': meetingKey,
  '0018-meeting-scans': meetingScans,
  '0019-sync-run-claim': syncRunClaim,
  '0020-cancelled-series-instances': cancelledSeriesInstances,
  '0021-user-roles': userRoles,
  '0022-rescan-conflicts': rescanConflicts,
  '0023-feedback-meeting-identity': feedbackMeetingIdentity,
  '0024-event-user-start-index': eventUserStartIndex,
  '0025-sync-failing-since': syncFailingSince,
  '0026-conflict-identity-keys': conflictIdentityKeys,
  '0027-calendar-missing-since': calendarMissingSince,
  '0028-rescan-conflict-wording': rescanConflictWording,
  '0029-sync-issue-count': syncIssueCount,
  '0030-jobs-file': jobsFile,
  '0031-sync-event-outcomes': syncEventOutcomes,
  '0032-stage-change-reason-parts': stageChangeReasonParts,
  '0033-redetect-meetings': redetectMeetings,
  '0034-sync-status-version': syncStatusVersion,
  '0035-redetect-own-calendar-meetings': redetectOwnCalendarMeetings,
  '0036-calendar-ownership': calendarOwnership,
  '0037-secret-key-check': secretKeyCheck,
};
