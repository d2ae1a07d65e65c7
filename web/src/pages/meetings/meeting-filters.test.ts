import { describe, expect, it } from 'vitest';
import {
  meetingQueryOf,
  readMeetingFilters,
  shownRange,
  writeMeetingFilters,
} from './meeting-filters';

const wednesday = '2026-03-04';

describe('meeting filters', () => {
  it('defaults to this week, Monday to Sunday, whichever week today is in', () => {
    const filters = readMeetingFilters(new URLSearchParams(), wednesday);
    expect(filters).toEqual({ range: null, type: null, accountId: null, minConfidence: null });
    expect(shownRange(filters, wednesday)).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    // The next Monday, on a tab left open: the next week, as nothing pinned the dates.
    expect(shownRange(filters, '2026-03-09')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
  });

  it('keeps this week out of the address, so that choosing a type does not pin its dates', () => {
    const filters = readMeetingFilters(new URLSearchParams(), wednesday);
    expect(writeMeetingFilters({ ...filters, type: 'demo' }).toString()).toBe('type=demo');
  });

  it('reads back what it wrote, and drops values the API would refuse', () => {
    const filters = {
      range: { from: '2026-03-09', to: '2026-03-15' },
      type: 'follow_up' as const,
      accountId: 'acc_1',
      minConfidence: 0.7,
    };
    expect(readMeetingFilters(writeMeetingFilters(filters), wednesday)).toEqual(filters);
    const odd = readMeetingFilters(
      new URLSearchParams('type=party&confidence=7&from=soon&to=2026-03-20'),
      wednesday,
    );
    expect(odd.type).toBeNull();
    expect(odd.minConfidence).toBeNull();
    expect(odd.range).toEqual({ from: '2026-03-02', to: '2026-03-20' });
    expect(readMeetingFilters(new URLSearchParams('from=soon'), wednesday).range).toBeNull();
  });

  it('asks the API for whole local days, in the zone they are days of, and only the filters chosen', () => {
    const query = meetingQueryOf(
      readMeetingFilters(new URLSearchParams('type=demo'), wednesday),
      wednesday,
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
    );
    expect(meetingQueryOf(filters, wednesday, 'UTC')).toBeNull();
  });
});
