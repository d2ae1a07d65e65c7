import { describe, expect, it } from 'vitest';
import { formatDate } from '../../lib/format';
import { freshReason } from './relative-reasons';

const FIRST = '2026-11-21T09:00:00.000Z';
const LAST = '2026-10-01T15:00:00.000Z';
/** The server's analysis: 2026-11-27 at 03:47 UTC, six whole days after the first meeting. */
const facts = { firstMeeting: FIRST, lastMeeting: LAST, computedAt: '2026-11-27T03:47:00.000Z' };
const day = (instant: string) => formatDate(instant, 'UTC', 'en-GB');

describe('freshReason', () => {
  const NEW = 'first sales meeting 6 days ago (2026-11-21), 1 so far; new for 30 days';

  it('counts the days since the first meeting to today, not to the server’s analysis', () => {
    expect(freshReason(NEW, facts, '2026-11-28', 'UTC', 'en-GB')).toBe(
      `first sales meeting 7 days ago (${day(FIRST)}), 1 so far; new for 30 days`,
    );
    // The next day, without asking the server again.
    expect(freshReason(NEW, facts, '2026-11-29', 'UTC', 'en-GB')).toBe(
      `first sales meeting 8 days ago (${day(FIRST)}), 1 so far; new for 30 days`,
    );
  });

  it('counts calendar days in the profile’s zone', () => {
    // 09:00 UTC is 22:00 in Auckland on the 21st: the 28th there is seven days on.
    expect(freshReason(NEW, facts, '2026-11-28', 'Pacific/Auckland', 'en-GB')).toMatch(
      /^first sales meeting 7 days ago \(/,
    );
    // 09:00 UTC on the 21st is 23:00 on the 20th in Honolulu: the 21st there is a day on.
    expect(freshReason(NEW, facts, '2026-11-21', 'Pacific/Honolulu', 'en-GB')).toMatch(
      /^first sales meeting 1 day ago \(/,
    );
  });

  it('says "on" the day of the first meeting, as the server does', () => {
    const sameDay = 'first sales meeting on 2026-11-21, 1 so far; new for 30 days';
    expect(freshReason(sameDay, facts, '2026-11-21', 'UTC', 'en-GB')).toBe(
      `first sales meeting on ${day(FIRST)}, 1 so far; new for 30 days`,
    );
    expect(freshReason(sameDay, facts, '2026-11-23', 'UTC', 'en-GB')).toMatch(
      /^first sales meeting 2 days ago \(/,
    );
  });

  it('counts the days since the last meeting of a dormant or broken cadence', () => {
    const dormant = 'no sales meeting for 56 days (last on 2026-10-01); dormant after 90';
    expect(freshReason(dormant, facts, '2026-11-28', 'UTC', 'en-GB')).toBe(
      `no sales meeting for 58 days (last on ${day(LAST)}); dormant after 90`,
    );
    const broken = 'no sales meeting for 56 days, more than 2 times the usual 7-day interval';
    expect(freshReason(broken, facts, '2026-11-28', 'UTC', 'en-GB')).toBe(
      'no sales meeting for 58 days, more than 2 times the usual 7-day interval',
    );
  });

  it('counts the days since a relationship went quiet after its first meetings', () => {
    const one = 'one sales meeting, 56 days ago (2026-10-01), none since and none booked';
    expect(freshReason(one, facts, '2026-11-28', 'UTC', 'en-GB')).toBe(
      `one sales meeting, 58 days ago (${day(LAST)}), none since and none booked`,
    );
    const sameDay = '2 sales meetings on one day, 56 days ago (2026-10-01), none since';
    expect(freshReason(sameDay, facts, '2026-11-28', 'UTC', 'en-GB')).toBe(
      `2 sales meetings on one day, 58 days ago (${day(LAST)}), none since`,
    );
    const twoDays = '3 sales meetings on 2 days, the last 56 days ago (2026-10-01), none since';
    expect(freshReason(twoDays, facts, '2026-11-28', 'UTC', 'en-GB')).toBe(
      `3 sales meetings on 2 days, the last 58 days ago (${day(LAST)}), none since`,
    );
    const otherDay = 'one sales meeting, 57 days ago (2026-09-30), none since';
    expect(freshReason(otherDay, facts, '2026-11-28', 'UTC', 'en-GB')).toBe(otherDay);
  });

  it('leaves a reason alone when its meeting is not the one the API names, or it counts nothing', () => {
    const other = 'first sales meeting 6 days ago (2026-11-20), 1 so far; new for 30 days';
    expect(freshReason(other, facts, '2026-11-28', 'UTC')).toBe(other);
    const miscounted = 'no sales meeting for 12 days, more than 2 times the usual 3-day interval';
    expect(freshReason(miscounted, facts, '2026-11-28', 'UTC')).toBe(miscounted);
    const steady =
      '5 sales meetings on 5 days over 40 days, a steady cadence of about every 10 days';
    expect(freshReason(steady, facts, '2026-11-28', 'UTC')).toBe(steady);
    const noMeeting = { ...facts, firstMeeting: null, lastMeeting: null };
    expect(freshReason(NEW, noMeeting, '2026-11-28', 'UTC')).toBe(NEW);
  });
});
