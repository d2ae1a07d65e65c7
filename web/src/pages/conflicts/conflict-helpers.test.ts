import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../api/conflicts';
import { conflictQueryOf, readConflictFilters } from './conflict-filters';
import { suggestionText } from './suggestion-text';

const conflict: Conflict = {
  id: 'cf1',
  kind: 'overlap',
  severity: 'high',
  status: 'open',
  start: '2026-03-02T09:00:00Z',
  end: '2026-03-02T10:00:00Z',
  events: [
    {
      id: 'e1',
      title: 'Acme demo',
      start: '2026-03-02T09:00:00Z',
      end: '2026-03-02T10:00:00Z',
      allDay: false,
      location: null,
      status: 'confirmed',
      transparency: 'opaque',
      calendarId: 'c1',
      calendarName: "Google 'Work'",
      provider: 'google',
      organizer: null,
      priority: 90,
    },
    {
      id: 'e2',
      title: 'Focus time',
      start: '2026-03-02T09:30:00Z',
      end: '2026-03-02T11:00:00Z',
      allDay: false,
      location: null,
      status: 'confirmed',
      transparency: 'opaque',
      calendarId: 'c1',
      calendarName: "Google 'Work'",
      provider: 'google',
      organizer: null,
      priority: 10,
    },
  ],
  reasons: [],
  suggestions: [],
  autoResolvable: false,
  travel: null,
  resolution: null,
  resolvedBy: null,
  resolvedAt: null,
  detectedAt: '2026-03-01T00:00:00Z',
};

describe('suggestionText', () => {
  const text = (s: Partial<Conflict['suggestions'][number]>) =>
    suggestionText(
      conflict,
      { id: 's0', index: 0, action: 'decline', eventId: 'e2', why: '', ...s },
      'UTC',
      'en-GB',
    );

  it('names the event and, for a move, the new time in the user zone', () => {
    expect(
      text({
        action: 'reschedule',
        to: { start: '2026-03-02T14:00:00Z', end: '2026-03-02T15:30:00Z' },
      }),
    ).toBe('Move “Focus time” to Mon, 2 Mar 2026, 14:00–15:30');
    expect(text({ action: 'decline' })).toBe('Decline “Focus time”');
    expect(text({ action: 'delegate', delegateTo: 'sam@northwind.io' })).toBe(
      'Leave “Focus time” to sam@northwind.io',
    );
    expect(
      text({ action: 'delegate', delegateTo: 'sam@northwind.io', delegateName: 'Sam Okafor' }),
    ).toBe('Leave “Focus time” to Sam Okafor');
    expect(text({ action: 'merge', eventId: 'e2', keepEventId: 'e1' })).toBe(
      'Merge the copies, keeping “Acme demo”',
    );
    expect(text({ action: 'release' })).toBe('Release your hold “Focus time”');
  });

  it('still says something for an action it does not know or an event it cannot find', () => {
    expect(text({ action: 'teleport', eventId: 'missing' })).toBe('teleport: the meeting');
  });
});

describe('conflict filters', () => {
  it('defaults to open conflicts over today and the next six days', () => {
    const filters = readConflictFilters(new URLSearchParams());
    expect(filters).toEqual({ days: 7, status: 'open' });
    expect(conflictQueryOf(filters, '2026-03-03', 'Europe/Berlin')).toEqual({
      from: '2026-03-02T23:00:00.000Z',
      to: '2026-03-09T23:00:00.000Z',
      status: 'open',
    });
  });

  it('asks every status for All, and ignores values it does not offer', () => {
    const filters = readConflictFilters(new URLSearchParams('days=14&status=all'));
    expect(conflictQueryOf(filters, '2026-03-02', 'UTC')).toEqual({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-16T00:00:00.000Z',
    });
    expect(readConflictFilters(new URLSearchParams('days=3&status=gone'))).toEqual({
      days: 7,
      status: 'open',
    });
  });
});
