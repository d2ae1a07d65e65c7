import { describe, expect, it } from 'vitest';
import {
  isListedProvider,
  MISSING_CALENDAR_GRACE_MS,
  missingCalendarMessage,
  planDiscovery,
  type StoredCalendarRef,
} from './calendar-discovery-plan.js';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const HOUR_MS = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR_MS).toISOString();

const stored = (id: string, missingSince: string | null = null): StoredCalendarRef => ({
  id,
  providerCalendarId: `remote-${id}`,
  missingSince,
});
const listed = (id: string, name = id) => ({ providerCalendarId: `remote-${id}`, name });

describe('planDiscovery', () => {
  it('a calendar listed and not stored is new; one stored and listed is refreshed', () => {
    const plan = planDiscovery([stored('a')], [listed('a', 'A renamed'), listed('b')], NOW);
    expect(plan.added).toEqual([listed('b')]);
    expect(plan.listed).toEqual([{ remote: listed('a', 'A renamed'), calendarId: 'a' }]);
    expect(plan).toMatchObject({
      distrusted: false,
      reappeared: [],
      newlyMissing: [],
      stillMissing: [],
      expired: [],
    });
  });

  it('a calendar no longer listed is marked, not removed, on the first listing without it', () => {
    const plan = planDiscovery([stored('a'), stored('b')], [listed('a')], NOW);
    expect(plan.newlyMissing).toEqual(['b']);
    expect(plan.expired).toEqual([]);
  });

  it('a marked calendar stays marked within the grace and expires once a day has passed', () => {
    const calendars = [stored('a'), stored('young', hoursAgo(23.9)), stored('old', hoursAgo(24))];
    const plan = planDiscovery(calendars, [listed('a')], NOW);
    expect(plan.stillMissing).toEqual(['young']);
    expect(plan.expired).toEqual(['old']);
    expect(plan.newlyMissing).toEqual([]);
  });

  it('a marked calendar listed again has its mark cleared, however long it was missing', () => {
    const plan = planDiscovery([stored('a', hoursAgo(30))], [listed('a')], NOW);
    expect(plan.reappeared).toEqual(['a']);
    expect(plan.listed).toEqual([{ remote: listed('a'), calendarId: 'a' }]);
    expect(plan.expired).toEqual([]);
  });

  it('an empty listing while calendars are stored changes nothing', () => {
    const plan = planDiscovery([stored('a'), stored('b', hoursAgo(48))], [], NOW);
    expect(plan).toEqual({
      distrusted: true,
      added: [],
      listed: [],
      reappeared: [],
      newlyMissing: [],
      stillMissing: [],
      expired: [],
    });
  });

  it('an empty listing whose answer showed it whole takes the calendars as any other removal', () => {
    const plan = planDiscovery(
      [stored('a'), stored('b', hoursAgo(48)), stored('c', hoursAgo(1))],
      [],
      NOW,
      MISSING_CALENDAR_GRACE_MS,
      true,
    );
    expect(plan).toMatchObject({
      distrusted: false,
      newlyMissing: ['a'],
      stillMissing: ['c'],
      expired: ['b'],
    });
  });

  it('an empty listing with nothing stored is simply nothing to do', () => {
    expect(planDiscovery([], [], NOW)).toMatchObject({ distrusted: false, added: [] });
  });

  it('a calendar listed twice is taken once', () => {
    const plan = planDiscovery([], [listed('b', 'first'), listed('b', 'second')], NOW);
    expect(plan.added).toEqual([listed('b', 'first')]);
  });

  it('the grace is a day by default and can be given', () => {
    expect(MISSING_CALENDAR_GRACE_MS).toBe(24 * HOUR_MS);
    const plan = planDiscovery([stored('a', hoursAgo(2))], [listed('b')], NOW, HOUR_MS);
    expect(plan.expired).toEqual(['a']);
  });
});

describe('missingCalendarMessage', () => {
  it('names the provider, since when, and when the calendar may go', () => {
    expect(missingCalendarMessage('google', '2026-03-01T09:30:12.000Z')).toBe(
      'Google no longer lists this calendar since 2026-03-01 09:30 UTC. It is not synced ' +
        'meanwhile, and if it is still missing after 2026-03-02 09:30 UTC it is removed with ' +
        'its events.',
    );
    expect(missingCalendarMessage('caldav', '2026-03-01T09:30:00.000Z')).toMatch(
      /^The CalDAV server no longer lists this calendar since/,
    );
  });
});

describe('isListedProvider', () => {
  it('holds for providers with calendar lists, not for feeds and files', () => {
    expect(['google', 'microsoft', 'exchange', 'caldav'].every(isListedProvider)).toBe(true);
    expect(isListedProvider('ics')).toBe(false);
  });
});
