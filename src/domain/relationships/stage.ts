/**
 * The relationship stage at an instant, from the account's held sales meetings and, at now only,
 * its first booked one (rules and thresholds: definitions.ts). The facts are computed once per
 * account; an instant is given as a StagePosition (where it falls among those facts, see
 * stage-replay.ts), so that naming the stage costs a few comparisons and a scan of the recent
 * window, and builds no text: the history assesses many instants and explains only the changes
 * (stage-reasons.ts).
 */
import {
  BOOKED_HORIZON_DAYS,
  DAY_MS,
  DECLINE_RISE,
  DECLINE_RISK_SHARE,
  DECLINE_WINDOW_MEETINGS,
  DORMANT_DAYS,
  ESTABLISHED_MIN_TOUCHPOINTS,
  ESTABLISHED_SPAN_DAYS,
  NEW_DAYS,
  ONE_OFF_GAP_RESUME_INTERVALS,
  QUIET_DAYS,
} from './definitions.js';
import type { RelationshipMeeting, RelationshipStage } from './model.js';
import type { Reason } from './reason-parts.js';
import { widensWithin, type StakeholderTimeline } from './stakeholders.js';
import { seniorityRank, titleRank } from './titles.js';
import { touchpoints } from './trends.js';
import { cadencesOf, type CadenceLookup } from './cadence-lookup.js';
import { MeetingFactsBuilder, newMeetingFacts, type MeetingFacts } from './meeting-facts.js';

const DIRECTOR_RANK = seniorityRank('director');

export interface StageFacts extends MeetingFacts {
  /** Touchpoints (meeting days) and the usual interval after each. */
  points: number[];
  cadences: CadenceLookup;
  /**
   * Whether starts, points and the people's joins are each in ascending order (always, unless a
   * start is not a number), so that an instant's place among them can be found walking forward.
   */
  ascending: boolean;
  people: StakeholderTimeline;
  /** The start of the first booked sales meeting after now (timeline.ts firstBooked), or null. */
  booked: number | null;
}

/**
 * What the stage rules read, worked out once from the past sales meetings (sorted by start):
 * those held, and those every external person declined (only the declines rule reads them);
 * and the first booked one, if any.
 */
export function stageFacts(
  past: readonly RelationshipMeeting[],
  people: StakeholderTimeline,
  booked: number | null = null,
): StageFacts {
  const meetings = new MeetingFactsBuilder(newMeetingFacts(past.length));
  for (const meeting of past) {
    let declined = 0;
    let rank = 0;
    for (const person of meeting.externalPeople) {
      if (person.responseStatus === 'declined') declined += 1;
      else rank = Math.max(rank, titleRank(person.title));
    }
    meetings.add(meeting.start, declined, meeting.externalPeople.length, rank);
  }
  return completeStageFacts(meetings.done(), people, booked);
}

/**
 * The stage facts from what was read of each held meeting and the stakeholders' timeline. `as
 * of now`: only the stage at `now` is wanted (the summary), so the cadence after each earlier
 * touchpoint is worked out only if asked for.
 */
export function completeStageFacts(
  meetings: MeetingFacts,
  people: StakeholderTimeline,
  booked: number | null,
  wanted: 'history' | 'as of now' = 'history',
): StageFacts {
  const points = touchpoints(meetings.starts);
  return {
    starts: meetings.starts,
    points,
    cadences: cadencesOf(points, wanted),
    ascending:
      isAscending(meetings.starts) &&
      isAscending(meetings.pastStarts) &&
      isAscending(points) &&
      isAscending(people.joins),
    attendeeRanks: meetings.attendeeRanks,
    pastStarts: meetings.pastStarts,
    declineSums: meetings.declineSums,
    invitationSums: meetings.invitationSums,
    people,
    booked,
  };
}

/**
 * Where an instant `t` falls among an account's stage facts: counts of the facts' ascending
 * lists at or before `t`, and at or before the start of the recent window ending at `t` (and,
 * for the meetings, of the earlier window of as long before it).
 */
export interface StagePosition {
  readonly t: number;
  /** Held meetings started by t, and by the start of the recent window. */
  readonly meetings: number;
  /** Past meetings (held or declined by every external person) started by t. */
  readonly pastMeetings: number;
  readonly meetingsBeforeWindow: number;
  /** Held meetings by the start of the earlier window (RECENT_DAYS before the recent one). */
  readonly meetingsBeforeEarlierWindow: number;
  /** Touchpoints by t, and by the start of the recent window. */
  readonly touchpoints: number;
  readonly touchpointsBeforeWindow: number;
  /** Stakeholders who joined by t, and by the start of the recent window. */
  readonly joined: number;
  readonly joinedBeforeWindow: number;
  /**
   * The first booked sales meeting the rules may count: the facts' `booked` at now; null at the
   * past instants the history replays (the calendar does not say when a meeting was booked, so
   * a past instant is judged from the meetings held by then).
   */
  readonly booked: number | null;
  /** Whether bookings are known at the position (now), so that "none booked" can be said. */
  readonly bookingsKnown: boolean;
  /** The highest attendee rank among the meetings of the recent window (0 for none). */
  topRecentRank(): number;
  /**
   * The highest attendee rank that at least two meetings of the earlier window reached (the
   * second highest of their top ranks; 0 for fewer than two meetings).
   */
  earlierRankReachedTwice(): number;
}

export interface StageVerdict {
  stage: RelationshipStage;
  reasons: string[];
  /** The same reasons in parts (reason-parts.ts). */
  reasonParts: Reason[];
}

const DORMANT_MS = DORMANT_DAYS * DAY_MS;
const QUIET_MS = QUIET_DAYS * DAY_MS;
const BOOKED_HORIZON_MS = BOOKED_HORIZON_DAYS * DAY_MS;

/** The stage at a position (rules in STAGE_PRECEDENCE order); null before the first meeting. */
export function stageOf(facts: StageFacts, at: StagePosition): RelationshipStage | null {
  const k = at.meetings;
  if (k === 0) return null;
  const first = facts.starts[0] as number;
  const last = facts.starts[k - 1] as number;
  const booked = bookedSoon(at) !== null;
  if (at.t - last >= DORMANT_MS && !booked) return 'dormant';
  if (at.t - first < NEW_DAYS * DAY_MS) return 'new';
  const allowed = allowedGapAt(facts, at);
  const lapsed = lapseAt(facts, at, allowed) !== null;
  if ((lapsed && !booked) || declinesRising(facts, at.pastMeetings) || droppedRank(at) > 0)
    return 'at_risk';
  // A lapse bridged by a booked meeting is re-engaging, not yet steady again.
  if (lapsed || !hasEnoughHistory(facts, at) || steadinessBreak(facts, at, allowed) !== -1)
    return 'developing';
  return widensWithin(facts.people, at.t, at.joinedBeforeWindow, at.joined)
    ? 'expanding'
    : 'established';
}

/** The kinds of lapse (definitions.ts at_risk and developing), most telling first. */
export type Lapse = 'dormant' | 'broken' | 'quiet';

/**
 * The lapse running at the position, whatever is booked: no held meeting for DORMANT_DAYS, or
 * for longer than the allowed gap (the cadence broken), or, the usual interval not known yet,
 * for QUIET_DAYS since the last meeting day (gone quiet); null when none.
 */
export function lapseAt(
  facts: StageFacts,
  at: StagePosition,
  allowed: number | null,
): Lapse | null {
  const gap = at.t - (facts.starts[at.meetings - 1] as number);
  if (gap >= DORMANT_MS) return 'dormant';
  if (exceeds(gap, allowed)) return 'broken';
  if (allowed === null && quietSince(facts, at) >= QUIET_MS) return 'quiet';
  return null;
}

/** How long since the last meeting day began (its first meeting), by the position. */
export function quietSince(facts: StageFacts, at: StagePosition): number {
  return at.t - (facts.points[at.touchpoints - 1] as number);
}

/** The first booked meeting when it starts within BOOKED_HORIZON_DAYS of the position, else null. */
export function bookedSoon(at: StagePosition): number | null {
  return at.booked !== null && at.booked - at.t <= BOOKED_HORIZON_MS ? at.booked : null;
}

/** The usual interval after the last touchpoint by the position, or null if not known yet. */
export function cadenceAt(facts: StageFacts, at: StagePosition): number | null {
  return facts.cadences.cadence(at.touchpoints - 1);
}

/** allowedGap after the last touchpoint by the position. */
export function allowedGapAt(facts: StageFacts, at: StagePosition): number | null {
  return facts.cadences.allowedGap(at.touchpoints - 1);
}

/** Whether a gap breaks the cadence: longer than the allowed gap, when that is known. */
export function exceeds(gap: number, allowed: number | null): boolean {
  return allowed !== null && gap > allowed;
}

/** Enough touchpoints over a long enough span to be established (when the cadence holds). */
export function hasEnoughHistory(facts: StageFacts, at: StagePosition): boolean {
  return (
    at.touchpoints >= ESTABLISHED_MIN_TOUCHPOINTS &&
    (facts.starts[at.meetings - 1] as number) - (facts.starts[0] as number) >=
      ESTABLISHED_SPAN_DAYS * DAY_MS
  );
}

/** From the first held meeting to the last one by the position. */
export function heldSpan(facts: StageFacts, at: StagePosition): number {
  return (facts.starts[at.meetings - 1] as number) - (facts.starts[0] as number);
}

/**
 * Declines rising: over the last DECLINE_WINDOW_MEETINGS past meetings by the k-th (held or
 * declined by every external person), a share of external invitations declined high enough,
 * and higher enough than over the meetings before. Each share is pooled: the invitations
 * declined over those sent, all counted together (0 when none was sent).
 */
export function declinesRising(facts: StageFacts, k: number): boolean {
  if (k < DECLINE_WINDOW_MEETINGS + 2) return false;
  const recent = recentDeclineShare(facts, k);
  return !(recent < DECLINE_RISK_SHARE || recent - earlierDeclineShare(facts, k) < DECLINE_RISE);
}

/**
 * The recent invitations declined and sent, their share, and the earlier share of external
 * invitations declined, when rising; else null.
 */
export function decliningShares(
  facts: StageFacts,
  k: number,
): { declined: number; invited: number; recent: number; earlier: number } | null {
  if (!declinesRising(facts, k)) return null;
  const from = k - DECLINE_WINDOW_MEETINGS;
  return {
    declined: (facts.declineSums[k] as number) - (facts.declineSums[from] as number),
    invited: (facts.invitationSums[k] as number) - (facts.invitationSums[from] as number),
    recent: recentDeclineShare(facts, k),
    earlier: earlierDeclineShare(facts, k),
  };
}

function recentDeclineShare(facts: StageFacts, k: number): number {
  return declinedShareBetween(facts, k - DECLINE_WINDOW_MEETINGS, k);
}

function earlierDeclineShare(facts: StageFacts, k: number): number {
  return declinedShareBetween(facts, 0, k - DECLINE_WINDOW_MEETINGS);
}

/** Invitations declined over those sent, pooled over past meetings [from, to); 0 for none sent. */
function declinedShareBetween(facts: StageFacts, from: number, to: number): number {
  const invited = (facts.invitationSums[to] as number) - (facts.invitationSums[from] as number);
  if (invited === 0) return 0;
  return ((facts.declineSums[to] as number) - (facts.declineSums[from] as number)) / invited;
}

/**
 * Seniority dropping: the most senior attendee of the recent window ranks below the rank, director
 * or higher, that at least two meetings of the earlier window (the RECENT_DAYS before it)
 * reached. Bounded and repeated, so that a senior person seen once (a kickoff with the CEO), or
 * long ago, does not put a steady relationship at risk for good. Returns the recent rank when it
 * dropped, else 0.
 */
export function droppedRank(at: StagePosition): number {
  if (at.meetingsBeforeWindow >= at.meetings) return 0;
  const earlier = at.earlierRankReachedTwice();
  if (earlier < DIRECTOR_RANK) return 0;
  const recent = at.topRecentRank();
  return recent === 0 || recent >= earlier ? 0 : recent;
}

/** The highest of the attendee ranks of meetings [from, to). */
export function topRankBetween(facts: StageFacts, from: number, to: number): number {
  let top = 0;
  for (let i = from; i < to; i++) top = Math.max(top, facts.attendeeRanks[i] ?? 0);
  return top;
}

/** The second highest of the attendee ranks of meetings [from, to) (0 for fewer than two). */
export function secondRankBetween(facts: StageFacts, from: number, to: number): number {
  let top = 0;
  let second = 0;
  for (let i = from; i < to; i++) {
    const rank = facts.attendeeRanks[i] ?? 0;
    if (rank > top) {
      second = top;
      top = rank;
    } else if (rank > second) second = rank;
  }
  return second;
}

/** The recent and earlier attendee ranks, when seniority dropped; else null. */
export function droppingRanks(at: StagePosition): { recent: number; earlier: number } | null {
  const recent = droppedRank(at);
  if (recent === 0) return null;
  return { recent, earlier: at.earlierRankReachedTwice() };
}

/**
 * Whether the recent cadence is not steady, and where: the index of the touchpoint ending a
 * recent interval (one ending in the recent window) longer than the allowed gap that is not
 * forgiven as a one-off gap (definitions.ts ONE_OFF_GAP_RESUME_INTERVALS): the second such
 * interval, or the only one while fewer than ONE_OFF_GAP_RESUME_INTERVALS intervals have
 * followed it. -1 when steady (no such interval, or one after which the cadence resumed); -2 when
 * the usual interval is not known yet. One scan of the window's touchpoints, as before the
 * one-off gap was forgiven; it stops at the second gap.
 */
export function steadinessBreak(
  facts: StageFacts,
  at: StagePosition,
  allowed: number | null,
): number {
  if (allowed === null) return -2;
  let gap = -1;
  for (let i = Math.max(1, at.touchpointsBeforeWindow); i < at.touchpoints; i++) {
    if ((facts.points[i] as number) - (facts.points[i - 1] as number) > allowed) {
      if (gap !== -1) return i;
      gap = i;
    }
  }
  return gap !== -1 && resumedAfter(at, gap) < ONE_OFF_GAP_RESUME_INTERVALS ? gap : -1;
}

/**
 * The touchpoints ending the recent intervals longer than the allowed gap, ascending (for the
 * reasons: steadinessBreak tells whether they break the cadence); none when it is not known.
 */
export function recentGaps(facts: StageFacts, at: StagePosition, allowed: number | null): number[] {
  const gaps: number[] = [];
  if (allowed === null) return gaps;
  for (let i = Math.max(1, at.touchpointsBeforeWindow); i < at.touchpoints; i++)
    if ((facts.points[i] as number) - (facts.points[i - 1] as number) > allowed) gaps.push(i);
  return gaps;
}

/** How many intervals between touchpoints came, by the position, after touchpoint `gap`. */
export function resumedAfter(at: StagePosition, gap: number): number {
  return at.touchpoints - 1 - gap;
}

function isAscending(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++)
    if (!((values[i - 1] as number) <= (values[i] as number))) return false;
  return true;
}
