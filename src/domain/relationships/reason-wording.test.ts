/**
 * Reasons read as a salesperson would write them: each count agrees with its noun, and each
 * figure with the field that gives it.
 */
import { describe, expect, it } from 'vitest';
import { DAY, meeting, utc } from '../../../test/support/relationship-meetings.js';
import { analyseAccount } from './analyse.js';
import type { RelationshipMeeting } from './model.js';
import { summariseAccount } from './summary.js';
import { counted } from './text.js';

const FIRST = utc('2026-01-05T15:00:00Z');

/** Meetings after the intervals (in days) from FIRST: the first one, then one after each. */
function after(intervals: readonly number[]): RelationshipMeeting[] {
  let at = FIRST;
  const meetings = [meeting('m0', at)];
  intervals.forEach((days, i) => {
    at += days * DAY;
    meetings.push(meeting(`m${i + 1}`, at));
  });
  return meetings;
}

describe('reason wording', () => {
  it('counts one of a thing in the singular', () => {
    expect([counted(1, 'day'), counted(0, 'day'), counted(1.5, 'day')]).toEqual([
      '1 day',
      '0 days',
      '1.5 days',
    ]);
    expect(counted(1, 'external person', 'external people')).toBe('1 external person');
    const one = [meeting('m0', FIRST)];
    expect(analyseAccount('acc-1', one, FIRST + DAY).stageReasons).toEqual([
      'first sales meeting 1 day ago (2026-01-05), 1 so far; new for 30 days',
    ]);
    expect(analyseAccount('acc-1', one, FIRST + DAY / 24).stageReasons).toEqual([
      'first sales meeting on 2026-01-05, 1 so far; new for 30 days',
    ]);
    // One meeting a month ago and nothing since: gone quiet (booked-meetings.test.ts).
    const quiet = analyseAccount('acc-1', one, FIRST + 31 * DAY);
    expect(quiet.stageReasons).toEqual([
      'one sales meeting, 31 days ago (2026-01-05), none since and none booked',
    ]);
    expect(summariseAccount('acc-1', one, FIRST + 31 * DAY).stageReasons).toEqual(
      quiet.stageReasons,
    );
    const two = [...one, meeting('m1', FIRST + 20 * DAY)];
    expect(analyseAccount('acc-1', two, FIRST + 30 * DAY).stageReasons).toEqual([
      '2 sales meetings on 2 days over 20 days; established needs meetings on 4 days or more over 90 days or more',
    ]);
  });

  it('gives the cadence in the reasons as the cadenceDays field does, to a tenth of a day', () => {
    const accelerating = after([30, 25, 20, 15, 10, 7, 5, 4]);
    const last = (accelerating.at(-1) as RelationshipMeeting).start;
    const established = analyseAccount('acc-1', accelerating, last + DAY);
    expect(established.cadenceDays).toBe(12.5);
    expect(established.stageReasons[0]).toContain('a steady cadence of about every 12.5 days');
    const atRisk = analyseAccount('acc-1', after([10, 15, 10, 15, 10, 15]), FIRST + 140 * DAY);
    expect(atRisk.cadenceDays).toBe(12.5);
    expect(atRisk.stageReasons).toContain(
      'no sales meeting for 65 days, more than 2 times the usual 12.5-day interval',
    );
  });
});
