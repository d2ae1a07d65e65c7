/**
 * The summary of accounts: what the daily recompute stores for the list, its filters and the
 * offline contract (AccountSummary), each field exactly the full analysis' (analyse.ts), worked
 * out by the same rules. Left out, because only one account's detail shows them (and a full
 * recompute would otherwise keep them for every account): the timeline, the stage history, the
 * stakeholder and series detail, the type progression and the typical duration.
 *
 * The stage is assessed at `now` directly (stage-replay.ts `stageAt`): the history before it is
 * not needed to name it or explain it. The account's basis comes from one pass over its meetings
 * that builds no stakeholder (summary-basis.ts), where the full analysis has account-basis.ts.
 */
import { headline, stageOrNotYetHeld } from './account-basis.js';
import { accountReasons } from './account-reasons.js';
import { eachAccount, ownMeetings } from './accounts.js';
import type { AccountSummary, RelationshipMeeting, SeriesCount } from './model.js';
import { accountSeries } from './series.js';
import { outlineSeries, type SeriesOutline } from './series-summary.js';
import { wideningAt } from './stakeholders.js';
import { stageAt } from './stage-replay.js';
import { summaryBasis } from './summary-basis.js';
import { furthestFunnelType } from './timeline.js';

/** analyseRelationships' accounts, summarised: the same accounts in the same order. */
export function summariseRelationships(
  meetings: readonly RelationshipMeeting[],
  now: number,
): AccountSummary[] {
  return eachAccount(meetings, now, summariseOwnMeetings);
}

/** analyseAccount, summarised (the same fields, equal). */
export function summariseAccount(
  accountKey: string,
  meetings: readonly RelationshipMeeting[],
  now: number,
): AccountSummary {
  return summariseOwnMeetings(accountKey, ownMeetings(accountKey, meetings), now);
}

function summariseOwnMeetings(
  accountKey: string,
  own: readonly RelationshipMeeting[],
  now: number,
): AccountSummary {
  const basis = summaryBasis(own, now);
  const { ordered, facts } = basis;
  const verdict = stageOrNotYetHeld(stageAt(facts, now), basis);
  const head = headline(basis, now);
  const expansionReasons = wideningAt(facts.people, now).reasons;
  const series = accountSeries(
    ordered.all,
    ordered.sales,
    now,
    basis.book,
    outlineSeries,
    basis.salesKeys,
  );
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
    cadenceDays: head.cadenceDays,
    cadenceTrend: head.cadenceTrend,
    durationTrend: head.durationTrend,
    stakeholders: basis.stakeholders,
    newStakeholdersLast90Days: head.newStakeholdersLast90Days,
    stakeholderExpansion: expansionReasons.length > 0,
    series: series.map(countOf),
    ...accountReasons({
      headline: head,
      verdict,
      expansionReasons,
      furthest: furthestFunnelType(ordered.held),
      series,
    }),
  };
}

function countOf(series: SeriesOutline): SeriesCount {
  return { seriesId: series.seriesId, occurrences: series.occurrences };
}
