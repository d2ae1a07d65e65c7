import { describe, expect, it } from 'vitest';
import {
  activePreset,
  meetingQueryOf,
  openRangeNote,
  readMeetingFilters,
  SEARCH_MAX_LENGTH,
  searchText,
  shownRange,
  writeMeetingFilters,
} from './meeting-filters';

const wednesday = '2026-03-04';

describe('meeting filters', () => {
  it('defaults to this week, Monday to Sunday, whichever week today is in', () => {
    const filters = readMeetingFilters(new URLSearchParams(), wednesday);
    expect(filters).toEqual({
      range: null,
      type: null,
      accountId: null,
      minConfidence: null,
      q: null,
    });
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
      q: 'acme corp',
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

describe('a date cleared', () => {
  it('is no bound on its side, in the address and in the query', () => {
    const filters = readMeetingFilters(new URLSearchParams('from=&to=2026-03-20'), wednesday);
    expect(filters.range).toEqual({ from: null, to: '2026-03-20' });
    expect(writeMeetingFilters(filters).toString()).toBe('from=&to=2026-03-20');
    expect(meetingQueryOf(filters, wednesday, 'UTC')).toEqual({
      to: '2026-03-21T00:00:00.000Z',
      timeZone: 'UTC',
    });
  });

  it('keeps this week on the side not given, and every date when both are cleared', () => {
    expect(readMeetingFilters(new URLSearchParams('to='), wednesday).range).toEqual({
      from: '2026-03-02',
      to: null,
    });
    const all = readMeetingFilters(new URLSearchParams('from=&to='), wednesday);
    expect(all.range).toEqual({ from: null, to: null });
    expect(meetingQueryOf(all, wednesday, 'UTC')).toEqual({ timeZone: 'UTC' });
  });

  it('is said in words, which the empty field cannot', () => {
    expect(openRangeNote({ from: '2026-03-02', to: '2026-03-08' })).toBeNull();
    // ICU versions differ on a comma after the weekday.
    expect(openRangeNote({ from: null, to: '2026-03-08' }, 'en-GB')).toMatch(
      /^No start date: meetings up to Sunday,? 8 March 2026\.$/,
    );
    expect(openRangeNote({ from: '2026-03-02', to: null }, 'en-GB')).toMatch(
      /^No end date: meetings from Monday,? 2 March 2026 on\.$/,
    );
    expect(openRangeNote({ from: null, to: null })).toBe(
      'No start or end date: meetings of every date.',
    );
  });
});

describe('search', () => {
  it('is trimmed, at most as long as the API takes, and none when blank', () => {
    const read = (q: string) => readMeetingFilters(new URLSearchParams({ q }), wednesday).q;
    expect(read('  acme ')).toBe('acme');
    expect(read('   ')).toBeNull();
    expect(read('x'.repeat(250))).toHaveLength(SEARCH_MAX_LENGTH);
    expect(searchText(` ${'y'.repeat(199)} z`)).toBe('y'.repeat(199));
  });

  it('goes to the API with the other filters', () => {
    const filters = readMeetingFilters(new URLSearchParams('q=Globex'), wednesday);
    expect(meetingQueryOf(filters, wednesday, 'UTC')).toMatchObject({ q: 'Globex' });
    expect(writeMeetingFilters(filters).toString()).toBe('q=Globex');
  });
});

describe('activePreset', () => {
  const read = (query: string) => readMeetingFilters(new URLSearchParams(query), wednesday);

  it("is today when today's date is both From and To", () => {
    expect(activePreset(read(`from=${wednesday}&to=${wednesday}`), wednesday)).toBe('today');
  });

  it('is this week by default and when its dates are chosen', () => {
    expect(activePreset(read(''), wednesday)).toBe('this-week');
    expect(activePreset(read('from=2026-03-02&to=2026-03-08'), wednesday)).toBe('this-week');
  });

  it("is next week when next week's dates are shown", () => {
    expect(activePreset(read('from=2026-03-09&to=2026-03-15'), wednesday)).toBe('next-week');
  });

  it('is none for other dates, or a bound cleared', () => {
    expect(activePreset(read('from=2026-03-02&to=2026-03-09'), wednesday)).toBeNull();
    expect(activePreset(read('from=&to=2026-03-08'), wednesday)).toBeNull();
  });
});
