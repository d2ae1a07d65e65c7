/**
 * The summary's one-pass basis says what the full analysis' basis says: the same stakeholders
 * (how many, and when and how senior each joined), the same stage facts, and each sales
 * meeting's people key as implicit series work it out; and one account leaves nothing behind in
 * the columns reused for the next.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateMeetings } from '../../../bench/relationships.js';
import {
  buildMeetings,
  DAY,
  meetingShape,
  ORIGIN,
} from '../../../test/support/relationship-arbitraries.js';
import { external, JANE, meeting, utc } from '../../../test/support/relationship-meetings.js';
import { accountBasis } from './account-basis.js';
import { groupByAccount } from './accounts.js';
import { peopleKey } from './implicit-series.js';
import type { RelationshipMeeting } from './model.js';
import { summaryBasis } from './summary-basis.js';

/** What the summary's basis must say, read off the full analysis' basis. */
function expectSameBasis(own: readonly RelationshipMeeting[], now: number): void {
  const full = accountBasis(own, now);
  const summary = summaryBasis(own, now);
  expect(summary.ordered).toEqual(full.ordered);
  expect(summary.stakeholders).toBe(full.people.stakeholders.length);
  const { people, cadences, ...columns } = summary.facts;
  const { people: fullPeople, cadences: fullCadences, ...fullColumns } = full.facts;
  expect(columns).toEqual(fullColumns);
  expect(people).toEqual({
    joins: fullPeople.joins,
    ranks: fullPeople.ranks,
    prefixMaxRank: fullPeople.prefixMaxRank,
    departments: fullPeople.departments,
  });
  for (let k = -1; k <= full.facts.points.length; k++) {
    expect(cadences.cadence(k)).toBe(fullCadences.cadence(k));
    expect(cadences.allowedGap(k)).toBe(fullCadences.allowedGap(k));
  }
  const { sales } = full.ordered;
  const keys = sales.map((m) => (m.seriesId ? Number.NaN : peopleKey(m, full.book)));
  expect([...summary.salesKeys.subarray(0, sales.length)]).toEqual(keys);
}

describe("the summary's basis of an account", () => {
  it("equals the full analysis' for every account of generated meetings", () => {
    const generated = generateMeetings(6_000, 120);
    for (const now of [Date.UTC(2025, 9, 1), Date.UTC(2026, 3, 1)])
      for (const own of groupByAccount(generated).values()) expectSameBasis(own, now);
  });

  it("equals the full analysis' for fuzzed meetings: declines, titles, copies, repeated ids", () => {
    fc.assert(
      fc.property(
        fc.array(meetingShape, { minLength: 1, maxLength: 50 }),
        fc.integer({ min: -30, max: 500 }),
        (shapes, nowDay) => {
          const meetings = buildMeetings(shapes);
          // Copies of some meetings in another calendar, with the other attendees' answers.
          for (const m of meetings.slice(0, 5)) meetings.push({ ...m, id: `${m.id}-copy` });
          for (const own of groupByAccount(meetings).values())
            expectSameBasis(own, ORIGIN + nowDay * DAY);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts someone who declined before taking part from when they took part, with their title', () => {
    const sam = (responseStatus: 'declined' | 'accepted', title: string | null) =>
      external('Sam@Acme.com', { responseStatus, title });
    const meetings = [
      meeting('a', '2026-01-05T15:00:00Z', { externalPeople: [JANE, sam('declined', 'CEO')] }),
      meeting('b', '2026-01-12T15:00:00Z', { externalPeople: [JANE, sam('accepted', null)] }),
      meeting('c', '2026-01-19T15:00:00Z', { externalPeople: [sam('declined', 'CFO')] }),
    ];
    const now = utc('2026-02-01T00:00:00Z');
    expectSameBasis(meetings, now);
    const basis = summaryBasis(meetings, now);
    expect(basis.stakeholders).toBe(2);
    // Sam joined on the 12th; the title of a later invitation (declined or not) is theirs.
    expect(basis.facts.people.joins).toEqual([
      utc('2026-01-05T15:00:00Z'),
      utc('2026-01-12T15:00:00Z'),
    ]);
    expect(basis.facts.people.ranks).toEqual([2, 5]);
  });

  it('orders joins as the full analysis does when a start is not a number', () => {
    const meetings = [
      meeting('a', '2026-01-05T15:00:00Z', { externalPeople: [external('zoe@acme.com')] }),
      { ...meeting('b', '2026-01-06T15:00:00Z'), start: Number.NaN },
      meeting('c', '2026-01-07T15:00:00Z', { externalPeople: [external('amy@acme.com'), JANE] }),
    ];
    expectSameBasis(meetings, utc('2026-03-01T00:00:00Z'));
  });

  it('leaves nothing of one account in the columns the next one reuses', () => {
    const [first, second] = [...groupByAccount(generateMeetings(400, 2)).values()] as [
      RelationshipMeeting[],
      RelationshipMeeting[],
    ];
    const now = Date.UTC(2026, 3, 1);
    // The columns are reused: copied out before the next account overwrites them.
    const snapshot = (own: readonly RelationshipMeeting[]) => {
      const { facts, stakeholders, salesKeys, ordered } = summaryBasis(own, now);
      return {
        stakeholders,
        people: facts.people,
        starts: [...facts.starts],
        declineSums: [...facts.declineSums],
        attendeeRanks: [...facts.attendeeRanks],
        cadence: facts.cadences.cadence(facts.points.length - 1),
        keys: [...salesKeys.subarray(0, ordered.sales.length)],
      };
    };
    const alone = snapshot(second);
    expect(snapshot(first)).not.toEqual(alone);
    expect(snapshot(second)).toEqual(alone);
  });
});
