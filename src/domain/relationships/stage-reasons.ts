/**
 * Why an account is at its stage, in a salesperson's words, in parts (reason-parts.ts): dates and
 * the days counted up to the instant apart from the words. Only stage changes and the current
 * stage are explained (a few per account), so the details the rules found are worked out again
 * here rather than kept for every instant the history assesses.
 */
import {
  BOOKED_HORIZON_DAYS,
  BROKEN_CADENCE_FACTOR,
  DAY_MS,
  DECLINE_WINDOW_MEETINGS,
  DORMANT_DAYS,
  ESTABLISHED_MIN_TOUCHPOINTS,
  ESTABLISHED_SPAN_DAYS,
  NEW_DAYS,
  ONE_OFF_GAP_RESUME_INTERVALS,
  RECENT_DAYS,
} from './definitions.js';
import type { RelationshipStage } from './model.js';
import {
  allowedGapAt,
  bookedSoon,
  cadenceAt,
  decliningShares,
  droppingRanks,
  heldSpan,
  lapseAt,
  quietSince,
  recentGaps,
  resumedAfter,
  steadinessBreak,
  type Lapse,
  type StageFacts,
  type StagePosition,
} from './stage.js';
import { wideningAt } from './stakeholders.js';
import { describeSeniority, seniorityOfRank } from './titles.js';
import { round1 } from './statistics.js';
import { counted, text } from './text.js';
import { compact } from './compact.js';
import { reason, reasonTexts, wordsOnly, type Reason, type ReasonPart } from './reason-parts.js';

export { dateText } from './date-text.js';

/** The reasons for `stage` at the position, in parts and in English. */
export function explained(
  facts: StageFacts,
  at: StagePosition,
  stage: RelationshipStage,
): { reasons: string[]; reasonParts: Reason[] } {
  const reasonParts = explain(facts, at, stage);
  return { reasons: reasonTexts(reasonParts, at.t), reasonParts };
}

/** The reasons for `stage`, which the rules gave at the position. */
export function explain(facts: StageFacts, at: StagePosition, stage: RelationshipStage): Reason[] {
  const first = facts.starts[0] as number;
  const last = facts.starts[at.meetings - 1] as number;
  switch (stage) {
    case 'dormant':
      return [
        reason`no sales meeting for ${{ daysSince: last }} (last on ${{ date: last }}); dormant after ${DORMANT_DAYS}${laterBooking(at)}`,
      ];
    case 'new':
      return [newReason(first, at)];
    case 'at_risk':
      return riskReasons(facts, at);
    case 'expanding':
      return [establishedReason(facts, at)].concat(
        wideningAt(facts.people, at.t).reasons.map(wordsOnly),
      );
    case 'developing': {
      // Re-engaging: a lapse bridged by a booked meeting (stage.ts stageOf).
      const lapse = lapseAt(facts, at, allowedGapAt(facts, at));
      return [lapse ? lapseText(facts, at, lapse) : establishedReason(facts, at)];
    }
    default:
      return [establishedReason(facts, at)];
  }
}

/** The lapse running at the position, and what is booked after it. */
function lapseText(facts: StageFacts, at: StagePosition, lapse: Lapse): Reason {
  const last = facts.starts[at.meetings - 1] as number;
  const soon = bookedSoon(at);
  const booking =
    soon === null ? laterBooking(at) : reason`, but one is booked for ${{ date: soon }}`;
  if (lapse === 'dormant')
    return reason`no sales meeting for ${{ daysSince: last }} (last on ${{ date: last }})${booking}`;
  const until = lapseEnd(facts, at);
  if (lapse === 'broken')
    return reason`${brokenText(cadenceAt(facts, at) as number, last, until)}${booking}`;
  // quietSince counts from the last meeting day's first meeting: the day the reason dates.
  const ago: ReasonPart = { daysAgo: at.t - quietSince(facts, at), until };
  const held =
    at.touchpoints > 1
      ? reason`${counted(at.meetings, 'sales meeting')} on ${at.touchpoints} days, the last ${ago}`
      : at.meetings > 1
        ? reason`${at.meetings} sales meetings on one day, ${ago}`
        : reason`one sales meeting, ${ago}`;
  const none = at.bookingsKnown && at.booked === null ? ' and none booked' : '';
  return reason`${held}, none since${none}${booking}`;
}

/**
 * Where a broken or quiet lapse running at the position ends, for its counts to stop at: the next
 * held meeting (known when the history replays a past instant), or its turn to dormant
 * (DORMANT_DAYS after the last meeting), whichever comes first. So a reader's later now never
 * reads "91 days" beside the stage the reason explains, nor a stage change long ago the days up
 * to today.
 */
function lapseEnd(facts: StageFacts, at: StagePosition): number {
  const last = facts.starts[at.meetings - 1] as number;
  const dormant = last + DORMANT_DAYS * DAY_MS;
  const next = nextHeldStart(facts, at);
  return next === null ? dormant : Math.min(next, dormant);
}

/** The first held meeting after the position, or null. */
function nextHeldStart(facts: StageFacts, at: StagePosition): number | null {
  if (facts.ascending)
    return at.meetings < facts.starts.length ? (facts.starts[at.meetings] as number) : null;
  // Out of order (a start that is not a number), walking forward would not find it.
  let next: number | null = null;
  for (const start of facts.starts)
    if (start > at.t && (next === null || start < next)) next = start;
  return next;
}

/** When the first booked meeting is too far ahead to count, when it is; else nothing. */
function laterBooking(at: StagePosition): Reason {
  return at.booked === null || bookedSoon(at) !== null
    ? []
    : reason`; the next one booked is not until ${{ date: at.booked }}, more than ${BOOKED_HORIZON_DAYS} days ahead`;
}

/**
 * On the day of the first meeting (where the stage history records the change to `new`), "0
 * days ago" read as a mistake beside that day's date: the date alone says it (`daysAgo`).
 */
function newReason(first: number, at: StagePosition): Reason {
  const when: ReasonPart = { daysAgo: first, until: first + NEW_DAYS * DAY_MS };
  return reason`first sales meeting ${when}, ${at.meetings} so far; new for ${NEW_DAYS} days`;
}

function riskReasons(facts: StageFacts, at: StagePosition): Reason[] {
  const reasons: Reason[] = [];
  const lapse = lapseAt(facts, at, allowedGapAt(facts, at));
  if (lapse) reasons.push(lapseText(facts, at, lapse));
  const declining = decliningShares(facts, at.pastMeetings);
  if (declining) reasons.push(wordsOnly(decliningText(declining)));
  const dropping = droppingRanks(at);
  if (dropping) reasons.push(wordsOnly(droppingText(dropping)));
  return compact(reasons);
}

const days = (ms: number) => Math.floor(ms / DAY_MS);
/** A cadence in days as the headline's cadenceDays gives it, so that the two agree. */
const cadenceDays = (ms: number) => round1(ms / DAY_MS);

/** The words' threshold: BROKEN_CADENCE_FACTOR times the usual interval as they write it. */
const brokenDays = (usual: number) => BROKEN_CADENCE_FACTOR * usual;

function brokenText(cadence: number, last: number, until: number): Reason {
  const usual = cadenceDays(cadence);
  const none: ReasonPart = { elapsedSince: last, moreThan: brokenDays(usual), until };
  return reason`no sales meeting for ${none}, more than ${BROKEN_CADENCE_FACTOR} times the usual ${usual}-day interval`;
}

function decliningText({
  declined,
  invited,
  recent,
  earlier,
}: {
  declined: number;
  invited: number;
  recent: number;
  earlier: number;
}): string {
  return text`external declines rising: ${declined} of ${counted(invited, 'external invitation')} (${Math.round(recent * 100)}%) declined over the last ${DECLINE_WINDOW_MEETINGS} meetings, against ${Math.round(earlier * 100)}% before`;
}

function droppingText({ recent, earlier }: { recent: number; earlier: number }): string {
  const name = (rank: number) => article(describeSeniority(seniorityOfRank(rank)));
  return text`seniority dropping: the most senior attendee of the last ${RECENT_DAYS} days is ${name(recent)}, down from ${name(earlier)} at two meetings or more of the ${RECENT_DAYS} days before`;
}

function article(seniority: string): string {
  if (seniority === 'C-level') return 'C-level';
  return `${/^[aeiouAEIOU]/.test(seniority) ? 'an' : 'a'} ${seniority}`;
}

function establishedReason(facts: StageFacts, at: StagePosition): Reason {
  const span = heldSpan(facts, at);
  const cadence = cadenceAt(facts, at);
  const allowed = allowedGapAt(facts, at);
  const summary = `${counted(at.meetings, 'sales meeting')} on ${counted(at.touchpoints, 'day')} over ${counted(days(span), 'day')}`;
  if (
    at.touchpoints < ESTABLISHED_MIN_TOUCHPOINTS ||
    span < ESTABLISHED_SPAN_DAYS * DAY_MS ||
    allowed === null
  )
    return wordsOnly(
      text`${summary}; established needs meetings on ${ESTABLISHED_MIN_TOUCHPOINTS} days or more over ${ESTABLISHED_SPAN_DAYS} days or more`,
    );
  const usual = cadenceDays(cadence as number);
  const gaps = recentGaps(facts, at, allowed);
  const [gap] = gaps;
  if (gap === undefined)
    return wordsOnly(text`${summary}, a steady cadence of about every ${counted(usual, 'day')}`);
  const length = (i: number): ReasonPart => ({
    span: interval(facts, i),
    moreThan: brokenDays(usual),
  });
  const end = (i: number): ReasonPart => ({ date: facts.points[i] as number });
  if (gaps.length > 1)
    return reason`${summary}; gaps of ${listOf(gaps.map(length))} days ended on ${listOf(gaps.map(end))}, each more than ${BROKEN_CADENCE_FACTOR} times the usual ${usual}-day interval; established allows one in the last ${RECENT_DAYS} days`;
  const resumed = resumedAfter(at, gap);
  if (steadinessBreak(facts, at, allowed) === -1)
    // The words claim no threshold here, so the length is words too.
    return reason`${summary}, a steady cadence of about every ${counted(usual, 'day')}, apart from a one-off ${days(interval(facts, gap))}-day gap that ended on ${end(gap)}`;
  const since =
    resumed === 0
      ? 'no meeting day at the usual interval followed it yet'
      : `${counted(resumed, 'meeting day')} at the usual interval followed it`;
  return reason`${summary}; a ${length(gap)}-day gap ended on ${end(gap)}, more than ${BROKEN_CADENCE_FACTOR} times the usual ${usual}-day interval, and ${since}; established again after ${ONE_OFF_GAP_RESUME_INTERVALS}`;
}

/** The interval between touchpoint i and the one before it. */
function interval(facts: StageFacts, i: number): number {
  return (facts.points[i] as number) - (facts.points[i - 1] as number);
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: readonly ReasonPart[]): Reason {
  if (items.length < 2) return items;
  const parts: ReasonPart[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push({ text: i === items.length - 1 ? ' and ' : ', ' });
    parts.push(item);
  });
  return parts;
}
