import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMeetings, meetingShape } from '../../../test/support/relationship-arbitraries.js';
import { meeting } from '../../../test/support/relationship-meetings.js';
import { forEachAccount } from './account-runs.js';
import { groupByAccount } from './accounts.js';
import type { RelationshipMeeting } from './model.js';

function runs(meetings: readonly RelationshipMeeting[]): [string, RelationshipMeeting[]][] {
  const visited: [string, RelationshipMeeting[]][] = [];
  forEachAccount(meetings, (key, own) => visited.push([key, own]));
  return visited;
}

describe('the accounts of a full recompute', () => {
  it("are groupByAccount's groups, in key order, each in input order", () => {
    fc.assert(
      fc.property(fc.array(meetingShape, { maxLength: 80 }), fc.nat(), (shapes, rotation) => {
        const built = buildMeetings(shapes);
        // Accounts interleaved in any order, as a store reading by start would give them.
        const shift = built.length === 0 ? 0 : rotation % built.length;
        const meetings = built.slice(shift).concat(built.slice(0, shift));
        const expected = [...groupByAccount(meetings)].sort(([a], [b]) => (a < b ? -1 : 1));
        const visited = runs(meetings);
        expect(visited.map(([key]) => key)).toEqual(expected.map(([key]) => key));
        visited.forEach(([, own], i) => {
          const [, group] = expected[i] as [string, RelationshipMeeting[]];
          expect(own).toHaveLength(group.length);
          own.forEach((m, j) => expect(m).toBe(group[j]));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('are many more than the first guess of their number, and none for no meetings', () => {
    // More accounts than the 64 the counts start with.
    const many = Array.from({ length: 300 }, (_, i) =>
      meeting(`m${i}`, '2026-01-05T15:00:00Z', {
        accountKey: `acc-${String(i % 150).padStart(3, '0')}`,
      }),
    );
    const visited = runs(many);
    expect(visited).toHaveLength(150);
    expect(visited[0]?.[0]).toBe('acc-000');
    expect(visited[0]?.[1].map((m) => m.id)).toEqual(['m0', 'm150']);
    expect(runs([])).toEqual([]);
  });
});
