/** The store's `meetings` group: detected meetings, feedback, and per-organisation adjustments. */
import type { Executor } from './database.js';
import * as feedback from './meeting-feedback.repository.js';
import { saveMeetings } from './meeting-save.repository.js';
import * as meetings from './meetings.repository.js';
import type { OrgScope, Scope } from './scope.js';

export function meetingsGroup(db: Executor) {
  return {
    /** Writes the drafts whose content changed (one meeting per event). */
    save: (scope: Scope, drafts: readonly meetings.MeetingDraft[], now?: Date) =>
      saveMeetings(db, scope, drafts, now),
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
    accountHistoryBefore: (scope: Scope, before: string) =>
      meetings.accountHistoryBefore(db, scope, before),
    seriesEvents: (scope: Scope, seriesId: string) =>
      meetings.listSeriesEvents(db, scope, seriesId),
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
