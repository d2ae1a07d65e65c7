/**
 * The accounts of a set of meetings: grouped by account key, and the loop of a full recompute
 * (the full analysis, or the summary) over every account that has a sales meeting.
 */
import type { RelationshipMeeting } from './model.js';
import { forEachAccount } from './account-runs.js';

/** Meetings by account key, each list in input order. */
export function groupByAccount(
  meetings: readonly RelationshipMeeting[],
): Map<string, RelationshipMeeting[]> {
  const groups = new Map<string, RelationshipMeeting[]>();
  for (const meeting of meetings) {
    const list = groups.get(meeting.accountKey);
    if (list) list.push(meeting);
    else groups.set(meeting.accountKey, [meeting]);
  }
  return groups;
}

/** What says whether an account has a sales meeting at all. */
export interface SalesMeetingCounts {
  meetings: number;
  upcomingMeetings: number;
}

/** Whether the account has a sales meeting at all (a full recompute leaves the others out). */
export function hasSalesMeetings(account: SalesMeetingCounts): boolean {
  return account.meetings + account.upcomingMeetings > 0;
}

/** Analyses one account from meetings that are all its own. */
export type AccountAnalyser<T> = (
  accountKey: string,
  own: readonly RelationshipMeeting[],
  now: number,
) => T;

/** Every account with at least one sales meeting (held or upcoming), sorted by account key. */
export function eachAccount<T extends SalesMeetingCounts>(
  meetings: readonly RelationshipMeeting[],
  now: number,
  analyse: AccountAnalyser<T>,
): T[] {
  const results: T[] = [];
  forEachAccount(meetings, (key, own) => {
    // Grouped by key, every meeting of the list is the account's own: no need to check.
    const result = analyse(key, own, now);
    if (hasSalesMeetings(result)) results.push(result);
  });
  return results;
}

/** The meetings of the account among `meetings` (the list itself when all are). */
export function ownMeetings(
  accountKey: string,
  meetings: readonly RelationshipMeeting[],
): readonly RelationshipMeeting[] {
  return meetings.every((m) => m.accountKey === accountKey)
    ? meetings
    : meetings.filter((m) => m.accountKey === accountKey);
}
