/**
 * The summary is the full analysis without its detail: for every account of generated and
 * fuzzed meetings, at instants before, among and after them, each field of the summary equals
 * the full analysis' field of the same name (for stakeholders, how many; for series, each one's
 * id and occurrences), and it has no other field.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { generateMeetings } from '../../../bench/relationships.js';
import {
  buildMeetings,
  changingGroupShapes,
  DAY,
  meetingShape,
  ORIGIN,
} from '../../../test/support/relationship-arbitraries.js';
import {
  atDays,
  external,
  JANE,
  meeting,
  utc,
} from '../../../test/support/relationship-meetings.js';
import { groupByAccount } from './accounts.js';
import { analyseAccount, analyseRelationships } from './analyse.js';
import type { AccountRelationship, AccountSummary, RelationshipMeeting } from './model.js';
import { summariseAccount, summariseRelationships } from './summary.js';

/** What the summary of an account must be, read off its full analysis. */
function expectedSummary(full: AccountRelationship): AccountSummary {
  return {
    accountKey: full.accountKey,
    name: full.name,
    meetings: full.meetings,
    upcomingMeetings: full.upcomingMeetings,
    firstMeeting: full.firstMeeting,
    lastMeeting: full.lastMeeting,
    nextMeeting: full.nextMeeting,
    stage: full.stage,
    stageReasons: full.stageReasons,
    stageReasonParts: full.stageReasonParts,
    cadenceDays: full.cadenceDays,
    cadenceTrend: full.cadenceTrend,
    durationTrend: full.durationTrend,
    stakeholders: full.stakeholders.length,
    newStakeholdersLast90Days: full.newStakeholdersLast90Days,
    stakeholderExpansion: full.stakeholderExpansion,
    series: full.series.map(({ seriesId, occurrences }) => ({ seriesId, occurrences })),
    reasons: full.reasons,
    reasonParts: full.reasonParts,
  };
}

/** Every account of the meetings, one at a time, summarised and analysed in full. */
function expectEachAccountSummarised(meetings: readonly RelationshipMeeting[], now: number): void {
  for (const [key, own] of groupByAccount(meetings)) {
    expect(summariseAccount(key, own, now)).toStrictEqual(
      expectedSummary(analyseAccount(key, own, now)),
    );
  }
}

// The bench's generator: accounts of about 50 meetings with series, implicit series, moves,
// cancellations, declines and titles. Its meetings end around 2026-04-01.
const GENERATED = generateMeetings(25_000, 500);
const GENERATED_END = Date.UTC(2026, 3, 1);
const INSTANTS = [-400, -150, -30, 0, 60, 200].map((days) => GENERATED_END + days * DAY);

describe('the summary of accounts', () => {
  it.each(INSTANTS.map((now) => [new Date(now).toISOString().slice(0, 10), now]))(
    'equals the full analysis for every account of generated meetings, as of %s',
    (_day, now) => {
      const full = analyseRelationships(GENERATED, now);
      expect(full.length).toBeGreaterThan(400);
      expect(summariseRelationships(GENERATED, now)).toStrictEqual(full.map(expectedSummary));
    },
  );

  it('covers every stage, series whose people stopped coming, and implicit series', () => {
    // Otherwise the comparisons above would not prove much.
    const analyses = INSTANTS.flatMap((now) => analyseRelationships(GENERATED, now));
    expect(new Set(analyses.map((a) => a.stage)).size).toBe(6);
    expect(analyses.some((a) => a.series.some((s) => s.stoppedComing.length > 0))).toBe(true);
    expect(analyses.some((a) => a.series.some((s) => s.kind === 'implicit'))).toBe(true);
    expect(analyses.some((a) => a.meetings === 0 && a.upcomingMeetings > 0)).toBe(true);
  });

  it('equals analyseAccount for each generated account alone, and ignores other accounts', () => {
    for (const now of [INSTANTS[1] as number, GENERATED_END]) {
      expectEachAccountSummarised(GENERATED, now);
      const someAccount = GENERATED[0] as RelationshipMeeting;
      expect(summariseAccount(someAccount.accountKey, GENERATED, now)).toStrictEqual(
        expectedSummary(analyseAccount(someAccount.accountKey, GENERATED, now)),
      );
    }
  });

  it('says why an account without a held sales meeting is new, as the full analysis does', () => {
    const upcoming = meeting('later', ORIGIN + 10 * DAY);
    const internal = meeting('internal', ORIGIN, { isSalesMeeting: false, meetingType: null });
    for (const meetings of [[upcoming], [internal], []]) {
      const summary = summariseAccount('acc-1', meetings, ORIGIN);
      expect(summary).toStrictEqual(expectedSummary(analyseAccount('acc-1', meetings, ORIGIN)));
      expect(summary.stage).toBe('new');
    }
  });

  it('names a series whose people stopped coming by its latest held instance, as in full', () => {
    const sam = external('sam@acme.com', { title: 'CFO' });
    const weekly = atDays('w', '2026-01-05T15:00:00Z', [0, 7, 14, 21, 28, 35, 42], (i) => ({
      seriesId: 'series-1',
      title: i < 6 ? 'Acme weekly' : 'Acme weekly (renamed)',
      externalPeople: i < 4 ? [JANE, sam] : [JANE],
    }));
    const now = utc('2026-02-12T00:00:00Z');
    const summary = summariseAccount('acc-1', weekly, now);
    expect(summary).toStrictEqual(expectedSummary(analyseAccount('acc-1', weekly, now)));
    expect(summary.reasons).toContain('stopped coming to "Acme weekly": sam@acme.com');
  });

  it('finds the implicit series of an account of over 256 sales meetings, summarised first', async () => {
    // Fresh modules: their scratch buffers are as a new process has them (256 keys), as the
    // summary, run first, finds them.
    vi.resetModules();
    const fresh = await import('./summary.js');
    const freshFull = await import('./analyse.js');
    const oneOffs = Array.from({ length: 260 }, (_, i) =>
      meeting(`one-${i}`, utc('2025-01-06T10:00:00Z') + i * DAY, {
        externalPeople: [external(`p${i}@acme.com`)],
      }),
    );
    const weekly = atDays('weekly', '2025-09-28T10:00:00Z', [0, 7, 14, 21, 28, 35, 42, 49], {
      title: 'Acme weekly',
    });
    const meetings = [...oneOffs, ...weekly];
    const now = utc('2025-12-01T00:00:00Z');
    const summary = fresh.summariseAccount('acc-1', meetings, now);
    expect(summary.series).toEqual([{ seriesId: 'implicit:weekly-1', occurrences: 8 }]);
    expect(summary).toStrictEqual(
      expectedSummary(freshFull.analyseAccount('acc-1', meetings, now)),
    );
  });

  it('equals the full analysis for fuzzed meetings: repeated ids, copies, renames, cancellations, declines', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.array(meetingShape, { minLength: 1, maxLength: 60 }), changingGroupShapes)
          .map(([loose, changing]) => [...loose, ...changing]),
        fc.array(fc.record({ of: fc.nat(), days: fc.integer({ min: -3, max: 3 }) }), {
          maxLength: 5,
        }),
        fc.integer({ min: -30, max: 600 }),
        fc.integer({ min: 1, max: 4 }),
        (shapes, repeats, nowDay, retitleEvery) => {
          // Renamed meetings: a series' title is its latest held instance's.
          const meetings = buildMeetings(shapes).map((m, i) =>
            i % retitleEvery === 0 ? { ...m, title: `${m.title} (renamed)` } : m,
          );
          // The same id again (another calendar's copy, or a moved instance listed twice).
          for (const { of, days } of repeats) {
            const original = meetings[of % meetings.length] as RelationshipMeeting;
            const shift = days * DAY;
            meetings.push({
              ...original,
              start: original.start + shift,
              end: original.end + shift,
            });
          }
          const now = ORIGIN + nowDay * DAY;
          expect(summariseRelationships(meetings, now)).toStrictEqual(
            analyseRelationships(meetings, now).map(expectedSummary),
          );
          expectEachAccountSummarised(meetings, now);
        },
      ),
      { numRuns: 300 },
    );
  });
});
