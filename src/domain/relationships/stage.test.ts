import { describe, expect, it } from 'vitest';
import {
  DAY,
  JANE,
  atDays,
  external,
  every,
  meeting,
  utc,
} from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';
import { STAGE_DEFINITIONS, STAGE_PRECEDENCE } from './definitions.js';
import { RELATIONSHIP_STAGES, type ExternalPerson } from './model.js';

// Mondays at 15:00 UTC from 5 January 2026; `every(14, 9, FIRST)` is days 0, 14, ... 112.
const FIRST = '2026-01-05T15:00:00Z';
const day = (n: number) => utc(FIRST) + n * DAY;
const HOUR = 3_600_000;
const SAM_CFO = external('sam@acme.com', { name: 'Sam Lee', title: 'CFO' });
const LEE_LEGAL = external('lee@acme.com', { title: 'Senior Legal Counsel' });
const VP = external('vic@acme.com', { title: 'VP Sales' });

const stagesOf = (history: { stage: string; since: number }[]) =>
  history.map((h) => [h.stage, new Date(h.since).toISOString()]);

describe('relationship stages', () => {
  it('defines every stage, in a precedence that names each once', () => {
    expect(Object.keys(STAGE_DEFINITIONS).sort()).toEqual([...RELATIONSHIP_STAGES].sort());
    expect([...STAGE_PRECEDENCE].sort()).toEqual([...RELATIONSHIP_STAGES].sort());
  });

  it('is new while the first sales meeting is less than 30 days old', () => {
    const result = analyseAccount('acc-1', every(7, 2, FIRST), day(10));
    expect(result.stage).toBe('new');
    expect(result.stageReasons[0]).toMatch(
      /first sales meeting 10 days ago \(2026-01-05\), 2 so far/,
    );
    expect(stagesOf(result.stageHistory)).toEqual([['new', '2026-01-05T15:00:00.000Z']]);
  });

  it('is developing past the first month until the cadence has lasted three months', () => {
    const result = analyseAccount('acc-1', every(14, 4, FIRST), day(50));
    expect(result.stage).toBe('developing');
    expect(result.stageReasons[0]).toMatch(
      /4 sales meetings on 4 days over 42 days; established needs/,
    );
    expect(stagesOf(result.stageHistory)).toEqual([
      ['new', '2026-01-05T15:00:00.000Z'],
      ['developing', '2026-02-04T15:00:00.000Z'],
    ]);
  });

  it('is established after a steady cadence over 90 days or more', () => {
    const result = analyseAccount('acc-1', every(14, 9, FIRST), utc('2026-05-01T00:00:00Z'));
    expect(result.stage).toBe('established');
    expect(result.stageReasons).toEqual([
      '9 sales meetings on 9 days over 112 days, a steady cadence of about every 14 days',
    ]);
    expect(result.cadenceDays).toBe(14);
    expect(stagesOf(result.stageHistory)).toEqual([
      ['new', '2026-01-05T15:00:00.000Z'],
      ['developing', '2026-02-04T15:00:00.000Z'],
      ['established', '2026-04-13T15:00:00.000Z'],
    ]);
  });

  describe('with one gap (issue 6: a steady cadence is robust to one-off gaps)', () => {
    // Weekly on Mondays for 20 weeks (days 0 to 140), three weeks without (a holiday: the next
    // meeting on day 161, an interval three times the usual), then weekly again.
    const weekly = (days: number[]) => atDays('m', FIRST, days);
    const upTo = (from: number, to: number) =>
      Array.from({ length: Math.floor((to - from) / 7) + 1 }, (_, i) => from + 7 * i);
    const oneGap = weekly([...upTo(0, 140), ...upTo(161, 189)]);

    it('is established again once the cadence resumed after a one-off gap', () => {
      const result = analyseAccount('acc-1', oneGap, day(190));
      expect(result.stage).toBe('established');
      expect(result.stageReasons).toEqual([
        '26 sales meetings on 26 days over 189 days, a steady cadence of about every 7 days, ' +
          'apart from a one-off 21-day gap that ended on 2026-06-15',
      ]);
      // At risk while the gap ran past 14 days, developing from the meeting that ended it until
      // two meeting days at the usual interval followed it, then established again: not
      // developing until the gap left the 90-day window (day 251).
      expect(stagesOf(result.stageHistory)).toEqual([
        ['new', '2026-01-05T15:00:00.000Z'],
        ['developing', '2026-02-04T15:00:00.000Z'],
        ['established', '2026-04-06T15:00:00.000Z'],
        ['at_risk', new Date(day(154) + 1).toISOString()],
        ['developing', new Date(day(161)).toISOString()],
        ['established', new Date(day(175)).toISOString()],
      ]);
      const later = analyseAccount('acc-1', weekly([...upTo(0, 140), ...upTo(161, 280)]), day(281));
      expect(later.stageHistory.slice(-1)).toEqual(result.stageHistory.slice(-1));
    });

    it('is developing after a gap until the cadence has resumed for two meeting days', () => {
      const result = analyseAccount('acc-1', oneGap, day(170));
      expect(result.stage).toBe('developing');
      expect(result.stageReasons).toEqual([
        '23 sales meetings on 23 days over 168 days; a 21-day gap ended on 2026-06-15, ' +
          'more than 2 times the usual 7-day interval, and 1 meeting day at the usual interval ' +
          'followed it; established again after 2',
      ]);
      expect(analyseAccount('acc-1', oneGap, day(162)).stageReasons[0]).toMatch(
        /ended on 2026-06-15, .* and no meeting day at the usual interval followed it yet; established again after 2$/,
      );
    });

    it('is not established with two gaps in the last 90 days', () => {
      const twoGaps = weekly([...upTo(0, 140), ...upTo(161, 175), ...upTo(196, 217)]);
      const result = analyseAccount('acc-1', twoGaps, day(218));
      expect(result.stage).toBe('developing');
      expect(result.stageReasons).toEqual([
        '28 sales meetings on 28 days over 217 days; gaps of 21 and 21 days ended on ' +
          '2026-06-15 and 2026-07-20, each more than 2 times the usual 7-day interval; ' +
          'established allows one in the last 90 days',
      ]);
      expect(stagesOf(result.stageHistory).slice(-3)).toEqual([
        ['established', new Date(day(175)).toISOString()],
        ['at_risk', new Date(day(189) + 1).toISOString()],
        ['developing', new Date(day(196)).toISOString()],
      ]);
      // The first gap leaves the 90-day window on day 251: one gap, long resumed, is left.
      const later = weekly([...upTo(0, 140), ...upTo(161, 175), ...upTo(196, 252)]);
      expect(stagesOf(analyseAccount('acc-1', later, day(253)).stageHistory).slice(-2)).toEqual([
        ['developing', new Date(day(196)).toISOString()],
        ['established', new Date(day(251)).toISOString()],
      ]);
    });

    it('is at risk while a gap longer than twice the usual interval runs, one-off or not', () => {
      const heldByThen = oneGap.filter((m) => m.start <= day(160));
      const result = analyseAccount('acc-1', heldByThen, day(160));
      expect(result.stage).toBe('at_risk');
      expect(result.stageReasons).toEqual([
        'no sales meeting for 20 days, more than 2 times the usual 7-day interval',
      ]);
      // With the meeting that ends the gap already booked (booked-meetings.test.ts): re-engaging.
      expect(analyseAccount('acc-1', oneGap, day(160))).toMatchObject({
        stage: 'developing',
        stageReasons: [
          'no sales meeting for 20 days, more than 2 times the usual 7-day interval, but one is booked for 2026-06-15',
        ],
      });
    });
  });

  it('is expanding when established and new, more senior people from new departments join', () => {
    const meetings = every(14, 9, FIRST, (i) => ({
      externalPeople: i >= 6 ? [JANE, SAM_CFO, LEE_LEGAL] : [JANE],
    }));
    const result = analyseAccount('acc-1', meetings, utc('2026-05-01T00:00:00Z'));
    expect(result.stage).toBe('expanding');
    expect(result.stageReasons.slice(1)).toEqual([
      '2 external people took part for the first time in the last 90 days',
      'more senior: a C-level joined (the most senior before was manager)',
      'new departments took part: legal, finance',
    ]);
    expect(result.stakeholderExpansion).toBe(true);
    expect(result.newStakeholdersLast90Days).toBe(2);
    expect(stagesOf(result.stageHistory).at(-1)).toEqual(['expanding', '2026-04-13T15:00:00.000Z']);
  });

  it('is at risk when the gap exceeds twice the usual interval, from the instant it does', () => {
    const meetings = every(14, 9, FIRST);
    const result = analyseAccount('acc-1', meetings, day(112 + 40));
    expect(result.stage).toBe('at_risk');
    expect(result.stageReasons).toEqual([
      'no sales meeting for 40 days, more than 2 times the usual 14-day interval',
    ]);
    expect(stagesOf(result.stageHistory).slice(-2)).toEqual([
      ['established', '2026-04-13T15:00:00.000Z'],
      ['at_risk', '2026-05-25T15:00:00.001Z'],
    ]);
  });

  it('dates a broken cadence from the last meeting of the last meeting day, whatever now', () => {
    // Weekly; on the last day (day 133) a debrief 6 hours after the first meeting. The gap runs
    // from the debrief, so it passes 14 days at day 147 plus 6 hours and a millisecond.
    const meetings = [
      ...every(7, 20, FIRST),
      meeting('debrief', day(133) + 6 * HOUR, { title: 'Acme debrief' }),
    ];
    const brokenAt = new Date(day(147) + 6 * HOUR + 1).toISOString();
    for (const now of [day(147) + 6 * HOUR + 1, day(147) + 7 * HOUR, day(153), day(193)]) {
      const result = analyseAccount('acc-1', meetings, now);
      expect(stagesOf(result.stageHistory).slice(-2)).toEqual([
        ['established', new Date(day(91)).toISOString()],
        ['at_risk', brokenAt],
      ]);
    }
  });

  it('is at risk when external declines rise over the last three meetings', () => {
    const meetings = every(7, 10, FIRST, (i) => ({
      externalPeople:
        i >= 7
          ? [
              { ...JANE, responseStatus: 'declined' },
              { ...SAM_CFO, responseStatus: 'declined' },
            ]
          : [JANE, SAM_CFO],
    }));
    const result = analyseAccount('acc-1', meetings, day(65));
    expect(result.stage).toBe('at_risk');
    // Declined by everyone, the last three were not held: the last held one was on day 42.
    expect(result.stageReasons).toEqual([
      'no sales meeting for 23 days, more than 2 times the usual 7-day interval',
      'external declines rising: 6 of 6 external invitations (100%) declined over the last 3 meetings, against 0% before',
    ]);
    expect(stagesOf(result.stageHistory).at(-1)).toEqual(['at_risk', '2026-03-02T15:00:00.000Z']);
  });

  it('pools the invitations of the last three meetings for declines rising', () => {
    // Weekly with Jane for 12 weeks, then three meetings whose invitations differ in number.
    const invite = (declined: number, accepted: number) => [
      ...Array.from({ length: declined }, (_, i) =>
        external(`d${i}@acme.com`, { responseStatus: 'declined' }),
      ),
      ...Array.from({ length: accepted }, (_, i) => external(`a${i}@acme.com`)),
    ];
    const withLastThree = (last: ExternalPerson[][]) =>
      every(7, 15, FIRST, (i) => ({ externalPeople: i < 12 ? [JANE] : (last[i - 12] ?? []) }));
    // 5 of 6, 0 of 1, 0 of 1: 5 of the 8 invitations declined (the shares average 28%).
    const pooledHigh = analyseAccount(
      'acc-1',
      withLastThree([invite(5, 1), invite(0, 1), invite(0, 1)]),
      day(99),
    );
    expect(pooledHigh.stage).toBe('at_risk');
    expect(pooledHigh.stageReasons).toEqual([
      'external declines rising: 5 of 8 external invitations (63%) declined over the last 3 meetings, against 0% before',
    ]);
    // 1 of 1, 0 of 4, 1 of 2: 2 of the 7 invitations declined (the shares average 50%).
    const pooledLow = analyseAccount(
      'acc-1',
      withLastThree([invite(1, 0), invite(0, 4), invite(1, 1)]),
      day(99),
    );
    // New people took part in them: expanding, not at risk.
    expect(pooledLow.stage).toBe('expanding');
    expect(pooledLow.stageHistory.map((h) => h.stage)).not.toContain('at_risk');
  });

  it('is at risk when the most senior attendee of the last 90 days ranks below the earlier one', () => {
    const meetings = every(14, 12, FIRST, (i) => ({
      externalPeople: i < 5 ? [JANE, VP] : [JANE],
    }));
    const result = analyseAccount('acc-1', meetings, day(156));
    expect(result.stage).toBe('at_risk');
    expect(result.stageReasons).toEqual([
      'seniority dropping: the most senior attendee of the last 90 days is a manager, down from a VP at two meetings or more of the 90 days before',
    ]);
    // The last meeting with the VP (day 56) leaves the 90-day window on day 146.
    expect(stagesOf(result.stageHistory).slice(-2)).toEqual([
      ['established', '2026-04-13T15:00:00.000Z'],
      ['at_risk', new Date(day(146)).toISOString()],
    ]);
  });

  it('does not hold a senior person seen at one meeting, or long ago, against a steady account', () => {
    // A kickoff with the CEO and the VP on 6 January 2025, then the VP alone every week.
    const CEO = external('ceo@acme.com', { title: 'CEO' });
    const meetings = every(7, 52, '2025-01-06T15:00:00Z', (i) => ({
      externalPeople: i === 0 ? [CEO, VP] : [VP],
    }));
    const result = analyseAccount('acc-1', meetings, utc('2025-12-30T12:00:00Z'));
    expect(result.stage).toBe('established');
    expect(result.stageHistory.map((h) => h.stage)).toEqual(['new', 'developing', 'established']);
  });

  it('stops holding a dropped seniority against the account once it is over 180 days old', () => {
    // The VP took part until day 56 (the earlier window of day 156); by day 240 the meetings
    // with the VP were all more than 180 days ago, and managers are what the account has.
    const meetings = every(14, 18, FIRST, (i) => ({
      externalPeople: i < 5 ? [JANE, VP] : [JANE],
    }));
    const result = analyseAccount('acc-1', meetings, day(240));
    expect(result.stage).toBe('established');
    // The VP's second-last meeting (day 42) leaves the earlier window on day 222.
    expect(stagesOf(result.stageHistory).slice(-2)).toEqual([
      ['at_risk', new Date(day(146)).toISOString()],
      ['established', new Date(day(222)).toISOString()],
    ]);
  });

  it('does not count a meeting every external person declined as held', () => {
    // Weekly; Jane took part in the first 6 meetings, then declined the next 14 invitations.
    const meetings = every(7, 20, FIRST, (i) => ({
      externalPeople: [{ ...JANE, responseStatus: i >= 6 ? 'declined' : 'accepted' }],
    }));
    const result = analyseAccount('acc-1', meetings, day(140));
    expect(result).toMatchObject({
      stage: 'dormant',
      meetings: 6,
      firstMeeting: day(0),
      lastMeeting: day(35),
      cadenceDays: 7,
    });
    expect(result.stageReasons).toEqual([
      'no sales meeting for 105 days (last on 2026-02-09); dormant after 90',
    ]);
    // Still on the timeline, and the declines still put the account at risk on their way.
    expect(result.timeline).toHaveLength(20);
    expect(result.stageHistory.map((h) => h.stage)).toEqual([
      'new',
      'developing',
      'at_risk',
      'dormant',
    ]);
  });

  it('is new with no meeting held yet when every external person declined so far', () => {
    const meetings = every(7, 2, FIRST, {
      externalPeople: [{ ...JANE, responseStatus: 'declined' }],
    });
    const result = analyseAccount('acc-1', meetings, day(10));
    expect(result).toMatchObject({ stage: 'new', meetings: 0, firstMeeting: null });
    expect(result.stageReasons).toEqual([
      'no sales meeting held yet: every external person declined the 2 so far',
    ]);
  });

  it('is dormant after 90 days without a meeting, with the way there in its history', () => {
    const result = analyseAccount('acc-1', every(14, 5, FIRST), day(56 + 100));
    expect(result.stage).toBe('dormant');
    expect(result.stageReasons).toEqual([
      'no sales meeting for 100 days (last on 2026-03-02); dormant after 90',
    ]);
    expect(stagesOf(result.stageHistory)).toEqual([
      ['new', '2026-01-05T15:00:00.000Z'],
      ['developing', '2026-02-04T15:00:00.000Z'],
      ['at_risk', '2026-03-30T15:00:00.001Z'],
      ['dormant', '2026-05-31T15:00:00.000Z'],
    ]);
  });

  it('gives the same history whatever the as-of instant once it is past', () => {
    const meetings = every(14, 5, FIRST);
    const early = analyseAccount('acc-1', meetings, day(100)).stageHistory;
    const late = analyseAccount('acc-1', meetings, day(400)).stageHistory;
    expect(late.slice(0, early.length)).toEqual(early);
  });

  it('says when an account has only upcoming sales meetings', () => {
    const result = analyseAccount('acc-1', every(7, 2, FIRST), day(-3));
    expect(result).toMatchObject({
      stage: 'new',
      meetings: 0,
      upcomingMeetings: 2,
      stageHistory: [],
    });
    expect(result.stageReasons).toEqual(['no sales meeting held yet; the first is on 2026-01-05']);
  });
});
