/** Stage, trends and everything else do not depend on the order in which meetings are given. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseAccount, analyseRelationships } from './analyse.js';
import {
  buildMeetings,
  changingGroupShapes,
  DAY,
  meetingShape,
  ORIGIN,
} from '../../../test/support/relationship-arbitraries.js';

describe('relationship analysis properties', () => {
  it('gives the same accounts whatever the order of the meetings', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.array(meetingShape, { minLength: 1, maxLength: 60 }), changingGroupShapes)
          .map(([loose, changing]) => [...loose, ...changing]),
        fc.integer({ min: 0, max: 500 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (shapes, nowDay, randoms) => {
          const meetings = buildMeetings(shapes);
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
          for (const account of analyseRelationships(buildMeetings(shapes), now)) {
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

  it('lets booked meetings change the stage at now only, never the history before it', () => {
    fc.assert(
      fc.property(
        fc.array(meetingShape, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 500 }),
        (shapes, nowDay) => {
          const now = ORIGIN + nowDay * DAY;
          const meetings = buildMeetings(shapes);
          const startedByNow = meetings.filter((m) => m.start <= now);
          for (const account of analyseRelationships(meetings, now)) {
            const before = (h: { since: number }) => h.since < now;
            const unbooked = analyseAccount(account.accountKey, startedByNow, now);
            expect(account.stageHistory.filter(before)).toEqual(
              unbooked.stageHistory.filter(before),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
