import { describe, expect, it } from 'vitest';
import { DAY, JANE, atDays, external, utc } from '../../../test/support/relationship-meetings.js';
import { AddressBook } from './address-book.js';
import { analyseAccount } from './analyse.js';
import type { RelationshipMeeting, StageChange } from './model.js';
import { stageFacts, type StageFacts } from './stage.js';
import { StageCursor } from './stage-replay.js';
import { collectStakeholders } from './stakeholders.js';
import { summariseAccount } from './summary.js';
import { thresholdCrossings } from './threshold-crossings.js';

const FIRST = '2026-01-05T15:00:00Z';
const day = (n: number) => utc(FIRST) + n * DAY;
const SAM_CFO = external('sam@acme.com', { title: 'CFO' });

// Jane (procurement manager: rank 2) on days 0, 10, 20 and 200; Sam (CFO: rank 5) joins on day 10.
const held = atDays('m', FIRST, [0, 10, 20, 200], (i) => ({
  externalPeople: i === 1 ? [JANE, SAM_CFO] : [JANE],
}));
const facts = stageFacts(held, collectStakeholders(held, new AddressBook()));

const where = (cursor: StageCursor) => ({
  meetings: cursor.meetings,
  meetingsBeforeWindow: cursor.meetingsBeforeWindow,
  touchpoints: cursor.touchpoints,
  touchpointsBeforeWindow: cursor.touchpointsBeforeWindow,
  joined: cursor.joined,
  joinedBeforeWindow: cursor.joinedBeforeWindow,
  topRecentRank: cursor.topRecentRank(),
});

describe('stage cursor', () => {
  it('counts, walking forward, what came by an instant and by the start of its 90-day window', () => {
    const cursor = new StageCursor(facts);
    // Day 95: meetings of days 0, 10 and 20; the window starts on day 5, after day 0's.
    expect(where(cursor.moveTo(day(95)))).toEqual({
      meetings: 3,
      meetingsBeforeWindow: 1,
      touchpoints: 3,
      touchpointsBeforeWindow: 1,
      joined: 2,
      joinedBeforeWindow: 1,
      topRecentRank: 5,
    });
    // Day 250: the window (from day 160) holds day 200's meeting only, with Jane alone.
    expect(where(cursor.moveTo(day(250)))).toEqual({
      meetings: 4,
      meetingsBeforeWindow: 3,
      touchpoints: 4,
      touchpointsBeforeWindow: 3,
      joined: 2,
      joinedBeforeWindow: 2,
      topRecentRank: 2,
    });
  });

  it('counts the top attendee ranks of the earlier window, the 90 days before the recent one', () => {
    const cursor = new StageCursor(facts);
    // Day 120: the recent window (from day 30) is empty; the earlier one (days -60 to 30) holds
    // days 0, 10 and 20 (ranks 2, 5, 2): rank 2 is the highest that two of them reached.
    expect(cursor.moveTo(day(120))).toMatchObject({ meetingsBeforeEarlierWindow: 0 });
    expect(cursor.earlierRankReachedTwice()).toBe(2);
    // Day 195: the earlier window (days 15 to 105) holds day 20's meeting only.
    expect(cursor.moveTo(day(195))).toMatchObject({ meetingsBeforeEarlierWindow: 2 });
    expect(cursor.earlierRankReachedTwice()).toBe(0);
  });

  it('is at no meeting before the first one', () => {
    expect(where(new StageCursor(facts).moveTo(day(-1)))).toMatchObject({
      meetings: 0,
      topRecentRank: 0,
    });
  });

  it('only moves forward in time', () => {
    const cursor = new StageCursor(facts).moveTo(day(30));
    expect(() => cursor.moveTo(day(29))).toThrow(RangeError);
  });

  it('searches instead of walking when the facts are out of order', () => {
    // The same meetings listed from the last: walking forward would stop at once.
    const reversed: StageFacts = {
      ...facts,
      starts: facts.starts.slice().reverse(),
      attendeeRanks: facts.attendeeRanks.slice().reverse(),
      ascending: false,
    };
    const cursor = new StageCursor(reversed).moveTo(day(95));
    // A binary search over days [200, 20, 10, 0] for "at most day 95" looks at index 2 (day 10,
    // yes), then index 3 (day 0, yes): it counts 4, where walking forward would stop at day 200
    // and count 0. The search is what the rules have always used.
    expect(cursor.meetings).toBe(4);
    expect(cursor.touchpoints).toBe(3);
  });
});

describe('stage history and the stage at an instant', () => {
  /** The stage a history as of a later instant gives at `t`: that of its last change by then. */
  const stageInHistory = (history: StageChange[], t: number) =>
    history.filter((change) => change.since <= t).at(-1)?.stage;

  // Weekly for 20 weeks, a gap of three weeks, weekly again (stage.test.ts); with a second gap
  // of three weeks five weeks after the first, both within 90 days.
  const weeks = (from: number, to: number) =>
    Array.from({ length: Math.floor((to - from) / 7) + 1 }, (_, i) => from + 7 * i);
  const scenarios: [string, number[], number][] = [
    ['one gap', [...weeks(0, 140), ...weeks(161, 280)], 300],
    ['two gaps', [...weeks(0, 140), ...weeks(161, 175), ...weeks(196, 280)], 300],
    // Going quiet after first contact (no usual interval yet), then a meeting booked again.
    ['one meeting, then quiet', [0, 150], 160],
    ['two meeting days, then quiet', [0, 20, 75], 120],
  ];

  // The history judges a past instant from the meetings held by then (nothing says when a later
  // one was booked): the stage at t of the meetings started by t.
  it.each(scenarios)(
    'agree at every half day and around every threshold crossing, with %s',
    (_name, days, nowDay) => {
      const meetings: RelationshipMeeting[] = atDays('m', FIRST, days);
      const now = day(nowDay);
      const { stageHistory } = analyseAccount('acc-1', meetings, now);
      const held = meetings.filter((m) => m.start <= now);
      const crossings = [
        ...thresholdCrossings(stageFacts(held, collectStakeholders(held, new AddressBook())), now),
      ];
      const instants = [
        ...Array.from({ length: 2 * nowDay + 1 }, (_, i) => day(i / 2)),
        ...crossings.flatMap((at) => [at - 1, at, at + 1]),
      ].filter((t) => t >= day(0) && t <= now);
      for (const t of instants) {
        const expected = stageInHistory(stageHistory, t);
        const byThen = meetings.filter((m) => m.start <= t);
        expect({
          t: new Date(t).toISOString(),
          stage: analyseAccount('acc-1', byThen, t).stage,
        }).toEqual({ t: new Date(t).toISOString(), stage: expected });
        expect(summariseAccount('acc-1', byThen, t).stage).toBe(expected);
      }
    },
  );
});
