import { describe, expect, it } from 'vitest';
import { groupByDay } from '../../lib/dates';
import { meetingDateTimeAttribute, meetingSortStart, meetingWhen } from './meeting-days';
import { meeting } from './test-meeting';

/** An all-day meeting on 27 Nov 2026 written without a zone: stored at UTC midnight. */
const allDay = meeting({
  start: '2026-11-27T00:00:00.000Z',
  end: '2026-11-28T00:00:00.000Z',
  allDay: true,
  startDate: '2026-11-27',
  endDate: '2026-11-28',
});

describe('meeting days', () => {
  it('shows an all-day meeting as all day on its own date, west of UTC too', () => {
    for (const zone of ['America/New_York', 'UTC', 'Asia/Tokyo'])
      expect(meetingWhen(allDay, zone, 'en-GB')).toBe('All day, Fri, 27 Nov 2026');
    expect(meetingDateTimeAttribute(allDay)).toBe('2026-11-27');
  });

  it('names the last day of an all-day meeting over several days', () => {
    const offsite = { ...allDay, end: '2026-11-30T00:00:00.000Z', endDate: '2026-11-30' };
    expect(meetingWhen(offsite, 'America/New_York', 'en-GB')).toBe(
      'All day, Fri, 27 Nov 2026 – Sun, 29 Nov 2026',
    );
  });

  it('groups an all-day meeting under its date, before the timed meetings of that day', () => {
    const call = meeting({ id: 'm2', start: '2026-11-27T14:00:00Z', end: '2026-11-27T15:00:00Z' });
    const zone = 'America/New_York';
    const days = groupByDay([call, allDay], (m) => meetingSortStart(m, zone), zone);
    expect(days.map((d) => d.date)).toEqual(['2026-11-27']);
    expect(days[0]?.items.map((m) => m.id)).toEqual([allDay.id, 'm2']);
  });

  it('shows a timed meeting by its instants', () => {
    const call = meeting();
    expect(meetingSortStart(call, 'America/New_York')).toBe(call.start);
    expect(meetingWhen(call, 'UTC', 'en-GB')).toBe('Mon, 2 Mar 2026, 09:00–10:00');
  });
});
