/** Stage, trends and everything else do not depend on the order in which meetings are given. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseRelationships } from './analyse.js';
import type { ExternalPerson, RelationshipMeeting } from './model.js';

const DAY = 86_400_000;
const ORIGIN = Date.UTC(2025, 0, 6, 15);
const TITLES = [null, 'CFO', 'VP Procurement', 'Director of IT', 'Legal Counsel', 'Analyst'];
const STATUSES = ['accepted', 'declined', 'tentative', 'needsAction', null] as const;

const person = fc.record({
  n: fc.integer({ min: 0, max: 5 }),
  title: fc.constantFrom(...TITLES),
  responseStatus: fc.constantFrom(...STATUSES),
});

const meetingShape = fc.record({
  account: fc.constantFrom('acc-1', 'acc-2', 'domain:globex.com'),
  day: fc.integer({ min: 0, max: 400 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(15, 30, 45, 60, 90),
  status: fc.constantFrom('confirmed', 'confirmed', 'confirmed', 'tentative', 'cancelled'),
  sales: fc.boolean(),
  type: fc.constantFrom('discovery', 'demo', 'negotiation', 'follow_up', 'closing', 'other', null),
  series: fc.constantFrom(null, null, 'series-a', 'series-b'),
  people: fc.array(person, { minLength: 0, maxLength: 4 }),
});

type Shape = typeof meetingShape extends fc.Arbitrary<infer T> ? T : never;

function build(shapes: Shape[]): RelationshipMeeting[] {
  return shapes.map((s, i) => {
    const start = ORIGIN + s.day * DAY + s.hour * 3_600_000;
    const externalPeople: ExternalPerson[] = s.people.map((p) => ({
      email: `p${p.n}@${s.account.replace(/\W/g, '')}.com`,
      name: null,
      title: p.title,
      responseStatus: p.responseStatus,
    }));
    return {
      id: `m${i}`,
      accountKey: s.account,
      accountName: null,
      start,
      end: start + s.minutes * 60_000,
      status: s.status as RelationshipMeeting['status'],
      isSalesMeeting: s.sales && s.status !== 'cancelled',
      meetingType: s.sales ? (s.type as RelationshipMeeting['meetingType']) : null,
      seriesId: s.series,
      originalStart: null,
      title: `${s.account} sync`,
      externalPeople,
      internalPeople: [{ email: 'ana@northwind.io', responseStatus: 'accepted' }],
    };
  });
}

describe('relationship analysis properties', () => {
  it('gives the same accounts whatever the order of the meetings', () => {
    fc.assert(
      fc.property(
        fc.array(meetingShape, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 500 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (shapes, nowDay, randoms) => {
          const meetings = build(shapes);
          const now = ORIGIN + nowDay * DAY;
          const keys = meetings.map(() => randoms.next().value as number);
          const shuffled = meetings
            .map((m, i) => ({ m, k: keys[i] as number }))
            .sort((a, b) => a.k - b.k)
            .map(({ m }) => m);
          expect(analyseRelationships(shuffled, now)).toEqual(analyseRelationships(meetings, now));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the stage history consistent: changes in time order, the last one the current stage', () => {
    fc.assert(
      fc.property(
        fc.array(meetingShape, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 500 }),
        (shapes, nowDay) => {
          const now = ORIGIN + nowDay * DAY;
          for (const account of analyseRelationships(build(shapes), now)) {
            const history = account.stageHistory;
            for (let i = 1; i < history.length; i++) {
              expect(history[i]!.since).toBeGreaterThan(history[i - 1]!.since);
              expect(history[i]!.stage).not.toBe(history[i - 1]!.stage);
            }
            if (history.length > 0) expect(history.at(-1)?.stage).toBe(account.stage);
            expect(history.every((h) => h.since <= now)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
