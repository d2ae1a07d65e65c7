/**
 * Why an account is at its stage, in a salesperson's words. Only stage changes and the current
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

/** The reasons for `stage`, which the rules gave at the position. */
export function explain(facts: StageFacts, at: StagePosition, stage: RelationshipStage): string[] {
  const first = facts.starts[0] as number;
  const last = facts.starts[at.meetings - 1] as number;
  switch (stage) {
    case 'dormant':
      return [
        text`no sales meeting for ${counted(days(at.t - last), 'day')} (last on ${dateText(last)}); dormant after ${DORMANT_DAYS}${laterBooking(at)}`,
      ];
    case 'new':
      return [newReason(first, at)];
    case 'at_risk':
      return riskReasons(facts, at);
    case 'expanding':
      return [establishedReason(facts, at)].concat(wideningAt(facts.people, at.t).reasons);
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
function lapseText(facts: StageFacts, at: StagePosition, lapse: Lapse): string {
  const last = facts.starts[at.meetings - 1] as number;
  const soon = bookedSoon(at);
  const booking =
    soon === null ? laterBooking(at) : text`, but one is booked for ${dateText(soon)}`;
  if (lapse === 'dormant')
    return text`no sales meeting for ${counted(days(at.t - last), 'day')} (last on ${dateText(last)})${booking}`;
  if (lapse === 'broken') return brokenText(cadenceAt(facts, at) as number, at.t - last) + booking;
  const day = facts.points[at.touchpoints - 1] as number;
  const ago = text`${counted(days(quietSince(facts, at)), 'day')} ago (${dateText(day)})`;
  const held =
    at.touchpoints > 1
      ? text`${counted(at.meetings, 'sales meeting')} on ${at.touchpoints} days, the last ${ago}`
      : at.meetings > 1
        ? text`${at.meetings} sales meetings on one day, ${ago}`
        : text`one sales meeting, ${ago}`;
  const none = at.bookingsKnown && at.booked === null ? ' and none booked' : '';
  return text`${held}, none since${none}${booking}`;
}

/** When the first booked meeting is too far ahead to count, when it is; else nothing. */
function laterBooking(at: StagePosition): string {
  return at.booked === null || bookedSoon(at) !== null
    ? ''
    : text`; the next one booked is not until ${dateText(at.booked)}, more than ${BOOKED_HORIZON_DAYS} days ahead`;
}

/**
 * On the day of the first meeting (where the stage history records the change to `new`), "0
 * days ago" read as a mistake beside that day's date: the date alone says it.
 */
function newReason(first: number, at: StagePosition): string {
  const age = days(at.t - first);
  const when =
    age === 0 ? text`on ${dateText(first)}` : text`${counted(age, 'day')} ago (${dateText(first)})`;
  return text`first sales meeting ${when}, ${at.meetings} so far; new for ${NEW_DAYS} days`;
}

function riskReasons(facts: StageFacts, at: StagePosition): string[] {
  const reasons: string[] = [];
  const lapse = lapseAt(facts, at, allowedGapAt(facts, at));
  if (lapse) reasons.push(lapseText(facts, at, lapse));
  const declining = decliningShares(facts, at.pastMeetings);
  if (declining) reasons.push(decliningText(declining));
  const dropping = droppingRanks(at);
  if (dropping) reasons.push(droppingText(dropping));
  return compact(reasons);
}

const days = (ms: number) => Math.floor(ms / DAY_MS);
/** A cadence in days as the headline's cadenceDays gives it, so that the two agree. */
const cadenceDays = (ms: number) => round1(ms / DAY_MS);

/**
 * Dates in reasons (YYYY-MM-DD, UTC), one text per day: a full recompute writes about one per
 * stage change, and a Date with its ISO text took about half a microsecond each (measured)
 * where a map lookup takes a few tens of nanoseconds. Forgotten wholesale past a size, so that
 * memory stays bounded.
 */
const dateTexts = new Map<number, string>();
const DATE_TEXT_LIMIT = 20_000;
/** The largest instant a Date holds; beyond it toISOString throws, and must still. */
const MAX_DATE_MS = 8.64e15;

export function dateText(at: number): string {
  if (!(Math.abs(at) <= MAX_DATE_MS)) return new Date(at).toISOString().slice(0, 10);
  // A Date truncates its time value towards zero: the day is that of the truncated instant.
  const day = Math.floor(Math.trunc(at) / DAY_MS);
  let text = dateTexts.get(day);
  if (text === undefined) {
    text = new Date(at).toISOString().slice(0, 10);
    if (dateTexts.size >= DATE_TEXT_LIMIT) dateTexts.clear();
    dateTexts.set(day, text);
  }
  return text;
}

function brokenText(cadence: number, gap: number): string {
  return text`no sales meeting for ${counted(days(gap), 'day')}, more than ${BROKEN_CADENCE_FACTOR} times the usual ${cadenceDays(cadence)}-day interval`;
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

function establishedReason(facts: StageFacts, at: StagePosition): string {
  const span = heldSpan(facts, at);
  const cadence = cadenceAt(facts, at);
  const allowed = allowedGapAt(facts, at);
  const summary = `${counted(at.meetings, 'sales meeting')} on ${counted(at.touchpoints, 'day')} over ${counted(days(span), 'day')}`;
  if (
    at.touchpoints < ESTABLISHED_MIN_TOUCHPOINTS ||
    span < ESTABLISHED_SPAN_DAYS * DAY_MS ||
    allowed === null
  )
    return text`${summary}; established needs meetings on ${ESTABLISHED_MIN_TOUCHPOINTS} days or more over ${ESTABLISHED_SPAN_DAYS} days or more`;
  const usual = cadenceDays(cadence as number);
  const gaps = recentGaps(facts, at, allowed);
  const [gap] = gaps;
  if (gap === undefined)
    return text`${summary}, a steady cadence of about every ${counted(usual, 'day')}`;
  if (gaps.length > 1)
    return text`${summary}; gaps of ${listText(gaps.map((i) => String(days(interval(facts, i)))))} days ended on ${listText(gaps.map((i) => dateText(facts.points[i] as number)))}, each more than ${BROKEN_CADENCE_FACTOR} times the usual ${usual}-day interval; established allows one in the last ${RECENT_DAYS} days`;
  const length = days(interval(facts, gap));
  const end = dateText(facts.points[gap] as number);
  const resumed = resumedAfter(at, gap);
  if (steadinessBreak(facts, at, allowed) === -1)
    return text`${summary}, a steady cadence of about every ${counted(usual, 'day')}, apart from a one-off ${length}-day gap that ended on ${end}`;
  const since =
    resumed === 0
      ? 'no meeting day at the usual interval followed it yet'
      : `${counted(resumed, 'meeting day')} at the usual interval followed it`;
  return text`${summary}; a ${length}-day gap ended on ${end}, more than ${BROKEN_CADENCE_FACTOR} times the usual ${usual}-day interval, and ${since}; established again after ${ONE_OFF_GAP_RESUME_INTERVALS}`;
}

/** The interval between touchpoint i and the one before it. */
function interval(facts: StageFacts, i: number): number {
  return (facts.points[i] as number) - (facts.points[i - 1] as number);
}

/** `a`, `a and b`, `a, b and c`. */
function listText(items: readonly string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) as string}`;
}
