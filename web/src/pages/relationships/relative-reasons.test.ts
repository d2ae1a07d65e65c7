import { describe, expect, it } from 'vitest';
import { formatDate } from '../../lib/format';
import { freshReason, writeDates, writeHistoryDates } from './relative-reasons';

const FIRST = '2026-11-21T09:00:00.000Z';
const LAST = '2026-10-01T15:00:00.000Z';
const NEXT = '2026-12-01T23:30:00.000Z';
/**
 * The server's analysis: 2026-11-27 at 03:47 UTC, five whole days (24-hour periods) after the
 * first meeting and 56 after the last.
 */
const facts = {
  firstMeeting: FIRST,
  lastMeeting: LAST,
  nextMeeting: NEXT,
  computedAt: '2026-11-27T03:47:00.000Z',
};
const day = (instant: string) => formatDate(instant, 'UTC', 'en-GB');
const at = (instant: string) => Date.parse(instant);

describe('freshReason', () => {
  const NEW = 'first sales meeting 5 days ago (2026-11-21), 1 so far; new for 30 days';

  it('counts whole 24-hour periods from the first meeting to now, as the server does', () => {
    // Six calendar days on, but not yet six whole days: 08:59 is before the meeting's 09:00.
    expect(freshReason(NEW, facts, at('2026-11-27T08:59:00Z'), 'UTC', 'en-GB')).toBe(
      `first sales meeting 5 days ago (${day(FIRST)}), 1 so far; new for 30 days`,
    );
    expect(freshReason(NEW, facts, at('2026-11-27T09:00:00Z'), 'UTC', 'en-GB')).toBe(
      `first sales meeting 6 days ago (${day(FIRST)}), 1 so far; new for 30 days`,
    );
  });

  it('says 29 days on the 30th calendar day before the meeting’s time, beside a `new` badge', () => {
    // The server's stage is `new` while fewer than 30 whole days have passed.
    expect(freshReason(NEW, facts, at('2026-12-21T08:00:00Z'), 'UTC', 'en-GB')).toMatch(
      /^first sales meeting 29 days ago \(/,
    );
  });

  it('counts the same in every zone, and writes the date in the profile’s', () => {
    const late = { ...facts, firstMeeting: '2026-11-21T15:00:00.000Z' };
    const now = at('2026-11-28T14:00:00Z');
    // 15:00 UTC on the 21st is 04:00 on the 22nd in Auckland, and 05:00 on the 21st in Honolulu.
    expect(freshReason(NEW, late, now, 'Pacific/Auckland', 'en-GB')).toBe(
      'first sales meeting 6 days ago (Sun, 22 Nov 2026), 1 so far; new for 30 days',
    );
    expect(freshReason(NEW, late, now, 'Pacific/Honolulu', 'en-GB')).toBe(
      'first sales meeting 6 days ago (Sat, 21 Nov 2026), 1 so far; new for 30 days',
    );
  });

  it('says "on" the day of the first meeting, until a whole day has passed', () => {
    const sameDay = 'first sales meeting on 2026-11-21, 1 so far; new for 30 days';
    expect(freshReason(sameDay, facts, at('2026-11-22T08:00:00Z'), 'UTC', 'en-GB')).toBe(
      `first sales meeting on ${day(FIRST)}, 1 so far; new for 30 days`,
    );
    expect(freshReason(sameDay, facts, at('2026-11-23T10:00:00Z'), 'UTC', 'en-GB')).toMatch(
      /^first sales meeting 2 days ago \(/,
    );
  });

  it('counts the days since the last meeting of a dormant or broken cadence', () => {
    const now = at('2026-11-28T12:00:00Z');
    const dormant = 'no sales meeting for 56 days (last on 2026-10-01); dormant after 90';
    expect(freshReason(dormant, facts, now, 'UTC', 'en-GB')).toBe(
      `no sales meeting for 57 days (last on ${day(LAST)}); dormant after 90`,
    );
    const broken = 'no sales meeting for 56 days, more than 2 times the usual 7-day interval';
    expect(freshReason(broken, facts, now, 'UTC', 'en-GB')).toBe(
      'no sales meeting for 57 days, more than 2 times the usual 7-day interval',
    );
  });

  it('writes every date of a reason it rewrites in the dashboard’s format', () => {
    const now = at('2026-11-28T12:00:00Z');
    const booked =
      'no sales meeting for 56 days (last on 2026-10-01), but one is booked for 2026-12-01';
    expect(freshReason(booked, facts, now, 'UTC', 'en-GB')).toBe(
      `no sales meeting for 57 days (last on ${day(LAST)}), but one is booked for ${day(NEXT)}`,
    );
    // 23:30 UTC on 1 December is the 2nd in Berlin: the date of the meeting there.
    expect(freshReason(booked, facts, now, 'Europe/Berlin', 'en-GB')).toMatch(
      /but one is booked for Wed, 2 Dec 2026$/,
    );
  });

  it('counts the days since a relationship went quiet after its first meetings', () => {
    const now = at('2026-11-28T12:00:00Z');
    const one = 'one sales meeting, 56 days ago (2026-10-01), none since and none booked';
    const single = { ...facts, firstMeeting: LAST };
    expect(freshReason(one, single, now, 'UTC', 'en-GB')).toBe(
      `one sales meeting, 57 days ago (${day(LAST)}), none since and none booked`,
    );
    // Several on one day count from the first of them.
    const sameDay = '2 sales meetings on one day, 56 days ago (2026-10-01), none since';
    const pair = { ...facts, firstMeeting: '2026-10-01T06:00:00.000Z', lastMeeting: LAST };
    expect(freshReason(sameDay, pair, at('2026-11-28T07:00:00Z'), 'UTC', 'en-GB')).toBe(
      `2 sales meetings on one day, 58 days ago (${day(LAST)}), none since`,
    );
    const otherDay = 'one sales meeting, 57 days ago (2026-09-30), none since';
    expect(freshReason(otherDay, single, now, 'UTC', 'en-GB')).toBe(
      `one sales meeting, 57 days ago (${day('2026-09-30T12:00:00Z')}), none since`,
    );
  });

  it('counts a quiet spell of several days only when its start cannot change the count', () => {
    // The last touchpoint began at the last meeting or up to 12 hours before it: between 03:00
    // and 15:00 each day the count depends on which, and the server's words stay.
    const twoDays = '3 sales meetings on 2 days, the last 56 days ago (2026-10-01), none since';
    expect(freshReason(twoDays, facts, at('2026-11-28T16:00:00Z'), 'UTC', 'en-GB')).toBe(
      `3 sales meetings on 2 days, the last 58 days ago (${day(LAST)}), none since`,
    );
    expect(freshReason(twoDays, facts, at('2026-11-28T12:00:00Z'), 'UTC', 'en-GB')).toBe(
      `3 sales meetings on 2 days, the last 56 days ago (${day(LAST)}), none since`,
    );
  });

  it('leaves a reason alone when its meeting is not the one the API names, or it counts nothing', () => {
    const now = at('2026-11-28T12:00:00Z');
    const other = 'first sales meeting 6 days ago (2026-11-20), 1 so far; new for 30 days';
    expect(freshReason(other, facts, now, 'Europe/Berlin')).toBe(other);
    const miscounted = 'no sales meeting for 12 days, more than 2 times the usual 3-day interval';
    expect(freshReason(miscounted, facts, now, 'UTC')).toBe(miscounted);
    const steady =
      '5 sales meetings on 5 days over 40 days, a steady cadence of about every 10 days';
    expect(freshReason(steady, facts, now, 'UTC')).toBe(steady);
    const noMeeting = { ...facts, firstMeeting: null, lastMeeting: null, nextMeeting: null };
    expect(freshReason(NEW, noMeeting, now, 'Europe/Berlin')).toBe(NEW);
  });
});

describe('writeDates', () => {
  it('writes a known meeting’s date in the profile’s zone, another only where that is UTC', () => {
    const text = 'the next one booked is not until 2026-12-01; seen 2026-05-04; id 12026-01-01';
    expect(writeDates(text, facts, 'Europe/Berlin', 'en-GB')).toBe(
      'the next one booked is not until Wed, 2 Dec 2026; seen 2026-05-04; id 12026-01-01',
    );
    expect(writeDates(text, facts, 'UTC', 'en-GB')).toBe(
      `the next one booked is not until ${day(NEXT)}; seen Mon, 4 May 2026; id 12026-01-01`,
    );
  });
});

describe('writeHistoryDates', () => {
  // The account's meetings: 15:00 UTC on 7 Sep is the 8th in Auckland; two on 20 Aug, at 09:00
  // and 15:00 UTC, are on the 20th in Berlin; two on 25 Aug, at 01:00 and 23:00 UTC, fall on the
  // 24th and the 25th in New York.
  const meetings = [
    '2026-08-20T09:00:00.000Z',
    '2026-08-20T15:00:00.000Z',
    '2026-08-25T01:00:00.000Z',
    '2026-08-25T23:00:00.000Z',
    '2026-09-07T15:00:00.000Z',
  ];

  it('writes each date of a meeting as the dashboard does, without counting its days again', () => {
    expect(
      writeHistoryDates('first sales meeting on 2026-09-07, 1 so far', meetings, 'UTC', 'en-GB'),
    ).toBe('first sales meeting on Mon, 7 Sept 2026, 1 so far');
    expect(
      writeHistoryDates(
        'one sales meeting, 30 days ago (2026-09-07), none since',
        meetings,
        'Pacific/Auckland',
        'en-GB',
      ),
    ).toBe('one sales meeting, 30 days ago (Tue, 8 Sept 2026), none since');
  });

  it('writes a day whose meetings all fall on one day in the profile’s zone', () => {
    expect(writeHistoryDates('last on 2026-08-20', meetings, 'Europe/Berlin', 'en-GB')).toBe(
      'last on Thu, 20 Aug 2026',
    );
  });

  it('keeps a date whose meetings fall on two days there, or of no meeting, outside UTC', () => {
    expect(writeHistoryDates('last on 2026-08-25', meetings, 'America/New_York', 'en-GB')).toBe(
      'last on 2026-08-25',
    );
    expect(writeHistoryDates('gap ended on 2026-06-01', meetings, 'Asia/Tokyo', 'en-GB')).toBe(
      'gap ended on 2026-06-01',
    );
    expect(writeHistoryDates('gap ended on 2026-06-01', meetings, 'UTC', 'en-GB')).toBe(
      'gap ended on Mon, 1 Jun 2026',
    );
  });
});
