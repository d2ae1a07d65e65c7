import { describe, expect, it } from 'vitest';
import { meetingQueryOf, readMeetingFilters, writeMeetingFilters } from './meeting-filters';

const wednesday = Date.parse('2026-03-04T12:00:00Z');

describe('meeting filters', () => {
  it('defaults to this week, Monday to Sunday in the user zone', () => {
    const filters = readMeetingFilters(new URLSearchParams(), wednesday, 'Europe/Berlin');
    expect(filters).toEqual({
      range: { from: '2026-03-02', to: '2026-03-08' },
      type: null,
      accountId: null,
      minConfidence: null,
    });
  });

  it('reads back what it wrote, and drops values the API would refuse', () => {
    const filters = {
      range: { from: '2026-03-09', to: '2026-03-15' },
      type: 'follow_up' as const,
      accountId: 'acc_1',
      minConfidence: 0.7,
    };
    expect(readMeetingFilters(writeMeetingFilters(filters), wednesday, 'UTC')).toEqual(filters);
    const odd = readMeetingFilters(
      new URLSearchParams('type=party&confidence=7&from=soon'),
      wednesday,
      'UTC',
    );
    expect(odd.type).toBeNull();
    expect(odd.minConfidence).toBeNull();
    expect(odd.range.from).toBe('2026-03-02');
  });

  it('asks the API for whole local days, in the zone they are days of, and only the filters chosen', () => {
    const query = meetingQueryOf(
      readMeetingFilters(new URLSearchParams('type=demo'), wednesday, 'Europe/Berlin'),
      'Europe/Berlin',
    );
    // The zone, so that an all-day meeting counts by its dates there, not by its instants.
    expect(query).toEqual({
      from: '2026-03-01T23:00:00.000Z',
      to: '2026-03-08T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
      type: 'demo',
    });
  });

  it('asks nothing when From is after To', () => {
    const filters = readMeetingFilters(
      new URLSearchParams('from=2026-03-10&to=2026-03-01'),
      wednesday,
      'UTC',
    );
    expect(meetingQueryOf(filters, 'UTC')).toBeNull();
  });
});
