/**
 * The relationship stage at any instant, from the account's held sales meetings alone (rules and
 * thresholds: definitions.ts), and its history: the stage replayed at every meeting and at every
 * instant between meetings where a threshold is crossed (a meeting leaves the recent window, the
 * first month ends, a gap becomes too long), keeping the changes. The facts are computed once,
 * so that each instant costs a few binary searches and a scan of the recent window.
 */
import {
  BROKEN_CADENCE_FACTOR,
  BROKEN_CADENCE_MIN_DAYS,
  DAY_MS,
  DECLINE_RISE,
  DECLINE_RISK_SHARE,
  DECLINE_WINDOW_MEETINGS,
  DORMANT_DAYS,
  ESTABLISHED_MIN_TOUCHPOINTS,
  ESTABLISHED_SPAN_DAYS,
  NEW_DAYS,
  RECENT_DAYS,
} from './definitions.js';
import type { RelationshipMeeting, RelationshipStage, StageChange } from './model.js';
import { countAtMost, wideningAt, widensAt, type StakeholderFacts } from './stakeholders.js';
import { describeSeniority, profileTitle, seniorityOfRank, seniorityRank } from './titles.js';
import { cadenceAfterEach, touchpoints } from './trends.js';

const RECENT_MS = RECENT_DAYS * DAY_MS;
const DIRECTOR_RANK = seniorityRank('director');

export interface StageFacts {
  /** Starts of the held sales meetings, ascending. */
  starts: number[];
  /** Touchpoints (meeting days) and the usual interval after each. */
  points: number[];
  cadences: (number | null)[];
  /** Prefix sums of each meeting's share of external invitations declined. */
  declineSums: number[];
  /** Per meeting: the highest seniority rank among external people who did not decline. */
  attendeeRanks: number[];
  /** prefixMaxAttendeeRank[i]: the highest of attendeeRanks[0..i-1]. */
  prefixMaxAttendeeRank: number[];
  people: StakeholderFacts;
}

export function stageFacts(
  held: readonly RelationshipMeeting[],
  people: StakeholderFacts,
): StageFacts {
  const starts = held.map((m) => m.start);
  const points = touchpoints(starts);
  const declineSums = [0];
  const attendeeRanks: number[] = [];
  const prefixMaxAttendeeRank = [0];
  for (const meeting of held) {
    let declined = 0;
    let rank = 0;
    for (const person of meeting.externalPeople) {
      if (person.responseStatus === 'declined') declined += 1;
      else rank = Math.max(rank, seniorityRank(profileTitle(person.title).seniority));
    }
    const share = meeting.externalPeople.length > 0 ? declined / meeting.externalPeople.length : 0;
    declineSums.push((declineSums[declineSums.length - 1] ?? 0) + share);
    attendeeRanks.push(rank);
    prefixMaxAttendeeRank.push(
      Math.max(prefixMaxAttendeeRank[prefixMaxAttendeeRank.length - 1] ?? 0, rank),
    );
  }
  return {
    starts,
    points,
    cadences: cadenceAfterEach(points),
    declineSums,
    attendeeRanks,
    prefixMaxAttendeeRank,
    people,
  };
}

export interface StageVerdict {
  stage: RelationshipStage;
  reasons: string[];
}

/** The longest gap after the last touchpoint that keeps the cadence (ms), or null if unknown. */
function allowedGap(cadence: number | null): number | null {
  return cadence === null
    ? null
    : Math.max(BROKEN_CADENCE_FACTOR * cadence, BROKEN_CADENCE_MIN_DAYS * DAY_MS);
}

const days = (ms: number) => Math.floor(ms / DAY_MS);
const daysText = (ms: number) => {
  const value = ms / DAY_MS;
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
};
export const dateText = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The stage at `t` (rules in STAGE_PRECEDENCE order) and why; null before the first meeting. */
export function stageAt(facts: StageFacts, t: number): StageVerdict | null {
  const assessment = assess(facts, t);
  return assessment && { stage: assessment.stage, reasons: explain(facts, t, assessment) };
}

/** What the rules found at an instant: enough to name the stage, and to explain it later. */
interface Assessment {
  stage: RelationshipStage;
  k: number;
  tk: number;
  cadence: number | null;
  declining: { recent: number; earlier: number } | null;
  dropping: { recent: number; earlier: number } | null;
  gapAt: number;
}

/**
 * The stage at `t`, without a word of explanation: the history replays many instants and
 * explains only the changes, so this path builds no text.
 */
function assess(facts: StageFacts, t: number): Assessment | null {
  const k = countAtMost(facts.starts, t);
  if (k === 0) return null;
  const first = facts.starts[0] as number;
  const last = facts.starts[k - 1] as number;
  const tk = countAtMost(facts.points, t);
  const cadence = facts.cadences[tk - 1] ?? null;
  const found: Assessment = {
    stage: 'developing',
    k,
    tk,
    cadence,
    declining: null,
    dropping: null,
    gapAt: -2,
  };
  if (t - last >= DORMANT_DAYS * DAY_MS) found.stage = 'dormant';
  else if (t - first < NEW_DAYS * DAY_MS) found.stage = 'new';
  else {
    found.declining = decliningShares(facts, k);
    found.dropping = droppingRanks(facts, t, k);
    if (isBroken(cadence, t - last) || found.declining || found.dropping) found.stage = 'at_risk';
    else {
      found.gapAt = steadinessBreak(facts, t, tk, cadence);
      const established =
        tk >= ESTABLISHED_MIN_TOUCHPOINTS &&
        last - first >= ESTABLISHED_SPAN_DAYS * DAY_MS &&
        found.gapAt === -1;
      if (established) found.stage = widensAt(facts.people, t) ? 'expanding' : 'established';
    }
  }
  return found;
}

/** The reasons for an assessment, in a salesperson's words. */
function explain(facts: StageFacts, t: number, a: Assessment): string[] {
  const first = facts.starts[0] as number;
  const last = facts.starts[a.k - 1] as number;
  switch (a.stage) {
    case 'dormant':
      return [
        `no sales meeting for ${days(t - last)} days (last on ${dateText(last)}); dormant after ${DORMANT_DAYS}`,
      ];
    case 'new':
      return [
        `first sales meeting ${days(t - first)} days ago (${dateText(first)}), ${a.k} so far; new for ${NEW_DAYS} days`,
      ];
    case 'at_risk':
      return [
        isBroken(a.cadence, t - last) ? brokenText(a.cadence as number, t - last) : null,
        a.declining ? decliningText(a.declining) : null,
        a.dropping ? droppingText(a.dropping) : null,
      ].filter((r): r is string => r !== null);
    case 'expanding':
      return [establishedReason(facts, a, last - first), ...wideningAt(facts.people, t).reasons];
    default:
      return [establishedReason(facts, a, last - first)];
  }
}

function isBroken(cadence: number | null, gap: number): boolean {
  const allowed = allowedGap(cadence);
  return allowed !== null && gap > allowed;
}

function brokenText(cadence: number, gap: number): string {
  return `no sales meeting for ${days(gap)} days, more than ${BROKEN_CADENCE_FACTOR} times the usual ${daysText(cadence)}-day interval`;
}

/** The recent and earlier shares of external invitations declined, when rising; else null. */
function decliningShares(facts: StageFacts, k: number): { recent: number; earlier: number } | null {
  const window = DECLINE_WINDOW_MEETINGS;
  if (k < window + 2) return null;
  const sums = facts.declineSums;
  const recent = ((sums[k] as number) - (sums[k - window] as number)) / window;
  const earlier = (sums[k - window] as number) / (k - window);
  if (recent < DECLINE_RISK_SHARE || recent - earlier < DECLINE_RISE) return null;
  return { recent, earlier };
}

function decliningText({ recent, earlier }: { recent: number; earlier: number }): string {
  return `external declines rising: ${Math.round(recent * 100)}% of invitations declined over the last ${DECLINE_WINDOW_MEETINGS} meetings, against ${Math.round(earlier * 100)}% before`;
}

/** The recent and earlier top attendee ranks, when seniority dropped; else null. */
function droppingRanks(
  facts: StageFacts,
  t: number,
  k: number,
): { recent: number; earlier: number } | null {
  const from = countAtMost(facts.starts, t - RECENT_MS);
  if (from === 0 || from >= k) return null;
  const earlier = facts.prefixMaxAttendeeRank[from] ?? 0;
  if (earlier < DIRECTOR_RANK) return null;
  let recent = 0;
  for (let i = from; i < k; i++) recent = Math.max(recent, facts.attendeeRanks[i] ?? 0);
  if (recent === 0 || recent >= earlier) return null;
  return { recent, earlier };
}

function droppingText({ recent, earlier }: { recent: number; earlier: number }): string {
  const name = (rank: number) => article(describeSeniority(seniorityOfRank(rank)));
  return `seniority dropping: the most senior attendee of the last ${RECENT_DAYS} days is ${name(recent)}, before it was ${name(earlier)}`;
}

function article(text: string): string {
  return text === 'C-level' ? 'C-level' : `${/^[aeiouAEIOU]/.test(text) ? 'an' : 'a'} ${text}`;
}

/**
 * The index of the first touchpoint ending a recent interval longer than the allowed gap; -1
 * when there is none; -2 when the usual interval is not known yet.
 */
function steadinessBreak(facts: StageFacts, t: number, tk: number, cadence: number | null): number {
  const allowed = allowedGap(cadence);
  if (allowed === null) return -2;
  const from = Math.max(1, countAtMost(facts.points, t - RECENT_MS));
  for (let i = from; i < tk; i++) {
    if ((facts.points[i] as number) - (facts.points[i - 1] as number) > allowed) return i;
  }
  return -1;
}

function establishedReason(facts: StageFacts, a: Assessment, span: number): string {
  const { k, tk, cadence, gapAt } = a;
  const summary = `${k} sales meetings on ${tk} days over ${days(span)} days`;
  if (tk < ESTABLISHED_MIN_TOUCHPOINTS || span < ESTABLISHED_SPAN_DAYS * DAY_MS || gapAt === -2)
    return `${summary}; established needs meetings on ${ESTABLISHED_MIN_TOUCHPOINTS} days or more over ${ESTABLISHED_SPAN_DAYS} days or more`;
  if (gapAt >= 0) {
    const end = facts.points[gapAt] as number;
    const interval = end - (facts.points[gapAt - 1] as number);
    return `${summary}; a ${days(interval)}-day gap ended on ${dateText(end)}, more than ${BROKEN_CADENCE_FACTOR} times the usual ${daysText(cadence as number)}-day interval`;
  }
  return `${summary}, a steady cadence of about every ${daysText(cadence as number)} days`;
}

/**
 * The instants after which the stage can change without a new meeting: the first month ending,
 * each meeting leaving the recent window (and the dormant threshold, the same 90 days), and the
 * gap after each touchpoint growing past the allowed one. Stages are constant in between.
 */
function thresholdCrossings(facts: StageFacts, now: number): Float64Array {
  const instants: number[] = [];
  const add = (at: number) => {
    if (at <= now) instants.push(at);
  };
  const first = facts.starts[0];
  if (first !== undefined) add(first + NEW_DAYS * DAY_MS);
  for (const start of facts.starts) {
    add(start);
    add(start + RECENT_MS);
    if (DORMANT_DAYS !== RECENT_DAYS) add(start + DORMANT_DAYS * DAY_MS);
  }
  for (let k = 0; k < facts.points.length; k++) {
    const allowed = allowedGap(facts.cadences[k] ?? null);
    if (allowed !== null) add((facts.points[k] as number) + allowed + 1);
  }
  // A stakeholder joins at a meeting: start + RECENT_MS above covers their leaving the window.
  return Float64Array.from(instants).sort();
}

/** The stage at `now` and every change before it, replayed from the first held meeting. */
export function stageHistory(
  facts: StageFacts,
  now: number,
): { current: StageVerdict | null; history: StageChange[] } {
  const history: StageChange[] = [];
  let previous: RelationshipStage | null = null;
  let last = Number.NaN;
  for (const at of thresholdCrossings(facts, now)) {
    if (at === last) continue;
    last = at;
    const stage = assess(facts, at)?.stage ?? null;
    if (stage === null || stage === previous) continue;
    previous = stage;
    history.push({ stage, since: at, reasons: stageAt(facts, at)?.reasons ?? [] });
  }
  const current = stageAt(facts, now);
  if (current && current.stage !== previous)
    history.push({ stage: current.stage, since: now, reasons: current.reasons });
  return { current, history };
}
