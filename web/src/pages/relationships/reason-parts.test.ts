import { describe, expect, it } from 'vitest';
import type { ReasonPart } from '../../api/relationships';
import { calendarDaysSince, writeReason } from './reason-parts';

const at = Date.parse;
const write = (parts: ReasonPart[], now: string, timeZone: string) =>
  writeReason(parts, { now: at(now), timeZone, locale: 'en-GB' });

const dormant = (last: string): ReasonPart[] => [
  { text: 'no sales meeting for ' },
  { daysSince: last },
  { text: ' (last on ' },
  { date: last },
  { text: '); dormant after 90' },
];
const first = (meeting: string, until?: string): ReasonPart[] => [
  { text: 'first sales meeting ' },
  until === undefined ? { daysAgo: meeting } : { daysAgo: meeting, until },
  { text: ', 3 so far; new for 30 days' },
];

describe('writeReason', () => {
  it('counts the days beside a date as the viewer’s calendar does, not in 24-hour periods', () => {
    // 32 days and 18 hours: 32 whole periods, but 26 October is 33 days before 28 November.
    expect(write(first('2026-10-26T15:00:00Z'), '2026-11-28T09:49:00Z', 'UTC')).toBe(
      'first sales meeting 33 days ago (Mon, 26 Oct 2026), 3 so far; new for 30 days',
    );
  });

  it('moves the count on at midnight in the viewer’s zone, where the date beside it changes', () => {
    // 23:30 on Friday 20 November in Berlin; 22:30 in UTC.
    const last = '2026-11-20T22:30:00Z';
    expect(write(dormant(last), '2026-11-21T22:59:00Z', 'Europe/Berlin')).toBe(
      'no sales meeting for 1 day (last on Fri, 20 Nov 2026); dormant after 90',
    );
    expect(write(dormant(last), '2026-11-21T23:00:00Z', 'Europe/Berlin')).toBe(
      'no sales meeting for 2 days (last on Fri, 20 Nov 2026); dormant after 90',
    );
    // In UTC it is still 21 November then.
    expect(write(dormant(last), '2026-11-21T23:00:00Z', 'UTC')).toBe(
      'no sales meeting for 1 day (last on Fri, 20 Nov 2026); dormant after 90',
    );
    // 23:30 UTC on 20 November is already Saturday in Berlin: the date and the count agree.
    const late = '2026-11-20T23:30:00Z';
    expect(write(dormant(late), '2026-11-21T12:00:00Z', 'Europe/Berlin')).toBe(
      'no sales meeting for 0 days (last on Sat, 21 Nov 2026); dormant after 90',
    );
  });

  it('moves on at local midnight across a change to summer time', () => {
    // New York: 00:30 EST on Saturday 7 March; clocks go forward at 02:00 on Sunday 8 March.
    const meeting = '2026-03-07T05:30:00Z';
    const zone = 'America/New_York';
    expect(write(first(meeting), '2026-03-08T04:59:00Z', zone)).toBe(
      'first sales meeting on Sat, 7 Mar 2026, 3 so far; new for 30 days',
    );
    expect(write(first(meeting), '2026-03-08T05:00:00Z', zone)).toMatch(/ 1 day ago /);
    // Local midnight of 9 March is 04:00 UTC (EDT), an hour earlier than the day before.
    expect(write(first(meeting), '2026-03-09T03:59:00Z', zone)).toMatch(/ 1 day ago /);
    expect(write(first(meeting), '2026-03-09T04:00:00Z', zone)).toMatch(/ 2 days ago /);
  });

  it('never counts fewer days than the thresholds’ 24-hour periods, after clocks go back', () => {
    // Berlin, 00:30 CEST on 28 July; 90 × 24 hours later it is 23:30 CET on 25 October, 89
    // calendar days on: the account is dormant, and the count does not say 89.
    const last = '2026-07-27T22:30:00Z';
    const now = '2026-10-25T22:30:00Z';
    expect(calendarDaysSince(at(last), at(now), 'Europe/Berlin')).toBe(90);
    expect(write(dormant(last), now, 'Europe/Berlin')).toBe(
      'no sales meeting for 90 days (last on Tue, 28 Jul 2026); dormant after 90',
    );
  });

  it('counts a new account’s days no later than just before it stops being new', () => {
    const meeting = '2026-10-29T15:00:00Z';
    const until = '2026-11-28T15:00:00Z';
    expect(write(first(meeting, until), '2026-11-28T10:00:00Z', 'UTC')).toMatch(/ 30 days ago /);
    // A page open past the end of new, before the next analysis, does not count on.
    expect(write(first(meeting, until), '2026-12-03T10:00:00Z', 'UTC')).toMatch(/ 30 days ago /);
  });

  it('writes a count compared with a threshold so that it exceeds the figure its words give', () => {
    const gap = (days: number): ReasonPart[] => [
      { text: 'a ' },
      { days, moreThan: 14 },
      { text: '-day gap, more than 2 times the usual 7-day interval' },
    ];
    expect(write(gap(20.6), '2026-01-01T00:00:00Z', 'UTC')).toBe(
      'a 20-day gap, more than 2 times the usual 7-day interval',
    );
    expect(write(gap(14.04), '2026-01-01T00:00:00Z', 'UTC')).toBe(
      'a 14.1-day gap, more than 2 times the usual 7-day interval',
    );
    const none: ReasonPart[] = [
      { text: 'no sales meeting for ' },
      { elapsedSince: '2026-01-01T00:00:00Z', moreThan: 14 },
    ];
    expect(write(none, '2026-01-15T06:00:00Z', 'UTC')).toBe('no sales meeting for 14.3 days');
    // Whole 24-hour periods otherwise, whatever the calendar says.
    expect(write(none, '2026-01-16T23:00:00Z', 'Pacific/Kiritimati')).toBe(
      'no sales meeting for 15 days',
    );
  });

  it('counts a broken cadence no later than just before the lapse ended', () => {
    const none: ReasonPart[] = [
      { text: 'no sales meeting for ' },
      // Met again on 4 May: read in November, the count stops there.
      { elapsedSince: '2026-03-02T15:00:00Z', moreThan: 14, until: '2026-05-04T15:00:00Z' },
    ];
    expect(write(none, '2026-11-02T12:00:00Z', 'UTC')).toBe('no sales meeting for 62 days');
    expect(write(none, '2026-03-20T15:00:00Z', 'UTC')).toBe('no sales meeting for 18 days');
  });
});
