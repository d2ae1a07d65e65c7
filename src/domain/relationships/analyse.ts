/**
 * Relationship analysis of accounts in full: per account, the timeline of sales meetings, cadence
 * and trends, type progression, stakeholders, series, and the stage with its history (what the
 * detail of one account shows; the daily recompute keeps the summary, summary.ts). Each account
 * is analysed from its own meetings only, and the result does not depend on the order of the
 * meetings given.
 */
import { accountBasis, headline, stageOrNotYetHeld } from './account-basis.js';
import { accountReasons } from './account-reasons.js';
import { eachAccount, ownMeetings } from './accounts.js';
import type { AccountRelationship, RelationshipMeeting } from './model.js';
import { accountSeries } from './series.js';
import { summariseSeries } from './series-summary.js';
import { wideningAt } from './stakeholders.js';
import { stageHistory } from './stage-replay.js';
import { medianBy } from './statistics.js';
import { typeProgression } from './timeline.js';
import { durationMinutes } from './trends.js';
import { compact } from './compact.js';

export { groupByAccount, hasSalesMeetings } from './accounts.js';

/** Every account with at least one sales meeting (held or upcoming), sorted by account key. */
export function analyseRelationships(
  meetings: readonly RelationshipMeeting[],
  now: number,
): AccountRelationship[] {
  return eachAccount(meetings, now, analyseOwnMeetings);
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
  return analyseOwnMeetings(accountKey, ownMeetings(accountKey, meetings), now);
}

function analyseOwnMeetings(
  accountKey: string,
  own: readonly RelationshipMeeting[],
  now: number,
): AccountRelationship {
  const basis = accountBasis(own, now);
  const { ordered, facts, people } = basis;
  const { held } = ordered;
  const { current, history } = stageHistory(facts, now);
  const verdict = stageOrNotYetHeld(current, basis);
  const head = headline(basis, now);
  const expansionReasons = wideningAt(people, now).reasons;
  const progression = typeProgression(held);
  const series = accountSeries(ordered.all, ordered.sales, now, basis.book, summariseSeries);
  // Field by field, in the order the result always had (its JSON is compared across versions).
  return {
    accountKey,
    name: head.name,
    meetings: head.meetings,
    upcomingMeetings: head.upcomingMeetings,
    firstMeeting: head.firstMeeting,
    lastMeeting: head.lastMeeting,
    nextMeeting: head.nextMeeting,
    stage: verdict.stage,
    stageReasons: verdict.reasons,
    stageReasonParts: verdict.reasonParts,
    stageHistory: history,
    cadenceDays: head.cadenceDays,
    cadenceTrend: head.cadenceTrend,
    durationTrend: head.durationTrend,
    typicalDurationMinutes: medianBy(held, 0, held.length, durationMinutes),
    typeProgression: progression,
    stakeholders: people.stakeholders,
    newStakeholdersLast90Days: head.newStakeholdersLast90Days,
    stakeholderExpansion: expansionReasons.length > 0,
    expansionReasons,
    series,
    timeline: compact(ordered.sales),
    ...accountReasons({
      headline: head,
      verdict,
      expansionReasons,
      furthest: progression.furthest,
      series,
    }),
  };
}
