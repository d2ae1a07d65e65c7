/**
 * Relationship analysis of accounts: per account, the timeline of sales meetings, cadence and
 * trends, type progression, stakeholders, series, and the stage with its history. Each account
 * is analysed from its own meetings only (the service re-analyses one account when one of its
 * meetings changes), and the result does not depend on the order of the meetings given.
 */
import { AddressBook } from './address-book.js';
import { DAY_MS, RECENT_DAYS } from './definitions.js';
import type { AccountRelationship, RelationshipMeeting } from './model.js';
import { accountSeries } from './series.js';
import { collectStakeholders, newStakeholdersAt, wideningAt } from './stakeholders.js';
import { stageFacts, type StageVerdict } from './stage.js';
import { dateText } from './stage-reasons.js';
import { stageHistory } from './stage-replay.js';
import { medianBy, round1 } from './statistics.js';
import { orderMeetings, typeProgression, compareText } from './timeline.js';
import { cadenceTrend, durationMinutes, durationTrend } from './trends.js';
import { text } from './text.js';
import { compact } from './compact.js';

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

/** Every account with at least one sales meeting (held or upcoming), sorted by account key. */
export function analyseRelationships(
  meetings: readonly RelationshipMeeting[],
  now: number,
): AccountRelationship[] {
  const groups = groupByAccount(meetings);
  const relationships: AccountRelationship[] = [];
  for (const key of [...groups.keys()].sort(compareText)) {
    // Grouped by key, every meeting of the list is the account's own: no need to check.
    const relationship = analyseOwnMeetings(key, groups.get(key) as RelationshipMeeting[], now);
    if (hasSalesMeetings(relationship)) relationships.push(relationship);
  }
  return relationships;
}

/** Whether the account has a sales meeting at all (analyseRelationships leaves others out). */
export function hasSalesMeetings(relationship: AccountRelationship): boolean {
  return relationship.meetings + relationship.upcomingMeetings > 0;
}

/**
 * One account, as of `now`, from its meetings (sales or not, any status; meetings of other
 * accounts are ignored). Pure, and invariant to the order of `meetings`. An account without any
 * sales meeting comes back with no meetings, stage `new` and a reason saying so.
 */
export function analyseAccount(
  accountKey: string,
  meetings: readonly RelationshipMeeting[],
  now: number,
): AccountRelationship {
  const own = meetings.every((m) => m.accountKey === accountKey)
    ? meetings
    : meetings.filter((m) => m.accountKey === accountKey);
  return analyseOwnMeetings(accountKey, own, now);
}

/** analyseAccount of meetings that are all the account's own. */
function analyseOwnMeetings(
  accountKey: string,
  own: readonly RelationshipMeeting[],
  now: number,
): AccountRelationship {
  const ordered = orderMeetings(own, now);
  const { held, upcoming } = ordered;
  const book = new AddressBook();
  const people = collectStakeholders(held, book);
  const facts = stageFacts(held, people);
  const { current, history } = stageHistory(facts, now);
  const verdict = current ?? notYetHeld(upcoming[0]?.start ?? null);
  const cadence = facts.cadences[facts.cadences.length - 1] ?? null;
  const expansionReasons = wideningAt(people, now).reasons;
  const relationship: AccountRelationship = {
    accountKey,
    name: latestName(ordered.all),
    meetings: held.length,
    upcomingMeetings: upcoming.length,
    firstMeeting: held[0]?.start ?? null,
    lastMeeting: held[held.length - 1]?.start ?? null,
    nextMeeting: upcoming[0]?.start ?? null,
    stage: verdict.stage,
    stageReasons: verdict.reasons,
    stageHistory: history,
    cadenceDays: cadence === null ? null : round1(cadence / DAY_MS),
    cadenceTrend: cadenceTrend(facts.points),
    durationTrend: durationTrend(held),
    typicalDurationMinutes: medianBy(held, 0, held.length, durationMinutes),
    typeProgression: typeProgression(held),
    stakeholders: people.stakeholders,
    newStakeholdersLast90Days: newStakeholdersAt(people, now),
    stakeholderExpansion: expansionReasons.length > 0,
    expansionReasons,
    series: accountSeries(ordered.all, ordered.sales, now, book),
    timeline: compact(ordered.sales),
    reasons: [],
  };
  relationship.reasons = summaryReasons(relationship);
  return relationship;
}

function notYetHeld(next: number | null): StageVerdict {
  return {
    stage: 'new',
    reasons: [
      next === null
        ? 'no sales meeting with this account'
        : text`no sales meeting held yet; the first is on ${dateText(next)}`,
    ],
  };
}

/** The most recent account name given (CRM names change; the latest wins). */
function latestName(all: readonly RelationshipMeeting[]): string | null {
  for (let i = all.length - 1; i >= 0; i--) {
    const name = all[i]?.accountName;
    if (name) return name;
  }
  return null;
}

/** The stage's reasons, then trends and stakeholders in a salesperson's words. */
function summaryReasons(r: AccountRelationship): string[] {
  const reasons = [...r.stageReasons];
  if (r.cadenceTrend === 'accelerating') reasons.push('meetings are getting more frequent');
  if (r.cadenceTrend === 'slowing') reasons.push('meetings are getting less frequent');
  if (r.durationTrend === 'growing') reasons.push('meetings are getting longer');
  if (r.durationTrend === 'shrinking') reasons.push('meetings are getting shorter');
  if (r.stage !== 'expanding') reasons.push(...r.expansionReasons);
  const joined = r.newStakeholdersLast90Days;
  if (!r.stakeholderExpansion && joined > 0)
    reasons.push(
      text`${joined} external ${joined === 1 ? 'person' : 'people'} took part for the first time in the last ${RECENT_DAYS} days`,
    );
  const furthest = r.typeProgression.furthest;
  if (furthest) reasons.push(text`furthest meeting type reached: ${furthest}`);
  for (const series of r.series)
    if (series.stoppedComing.length > 0)
      reasons.push(text`stopped coming to "${series.title}": ${series.stoppedComing.join(', ')}`);
  return compact(reasons);
}
