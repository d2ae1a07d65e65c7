/**
 * Booked sales meetings and the stage (definitions.ts BOOKED_HORIZON_DAYS, QUIET_DAYS): a
 * follow-up already in the calendar is contact, one meeting with nothing after it for a month is
 * going quiet, and the stage history is judged from the meetings held by each past instant.
 */
import { describe, expect, it } from 'vitest';
import {
  DAY,
  JANE,
  atDays,
  every,
  external,
  meeting,
  utc,
} from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';
import type { RelationshipMeeting } from './model.js';
import { summariseAccount } from './summary.js';

// Mondays at 15:00 UTC from 5 January 2026.
const FIRST = '2026-01-05T15:00:00Z';
const day = (n: number) => utc(FIRST) + n * DAY;
const HOUR = 3_600_000;
const SAM_CFO = external('sam@acme.com', { title: 'CFO' });

const stagesOf = (history: { stage: string; since: number }[]) =>
  history.map((h) => [h.stage, new Date(h.since).toISOString()]);

/** The account's stage and reasons, checked to be the summary's too. */
function stageAndReasons(meetings: readonly RelationshipMeeting[], now: number) {
  const full = analyseAccount('acc-1', meetings, now);
  const summary = summariseAccount('acc-1', meetings, now);
  expect([summary.stage, summary.stageReasons]).toEqual([full.stage, full.stageReasons]);
  return { stage: full.stage, reasons: full.stageReasons, full };
}

describe('a booked sales meeting', () => {
  // Fortnightly from 5 January to 2 March (days 0 to 56), then nothing for 130 days.
  const quiet = every(14, 5, FIRST);
  const followUp = (at: number, options = {}) => meeting('follow-up', at, options);

  it('keeps an account quiet for 130 days from dormant: it is re-engaging (developing)', () => {
    const { stage, reasons, full } = stageAndReasons([...quiet, followUp(day(189))], day(186));
    expect(stage).toBe('developing');
    expect(reasons).toEqual([
      'no sales meeting for 130 days (last on 2026-03-02), but one is booked for 2026-07-13',
    ]);
    expect(full).toMatchObject({ upcomingMeetings: 1, nextMeeting: day(189) });
    // The history before now is what the held meetings gave (nobody knows when the follow-up
    // was booked); the booking changes the stage now.
    const unbooked = analyseAccount('acc-1', quiet, day(186)).stageHistory;
    expect(stagesOf(unbooked)).toEqual([
      ['new', '2026-01-05T15:00:00.000Z'],
      ['developing', '2026-02-04T15:00:00.000Z'],
      ['at_risk', '2026-03-30T15:00:00.001Z'],
      ['dormant', '2026-05-31T15:00:00.000Z'],
    ]);
    expect(full.stageHistory.slice(0, -1)).toEqual(unbooked);
    expect(stagesOf(full.stageHistory.slice(-1))).toEqual([
      ['developing', new Date(day(186)).toISOString()],
    ]);
  });

  it('does not count when it is more than 30 days ahead, cancelled, or declined by the account', () => {
    const far = stageAndReasons([...quiet, followUp(day(231))], day(186));
    expect(far.stage).toBe('dormant');
    expect(far.reasons).toEqual([
      'no sales meeting for 130 days (last on 2026-03-02); dormant after 90; the next one booked is not until 2026-08-24, more than 30 days ahead',
    ]);
    const declined = followUp(day(189), {
      externalPeople: [{ ...JANE, responseStatus: 'declined' }],
    });
    const cancelled = followUp(day(189), { status: 'cancelled' });
    for (const booked of [declined, cancelled])
      expect(stageAndReasons([...quiet, booked], day(186)).reasons).toEqual([
        'no sales meeting for 130 days (last on 2026-03-02); dormant after 90',
      ]);
  });

  it('bridges a broken cadence: a weekly account 15 days quiet with its next meeting booked', () => {
    // Weekly from 5 January to 18 May (day 133); now 2 June, three meetings booked from 4 June.
    const weekly = every(7, 20, FIRST);
    const booked = atDays('b', FIRST, [150, 157, 164]);
    const { stage, reasons, full } = stageAndReasons([...weekly, ...booked], day(148));
    expect(stage).toBe('developing');
    expect(reasons).toEqual([
      'no sales meeting for 15 days, more than 2 times the usual 7-day interval, but one is booked for 2026-06-04',
    ]);
    expect(stagesOf(full.stageHistory).slice(-3)).toEqual([
      ['established', new Date(day(91)).toISOString()],
      ['at_risk', new Date(day(147) + 1).toISOString()],
      ['developing', new Date(day(148)).toISOString()],
    ]);
    // Nothing booked: at risk, as before.
    expect(stageAndReasons(weekly, day(148))).toMatchObject({
      stage: 'at_risk',
      reasons: ['no sales meeting for 15 days, more than 2 times the usual 7-day interval'],
    });
  });

  it('does not keep declines rising from putting the account at risk', () => {
    // Weekly with Jane and Sam; both declined the meetings of days 49, 56 and 63; a meeting
    // Jane accepted is booked for 14 March (day 68).
    const meetings = every(7, 10, FIRST, (i) => ({
      externalPeople:
        i >= 7
          ? [
              { ...JANE, responseStatus: 'declined' },
              { ...SAM_CFO, responseStatus: 'declined' },
            ]
          : [JANE, SAM_CFO],
    }));
    const { stage, reasons } = stageAndReasons([...meetings, followUp(day(68))], day(65));
    expect(stage).toBe('at_risk');
    expect(reasons).toEqual([
      'no sales meeting for 23 days, more than 2 times the usual 7-day interval, but one is booked for 2026-03-14',
      'external declines rising: 6 of 6 external invitations (100%) declined over the last 3 meetings, against 0% before',
    ]);
  });
});

describe('going quiet after first contact', () => {
  const one = [meeting('m1', day(0))];

  it('is at risk a month after a single meeting with none since and none booked', () => {
    const { stage, reasons, full } = stageAndReasons(one, day(33));
    expect(stage).toBe('at_risk');
    expect(reasons).toEqual([
      'one sales meeting, 33 days ago (2026-01-05), none since and none booked',
    ]);
    // Straight from new: no day of "developing" because 30 days passed.
    expect(stagesOf(full.stageHistory)).toEqual([
      ['new', '2026-01-05T15:00:00.000Z'],
      ['at_risk', '2026-02-04T15:00:00.000Z'],
    ]);
    expect(stageAndReasons(one, day(100)).stage).toBe('dormant');
  });

  it('is re-engaging (developing) when a second meeting is booked', () => {
    const { stage, reasons } = stageAndReasons([...one, meeting('m2', day(40))], day(33));
    expect(stage).toBe('developing');
    expect(reasons).toEqual([
      'one sales meeting, 33 days ago (2026-01-05), none since, but one is booked for 2026-02-14',
    ]);
  });

  it('counts from the meeting day: two meetings the same day go quiet together', () => {
    const sameDay = [...one, meeting('debrief', day(0) + 6 * HOUR)];
    const { stage, reasons, full } = stageAndReasons(sameDay, day(30));
    expect(stage).toBe('at_risk');
    expect(reasons).toEqual([
      '2 sales meetings on one day, 30 days ago (2026-01-05), none since and none booked',
    ]);
    expect(full.stageHistory.map((h) => h.stage)).toEqual(['new', 'at_risk']);
  });

  it('is developing with two meeting days until a month passes after the second', () => {
    const two = atDays('m', FIRST, [0, 20]);
    expect(stageAndReasons(two, day(45)).stage).toBe('developing');
    const { stage, reasons, full } = stageAndReasons(two, day(51));
    expect(stage).toBe('at_risk');
    expect(reasons).toEqual([
      '2 sales meetings on 2 days, the last 31 days ago (2026-01-25), none since and none booked',
    ]);
    expect(stagesOf(full.stageHistory)).toEqual([
      ['new', '2026-01-05T15:00:00.000Z'],
      ['developing', '2026-02-04T15:00:00.000Z'],
      ['at_risk', '2026-02-24T15:00:00.000Z'],
    ]);
  });
});
