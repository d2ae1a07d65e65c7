/**
 * The stage history: the stage replayed at every meeting and at every instant between meetings
 * where a threshold is crossed (a meeting leaves the recent window, the first month ends, a gap
 * becomes too long), keeping the changes.
 *
 * The instants are replayed in time order, so where each falls among the facts (how many
 * meetings, touchpoints and stakeholders came by then, and by the start of its recent window)
 * is found by walking forward from the previous instant instead of searching from scratch.
 */
import { DAY_MS, RECENT_DAYS } from './definitions.js';
import { SENIORITIES, type RelationshipStage, type StageChange } from './model.js';
import { explained } from './stage-reasons.js';
import {
  secondRankBetween,
  stageOf,
  topRankBetween,
  type StageFacts,
  type StagePosition,
  type StageVerdict,
} from './stage.js';
import { countAtMost } from './stakeholders.js';
import { thresholdCrossings } from './threshold-crossings.js';
import { compact } from './compact.js';

const RECENT_MS = RECENT_DAYS * DAY_MS;

/** A StagePosition that moves forward in time. */
export class StageCursor implements StagePosition {
  t = Number.NEGATIVE_INFINITY;
  meetings = 0;
  pastMeetings = 0;
  meetingsBeforeWindow = 0;
  meetingsBeforeEarlierWindow = 0;
  touchpoints = 0;
  touchpointsBeforeWindow = 0;
  joined = 0;
  joinedBeforeWindow = 0;
  /** Null while replaying the past; the facts' booked meeting once moved to now (atNow). */
  booked: number | null = null;
  bookingsKnown = false;
  /** How many meetings of the recent window have each top attendee rank (0 to 5). */
  private readonly recentRanks = new Int32Array(SENIORITIES.length + 1);
  /** The same for the earlier window (the RECENT_DAYS before the recent one). */
  private readonly earlierRanks = new Int32Array(SENIORITIES.length + 1);

  constructor(private readonly facts: StageFacts) {}

  /** Moves to now, where the first booked meeting counts (stage.ts StagePosition booked). */
  atNow(now: number): this {
    this.moveTo(now);
    this.booked = this.facts.booked;
    this.bookingsKnown = true;
    return this;
  }

  /** Moves to instant `t`, never before the instant it is at. */
  moveTo(t: number): this {
    if (t < this.t) throw new RangeError('a stage cursor only moves forward in time');
    const { starts, pastStarts, points, people } = this.facts;
    const windowStart = t - RECENT_MS;
    this.t = t;
    this.enterWindow(this.count(starts, this.meetings, t));
    this.pastMeetings = this.count(pastStarts, this.pastMeetings, t);
    this.leaveWindow(this.count(starts, this.meetingsBeforeWindow, windowStart));
    this.leaveEarlierWindow(
      this.count(starts, this.meetingsBeforeEarlierWindow, windowStart - RECENT_MS),
    );
    this.touchpoints = this.count(points, this.touchpoints, t);
    this.touchpointsBeforeWindow = this.count(points, this.touchpointsBeforeWindow, windowStart);
    this.joined = this.count(people.joins, this.joined, t);
    this.joinedBeforeWindow = this.count(people.joins, this.joinedBeforeWindow, windowStart);
    return this;
  }

  topRecentRank(): number {
    if (!this.facts.ascending)
      return topRankBetween(this.facts, this.meetingsBeforeWindow, this.meetings);
    for (let rank = this.recentRanks.length - 1; rank > 0; rank--)
      if ((this.recentRanks[rank] as number) > 0) return rank;
    return 0;
  }

  earlierRankReachedTwice(): number {
    if (!this.facts.ascending)
      return secondRankBetween(
        this.facts,
        this.meetingsBeforeEarlierWindow,
        this.meetingsBeforeWindow,
      );
    let meetings = 0;
    for (let rank = this.earlierRanks.length - 1; rank > 0; rank--) {
      meetings += this.earlierRanks[rank] as number;
      if (meetings >= 2) return rank;
    }
    return 0;
  }

  private enterWindow(meetings: number): void {
    const ranks = this.facts.attendeeRanks;
    for (let i = this.meetings; i < meetings; i++)
      this.countRank(this.recentRanks, ranks[i] as number, 1);
    this.meetings = meetings;
  }

  /** Meetings leaving the recent window enter the earlier one. */
  private leaveWindow(meetingsBeforeWindow: number): void {
    const ranks = this.facts.attendeeRanks;
    for (let i = this.meetingsBeforeWindow; i < meetingsBeforeWindow; i++) {
      this.countRank(this.recentRanks, ranks[i] as number, -1);
      this.countRank(this.earlierRanks, ranks[i] as number, 1);
    }
    this.meetingsBeforeWindow = meetingsBeforeWindow;
  }

  private leaveEarlierWindow(meetingsBeforeEarlierWindow: number): void {
    const ranks = this.facts.attendeeRanks;
    for (let i = this.meetingsBeforeEarlierWindow; i < meetingsBeforeEarlierWindow; i++)
      this.countRank(this.earlierRanks, ranks[i] as number, -1);
    this.meetingsBeforeEarlierWindow = meetingsBeforeEarlierWindow;
  }

  private countRank(counts: Int32Array, rank: number, change: number): void {
    counts[rank] = (counts[rank] as number) + change;
  }

  /** How many of `values` are <= x, given how many were at the previous, earlier instant. */
  private count(values: ArrayLike<number>, before: number, x: number): number {
    // Out of order, walking forward would not find what a search finds.
    if (!this.facts.ascending) return countAtMost(values, x);
    let count = before;
    while (count < values.length && (values[count] as number) <= x) count++;
    return count;
  }
}

/**
 * The stage at `now` and every change before it, replayed from the first held meeting. Past
 * instants are judged from the meetings held by then (nothing says when a meeting was booked);
 * the stage at `now` counts the first booked meeting too, and when that changes it, the change
 * is dated `now` (in place of the replay's own change at `now`, if there was one).
 */
export function stageHistory(
  facts: StageFacts,
  now: number,
): { current: StageVerdict | null; history: StageChange[] } {
  const history: StageChange[] = [];
  const cursor = new StageCursor(facts);
  let previous: RelationshipStage | null = null;
  let last = Number.NaN;
  for (const at of thresholdCrossings(facts, now)) {
    if (at === last) continue;
    last = at;
    const stage = stageOf(facts, cursor.moveTo(at));
    if (stage === null || stage === previous) continue;
    previous = stage;
    history.push({ stage, since: at, ...explained(facts, cursor, stage) });
  }
  const current = verdictAt(facts, cursor.atNow(now));
  if (current && current.stage !== previous) {
    if (history.at(-1)?.since === now) history.pop();
    if (current.stage !== history.at(-1)?.stage)
      history.push({
        stage: current.stage,
        since: now,
        reasons: current.reasons,
        reasonParts: current.reasonParts,
      });
  }
  return { current, history: compact(history) };
}

/**
 * The stage at `now` and its reasons, without the history: stageHistory's `current`. A cursor
 * moved straight to `now` counts what one moved there through every earlier crossing counts
 * (the counts depend on the instant alone), so the history is not needed for it.
 */
export function stageAt(facts: StageFacts, now: number): StageVerdict | null {
  return verdictAt(facts, new StageCursor(facts).atNow(now));
}

function verdictAt(facts: StageFacts, cursor: StageCursor): StageVerdict | null {
  const stage = stageOf(facts, cursor);
  return stage && { stage, ...explained(facts, cursor, stage) };
}
