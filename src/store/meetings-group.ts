/** The store's `meetings` group: detected meetings, feedback, and per-organisation adjustments. */
import type { Executor } from './database.js';
import type { StoredEvent } from './event-rows.js';
import * as feedback from './meeting-feedback.repository.js';
import { saveMeetings, saveSettled, type SettleBatch } from './meeting-save.repository.js';
import * as history from './meeting-history.repository.js';
import * as scans from './meeting-scans.repository.js';
import * as meetings from './meetings.repository.js';
import type { OrgScope, Scope } from './scope.js';

export function meetingsGroup(db: Executor) {
  return {
    /** Writes the drafts whose content changed (one meeting per event). */
    save: (scope: Scope, drafts: readonly meetings.MeetingDraft[], now?: Date) =>
      saveMeetings(db, scope, drafts, now),
    /**
     * Writes a detection run's batch in one transaction, settled under the user's feedback as it
     * stands there (a verdict given while the run analysed wins over its older answer).
     */
    saveSettled: (scope: Scope, settle: SettleBatch, now?: Date) =>
      saveSettled(db, scope, settle, now),
    remove: (scope: Scope, eventIds: readonly string[]) =>
      meetings.removeMeetings(db, scope, eventIds),
    eventIdsInRange: (scope: Scope, range: { from: string; to: string }) =>
      meetings.listMeetingEventIds(db, scope, range),
    /** What detection said about these events (sales meeting, type, account and its stage). */
    factsOf: (scope: Scope, eventIds: readonly string[]) =>
      meetings.meetingFactsOf(db, scope, eventIds),
    /** Which of these events have a meeting. */
    withMeetings: (scope: Scope, eventIds: readonly string[]) =>
      meetings.withMeetings(db, scope, eventIds),
    list: (scope: Scope, query?: meetings.MeetingQuery) => meetings.listMeetings(db, scope, query),
    get: (scope: Scope, id: string) => meetings.findMeeting(db, scope, { id }),
    getByEvent: (scope: Scope, eventId: string) => meetings.findMeeting(db, scope, { eventId }),
    listForAccount: (
      scope: Scope,
      accountId: string,
      options?: { excludeEventId?: string; limit?: number },
    ) => meetings.listAccountMeetings(db, scope, accountId, options),
    /** Start, end and (sales meetings) account of these events' meetings, by event id. */
    placesOf: (scope: Scope, eventIds: readonly string[]) =>
      history.meetingPlaces(db, scope, eventIds),
    /** Event ids of meetings that overlap [from, to) whose event now ends by `from`. */
    eventIdsMovedBefore: (scope: Scope, range: { from: string; to: string }) =>
      history.meetingEventIdsMovedBefore(db, scope, range),
    /** Event ids of the sales meetings with these accounts that start in [from, to). */
    eventIdsOfAccountsBetween: (
      scope: Scope,
      accountIds: readonly string[],
      range: { from: string; to: string },
    ) => history.salesMeetingEventIdsBetween(db, scope, accountIds, range),
    /** How far the change log was read for detection (undefined: never, or reset since). */
    scan: (scope: Scope) => scans.getMeetingScan(db, scope),
    /** Moves the scan on to `cursor` unless it was reset since `expected` was read. */
    saveScan: (
      scope: Scope,
      scan: { cursor: string; modelVersion: string },
      expected: scans.MeetingScan | undefined,
      now?: Date,
    ) => scans.saveMeetingScan(db, scope, scan, expected, now),
    /** The next detection of these users reads everything again (CRM, model or window moved). */
    resetScans: (scope: OrgScope, userIds: readonly string[], now?: Date) =>
      scans.resetMeetingScans(db, scope, userIds, now),
    resetOrganisationScans: (scope: OrgScope, now?: Date) =>
      scans.resetOrganisationScans(db, scope, now),
    accountHistoryBefore: (
      scope: Scope,
      before: string,
      options?: { endingBy?: string; to?: string },
    ) => history.accountHistoryBefore(db, scope, before, options),
    /** The user's instances of this event's series on all their calendars (itself included). */
    seriesCopies: (scope: Scope, stored: StoredEvent) =>
      feedback.listSeriesCopies(db, scope, stored),
    /** The user's events holding the same single meeting as this one (itself included). */
    sameMeetingEvents: (scope: Scope, stored: StoredEvent) =>
      feedback.listSameMeetingEvents(db, scope, stored),
    recordFeedback: (scope: Scope, input: feedback.MeetingFeedbackInput, now?: Date) =>
      feedback.recordFeedback(db, scope, input, now),
    userFeedback: (scope: Scope) => feedback.listUserFeedback(db, scope),
    orgFeedback: (scope: OrgScope) => feedback.listOrgFeedback(db, scope),
    getAdjustment: (scope: OrgScope) => feedback.getAdjustment(db, scope),
    saveAdjustment: (
      scope: OrgScope,
      input: Omit<feedback.MeetingAdjustment, 'updatedAt'>,
      now?: Date,
    ) => feedback.saveAdjustment(db, scope, input, now),
  };
}
