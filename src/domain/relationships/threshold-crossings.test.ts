import { describe, expect, it } from 'vitest';
import { DAY, atDays, utc } from '../../../test/support/relationship-meetings.js';
import { AddressBook } from './address-book.js';
import type { RelationshipMeeting } from './model.js';
import { stageFacts, type StageFacts } from './stage.js';
import { collectStakeholders } from './stakeholders.js';
import { sortNearlyOrdered, thresholdCrossings } from './threshold-crossings.js';

const FIRST = '2026-01-05T15:00:00Z';
const day = (n: number) => utc(FIRST) + n * DAY;

function factsOf(held: RelationshipMeeting[]): StageFacts {
  return stageFacts(held, collectStakeholders(held, new AddressBook()));
}

const crossingDays = (facts: StageFacts, now: number) =>
  [...thresholdCrossings(facts, now)].map((at) => (at - utc(FIRST)) / DAY);

describe('threshold crossings', () => {
  // Meetings on days 0, 10 and 20: the usual interval is known from the third touchpoint (the
  // median of 10 and 10 days), so a gap longer than 20 days (twice that, at least 14) after day
  // 20 breaks the cadence from day 40 plus a millisecond.
  const facts = factsOf(atDays('m', FIRST, [0, 10, 20]));
  const msDay = 1 / DAY;

  it('are the meetings, the first month ending, the meetings leaving the windows and the gaps', () => {
    expect(crossingDays(facts, day(200))).toEqual([
      0,
      10,
      20,
      30,
      40 + msDay,
      90,
      100,
      110,
      180,
      190,
      200,
    ]);
  });

  it('count the gap from the last meeting of a meeting day', () => {
    // A debrief 6 hours after the day-20 meeting: the gap runs from it (stage.ts stageOf).
    const debriefed = factsOf([...atDays('m', FIRST, [0, 10, 20]), ...atDays('d', FIRST, [20.25])]);
    expect(crossingDays(debriefed, day(60))).toContain(40.25 + msDay);
    expect(crossingDays(debriefed, day(60))).not.toContain(40 + msDay);
  });

  it('include a meeting day going quiet while the usual interval is not known yet', () => {
    // One meeting: the first month ends as it goes quiet (day 30), then dormant on day 90.
    expect(crossingDays(factsOf(atDays('m', FIRST, [0])), day(100))).toEqual([0, 30, 30, 90]);
    // Two meeting days: day 0's going quiet is passed over (day 20 came first); day 20's is day 50.
    expect(crossingDays(factsOf(atDays('m', FIRST, [0, 20])), day(60))).toEqual([0, 20, 30, 50]);
  });

  it('stop at now', () => {
    expect(crossingDays(facts, day(95))).toEqual([0, 10, 20, 30, 40 + msDay, 90]);
    expect(crossingDays(facts, day(5))).toEqual([0]);
    expect(crossingDays(facts, day(-1))).toEqual([]);
  });

  it('are sorted when the facts are out of order, too', () => {
    // Past starts given out of order (never from the analysis): gathered, then sorted. The held
    // starts stay those the touchpoints were made of, as the gaps are read from them.
    const unordered: StageFacts = {
      ...facts,
      pastStarts: Float64Array.of(day(20), day(0), day(10)),
      ascending: false,
    };
    expect(crossingDays(unordered, day(200))).toEqual(crossingDays(facts, day(200)));
  });
});

describe('sorting nearly ordered values', () => {
  it('sorts as the typed array sort does: -0 before 0', () => {
    const values = Float64Array.from([0, -0, 3, 2, 9]);
    sortNearlyOrdered(values, 4);
    expect([...values]).toEqual([-0, 0, 2, 3, 9]);
    expect(Object.is(values[0], -0)).toBe(true);
  });

  it('sorts values far from order too', () => {
    const values = Float64Array.from({ length: 500 }, (_, i) => 500 - i);
    sortNearlyOrdered(values, values.length);
    expect([...values]).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });
});
