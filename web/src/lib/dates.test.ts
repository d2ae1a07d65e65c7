import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysFrom,
  daysRange,
  groupByDay,
  isLocalDate,
  localDateOf,
  mondayOf,
  msUntilNextDay,
  rangeInstants,
  resolveTimeZone,
  startOfDay,
  weekOf,
  weekRange,
} from './dates';

describe('local dates', () => {
  it('knows a real date from a malformed or impossible one', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-2-1')).toBe(false);
    expect(isLocalDate('')).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2025-12-29', 7)).toBe('2026-01-05');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('finds the Monday of a week, Sunday belonging to the week before', () => {
    expect(mondayOf('2026-03-04')).toBe('2026-03-02'); // a Wednesday
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02'); // a Sunday
  });
});

describe('instants in a time zone', () => {
  it('reads the calendar date of an instant in the zone, not in UTC', () => {
    const instant = Date.parse('2026-03-02T23:30:00Z');
    expect(localDateOf(instant, 'UTC')).toBe('2026-03-02');
    expect(localDateOf(instant, 'Europe/Berlin')).toBe('2026-03-03');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-03-02');
    expect(localDateOf('2026-03-02T20:00:00Z', 'Asia/Kolkata')).toBe('2026-03-03');
  });

  it('finds local midnight, with and without daylight saving', () => {
    expect(new Date(startOfDay('2026-01-15', 'Europe/Berlin')).toISOString()).toBe(
      '2026-01-14T23:00:00.000Z',
    );
    expect(new Date(startOfDay('2026-07-15', 'Europe/Berlin')).toISOString()).toBe(
      '2026-07-14T22:00:00.000Z',
    );
    expect(new Date(startOfDay('2026-03-29', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(new Date(startOfDay('2026-03-30', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(new Date(startOfDay('2026-11-01', 'America/New_York')).toISOString()).toBe(
      '2026-11-01T04:00:00.000Z',
    );
    expect(new Date(startOfDay('2026-03-02', 'Asia/Kolkata')).toISOString()).toBe(
      '2026-03-01T18:30:00.000Z',
    );
  });

  it('gives the first instant that exists when midnight is skipped', () => {
    // Santiago moved clocks from 24:00 to 01:00 on 2022-09-11.
    const start = startOfDay('2022-09-11', 'America/Santiago');
    expect(localDateOf(start, 'America/Santiago')).toBe('2022-09-11');
    expect(localDateOf(start - 1, 'America/Santiago')).toBe('2022-09-10');
  });
});

describe('week and day ranges', () => {
  it('is Monday to Sunday of the week the user is in, in their zone', () => {
    // Sunday 22:30 UTC is already Monday in Berlin: the next week there.
    const sundayNight = Date.parse('2026-03-08T23:30:00Z');
    expect(weekRange(sundayNight, 'UTC')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(weekRange(sundayNight, 'Europe/Berlin')).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(weekRange(sundayNight, 'UTC', 1)).toEqual({ from: '2026-03-09', to: '2026-03-15' });
  });

  it('covers whole days from local midnight to the midnight after the last day', () => {
    expect(rangeInstants({ from: '2026-03-02', to: '2026-03-08' }, 'America/New_York')).toEqual({
      from: '2026-03-02T05:00:00.000Z',
      to: '2026-03-09T04:00:00.000Z',
    });
  });

  it('counts days from today', () => {
    expect(daysRange(Date.parse('2026-03-02T10:00:00Z'), 'UTC', 7)).toEqual({
      from: '2026-03-02',
      to: '2026-03-08',
    });
  });

  it('says the same of a calendar date as of an instant on it', () => {
    expect(weekOf('2026-03-08')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(weekOf('2026-03-09', 1)).toEqual({ from: '2026-03-16', to: '2026-03-22' });
    expect(daysFrom('2026-02-26', 7)).toEqual({ from: '2026-02-26', to: '2026-03-04' });
  });

  it('knows how long until the next date begins in the zone, not the browser’s', () => {
    const sundayNight = Date.parse('2026-03-08T22:30:00Z');
    expect(msUntilNextDay(sundayNight, 'UTC')).toBe(90 * 60_000);
    // 23:30 in Berlin: half an hour.
    expect(msUntilNextDay(sundayNight, 'Europe/Berlin')).toBe(30 * 60_000);
    // Santiago skipped 2022-09-11 00:00-01:00: that day began at 01:00, an hour after 23:00.
    expect(msUntilNextDay(Date.parse('2022-09-11T03:00:00Z'), 'America/Santiago')).toBe(
      60 * 60_000,
    );
  });
});

describe('groupByDay', () => {
  it('groups by the local day of the start, days and items in order', () => {
    const items = [
      { id: 'c', start: '2026-03-03T08:00:00Z' },
      { id: 'a', start: '2026-03-02T23:30:00Z' }, // 3 March in Berlin
      { id: 'b', start: '2026-03-02T09:00:00Z' },
    ];
    const groups = groupByDay(items, (i) => i.start, 'Europe/Berlin');
    expect(groups.map((g) => [g.date, g.items.map((i) => i.id)])).toEqual([
      ['2026-03-02', ['b']],
      ['2026-03-03', ['a', 'c']],
    ]);
  });

  it('is empty for no items', () => {
    expect(groupByDay([], () => '', 'UTC')).toEqual([]);
  });
});

describe('resolveTimeZone', () => {
  it('keeps a zone Intl knows and falls back for an unknown one', () => {
    expect(resolveTimeZone('Europe/Paris')).toBe('Europe/Paris');
    const fallback = resolveTimeZone('Mars/Olympus_Mons');
    expect(fallback).not.toBe('Mars/Olympus_Mons');
    expect(resolveTimeZone(null)).toBe(fallback);
  });
});
