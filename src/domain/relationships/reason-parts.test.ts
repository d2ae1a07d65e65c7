/**
 * Reasons in parts: each reason kind's dates and day counts are parts (instants), never words,
 * and the parts written at the analysis instant by the server's rule (whole 24-hour periods,
 * UTC dates) are exactly the English reason, for every reason of generated and fuzzed accounts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateMeetings } from '../../../bench/relationships.js';
import {
  buildMeetings,
  changingGroupShapes,
  meetingShape,
  ORIGIN,
} from '../../../test/support/relationship-arbitraries.js';
import { DAY, every, meeting, utc } from '../../../test/support/relationship-meetings.js';
import { analyseAccount, analyseRelationships } from './analyse.js';
import { DORMANT_DAYS } from './definitions.js';
import type { AccountRelationship, RelationshipMeeting } from './model.js';
import { reasonText, type Reason, type ReasonPart } from './reason-parts.js';
import { summariseAccount } from './summary.js';

const FIRST = utc('2026-01-05T15:00:00Z');
const day = (n: number) => FIRST + n * DAY;

/** The stage's reasons in parts, checked to be the summary's too. */
function stageParts(meetings: readonly RelationshipMeeting[], now: number): Reason[] {
  const full = analyseAccount('acc-1', meetings, now);
  expect(summariseAccount('acc-1', meetings, now).stageReasonParts).toEqual(full.stageReasonParts);
  return full.stageReasonParts;
}

/** Words that a part should carry: a date, or a count of days since something. */
const DATE_IN_WORDS = /\d{4}-\d{2}-\d{2}/;
const DAYS_UP_TO_NOW_IN_WORDS = /\d+ days? ago|meeting for \d+ days?\b/;

/** Every reason of the account, each with the instant its days are counted to. */
function reasonsOf(account: AccountRelationship, now: number): [string, Reason, number][] {
  const all: [string, Reason, number][] = [];
  const add = (texts: readonly string[], parts: readonly Reason[], at: number) => {
    expect(parts).toHaveLength(texts.length);
    texts.forEach((text, i) => all.push([text, parts[i] as Reason, at]));
  };
  add(account.stageReasons, account.stageReasonParts, now);
  add(account.reasons, account.reasonParts, now);
  for (const change of account.stageHistory) add(change.reasons, change.reasonParts, change.since);
  return all;
}

/** Checks each reason against its parts; returns the kinds of part seen. */
function expectPartsAgree(accounts: readonly AccountRelationship[], now: number): Set<string> {
  const kinds = new Set<string>();
  for (const account of accounts)
    for (const [text, parts, at] of reasonsOf(account, now)) {
      expect(reasonText(parts, at)).toBe(text);
      for (const part of parts) {
        kinds.add(Object.keys(part).sort().join('+'));
        if ('text' in part) {
          expect(part.text).not.toMatch(DATE_IN_WORDS);
          expect(part.text).not.toMatch(DAYS_UP_TO_NOW_IN_WORDS);
        }
      }
    }
  return kinds;
}

// The bench's generator: accounts with series, moves, cancellations, declines and titles.
const GENERATED = generateMeetings(8_000, 160);
const GENERATED_END = Date.UTC(2026, 3, 1);

describe('reasons in parts', () => {
  it('write, at the analysis instant, exactly the English reasons of generated accounts', () => {
    const kinds = new Set<string>();
    for (const days of [-400, -150, -30, 0, 60, 200]) {
      const now = GENERATED_END + days * DAY;
      for (const kind of expectPartsAgree(analyseRelationships(GENERATED, now), now))
        kinds.add(kind);
    }
    // Every kind of part the reasons use is among them, so the comparison covers them all.
    expect([...kinds].sort()).toEqual([
      'date',
      'daysAgo+until',
      'daysSince',
      'elapsedSince+moreThan+until',
      'moreThan+span',
      'text',
    ]);
  });

  it('write exactly the English reasons of fuzzed accounts', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(meetingShape, { maxLength: 40 }), changingGroupShapes),
        fc.integer({ min: 0, max: 500 }),
        (shapes, offset) => {
          const now = ORIGIN + offset * DAY;
          expectPartsAgree(analyseRelationships(buildMeetings(shapes), now), now);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('give a new account its first meeting to count from, up to the end of new', () => {
    const one = [meeting('m0', FIRST)];
    const until = FIRST + 30 * DAY;
    const reason = [
      { text: 'first sales meeting ' },
      { daysAgo: FIRST, until },
      { text: ', 1 so far; new for 30 days' },
    ];
    expect(stageParts(one, FIRST + DAY / 24)).toEqual([reason]);
    expect(stageParts(one, day(3))).toEqual([reason]);
  });

  it('date a dormant account’s last meeting and count the days from it', () => {
    const last = day(14);
    expect(stageParts(every(14, 2, '2026-01-05T15:00:00Z'), day(120))).toEqual([
      [
        { text: 'no sales meeting for ' },
        { daysSince: last },
        { text: ' (last on ' },
        { date: last },
        { text: '); dormant after 90' },
      ],
    ]);
  });

  it('count a quiet spell from the first meeting of the last meeting day', () => {
    const oneDay = [meeting('a', FIRST), meeting('b', FIRST + 2 * 3_600_000)];
    expect(stageParts(oneDay, day(31))).toEqual([
      [
        { text: '2 sales meetings on one day, ' },
        // Counted no further than the lapse's turn to dormant, after the last meeting.
        { daysAgo: FIRST, until: FIRST + 2 * 3_600_000 + DORMANT_DAYS * DAY },
        { text: ', none since and none booked' },
      ],
    ]);
    const twoDays = [...oneDay, meeting('c', day(5)), meeting('d', day(5) + 3_600_000)];
    expect(stageParts(twoDays, day(40))).toEqual([
      [
        { text: '4 sales meetings on 2 days, the last ' },
        { daysAgo: day(5), until: day(5) + 3_600_000 + DORMANT_DAYS * DAY },
        { text: ', none since and none booked' },
      ],
    ]);
  });

  it('give a broken cadence’s days since the last meeting with the figure the words exceed', () => {
    const weekly = every(7, 6, '2026-01-05T15:00:00Z');
    const last = day(35);
    expect(stageParts(weekly, day(35 + 20))[0]).toEqual([
      { text: 'no sales meeting for ' },
      // Counted no further than the lapse's turn to dormant, after the last meeting.
      { elapsedSince: last, moreThan: 14, until: last + DORMANT_DAYS * DAY },
      { text: ', more than 2 times the usual 7-day interval' },
    ]);
  });

  it('date a booked meeting, soon or beyond the horizon', () => {
    const quiet = every(14, 5, '2026-01-05T15:00:00Z');
    const soon = stageParts([...quiet, meeting('f', day(189))], day(186));
    expect(soon[0]?.slice(-2)).toEqual([{ text: '), but one is booked for ' }, { date: day(189) }]);
    const later = stageParts([...quiet, meeting('f', day(230))], day(186));
    expect(later[0]?.slice(-3)).toEqual([
      { text: '); dormant after 90; the next one booked is not until ' },
      { date: day(230) },
      { text: ', more than 30 days ahead' },
    ]);
    const none = stageParts([meeting('f', day(10))], day(0));
    expect(none).toEqual([
      [{ text: 'no sales meeting held yet; the first is on ' }, { date: day(10) }],
    ]);
  });

  it('give gaps that broke an established cadence as lengths, with their end dates', () => {
    // Weekly for 16 weeks, then two gaps of 20 days with a meeting between and after.
    const weekly = every(7, 16, '2026-01-05T15:00:00Z');
    const after = [meeting('g1', day(125)), meeting('g2', day(145)), meeting('g3', day(146))];
    const parts = stageParts([...weekly, ...after], day(147)).flat();
    const gaps = parts.filter((p): p is Extract<ReasonPart, { span: number }> => 'span' in p);
    expect(gaps).toEqual([
      { span: 20 * DAY, moreThan: 14 },
      { span: 20 * DAY, moreThan: 14 },
    ]);
    expect(parts.filter((p) => 'date' in p)).toEqual([{ date: day(125) }, { date: day(145) }]);
  });
});
