import { describe, expect, it } from 'vitest';
import type { Attendee, CalendarEvent } from '../event.js';
import { cancelledCopyOver } from './cancelled-copy.js';
import { describeChanges } from './describe-changes.js';

function attendee(email: string): Attendee {
  return { email, name: null, responseStatus: 'accepted', optional: false, resource: false };
}

/**
 * An occurrence of a weekly series (original start 14:00) moved to 16:00, in Room A, with Bill
 * and the organiser attending, as synced before.
 */
function movedOccurrence(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    providerEventId: 'weekly@acme.test::2026-12-15T14:00:00Z',
    iCalUid: 'weekly@acme.test',
    title: 'Initech weekly check-in',
    description: 'Agenda',
    location: 'Room A',
    conferenceUrl: 'https://meet.google.com/abc-defg-hij',
    allDay: false,
    start: '2026-12-15T16:00:00Z',
    end: '2026-12-15T16:30:00Z',
    startDate: null,
    endDate: null,
    timeZone: 'Europe/London',
    status: 'confirmed',
    transparency: 'opaque',
    organizer: { email: 'ana@acme.test', name: 'Ana Ruiz' },
    attendees: [attendee('ana@acme.test'), attendee('bill@initech.test')],
    seriesId: 'weekly@acme.test',
    originalStart: '2026-12-15T14:00:00Z',
    sequence: 1,
    etag: null,
    updatedAt: null,
    ...overrides,
  };
}

/** The stub an ICS override cancels it with: at its RECURRENCE-ID in Z time, nothing else. */
function stubOf(event: CalendarEvent): CalendarEvent {
  return {
    ...event,
    status: 'cancelled',
    start: '2026-12-15T14:00:00Z',
    end: '2026-12-15T14:30:00Z',
    timeZone: 'UTC',
    description: null,
    location: null,
    conferenceUrl: null,
    organizer: null,
    attendees: [],
    sequence: 2,
  };
}

describe('a cancelled copy stored over the version before it', () => {
  it('keeps what the stub leaves empty, and the times when it sits at its original start', () => {
    const moved = movedOccurrence();
    const stored = cancelledCopyOver(moved, stubOf(moved));
    expect(stored).toEqual({ ...moved, status: 'cancelled', sequence: 2 });
  });

  it('takes what the copy does say: its status, title, attendees and a time of its own', () => {
    const moved = movedOccurrence();
    const copy = {
      ...moved,
      status: 'cancelled' as const,
      title: `Canceled: ${moved.title}`,
      start: '2026-12-16T09:00:00Z',
      end: '2026-12-16T09:30:00Z',
      timeZone: 'Europe/Madrid',
      attendees: [attendee('ana@acme.test')],
    };
    expect(cancelledCopyOver(moved, copy)).toEqual(copy);
  });

  it('a copy moved off its original start in Z time keeps the zone it had', () => {
    const moved = movedOccurrence();
    const copy = { ...stubOf(moved), start: '2026-12-16T09:00:00Z', end: '2026-12-16T09:30:00Z' };
    expect(cancelledCopyOver(moved, copy)).toMatchObject({
      start: copy.start,
      timeZone: 'Europe/London',
    });
  });

  it('a cancelled copy that names its organiser is whole: who it leaves out is gone', () => {
    const moved = movedOccurrence();
    const copy = { ...moved, status: 'cancelled' as const, attendees: [], location: null };
    expect(cancelledCopyOver(moved, copy)).toBe(copy);
  });

  it('a copy that is not cancelled is stored as it came', () => {
    const moved = movedOccurrence();
    const plain = { ...moved, location: null, attendees: [] };
    expect(cancelledCopyOver(moved, plain)).toBe(plain);
  });
});

describe('the change log of a moved occurrence cancelled by a stub and restored', () => {
  const moved = movedOccurrence();
  const stored = cancelledCopyOver(moved, stubOf(moved));

  it('cancelling is one cancelled entry', () => {
    expect(describeChanges(moved, stored)).toEqual([{ kind: 'cancelled' }]);
  });

  it('restored unchanged: the status update alone, no move nobody saw', () => {
    expect(describeChanges(stored, moved)).toEqual([{ kind: 'updated', fields: ['status'] }]);
  });

  it('restored without Bill in room B: his removal and the new place are said', () => {
    const restored = { ...moved, location: 'Room B', attendees: [attendee('ana@acme.test')] };
    expect(describeChanges(stored, restored)).toEqual([
      { kind: 'updated', fields: ['location', 'status'] },
      { kind: 'attendee_removed', email: 'bill@initech.test' },
    ]);
  });

  it('the same stub again, or one that changes while cancelled, says no more than it changes', () => {
    const again = cancelledCopyOver(stored, stubOf(moved));
    expect(describeChanges(stored, again)).toEqual([]);
    const renamed = cancelledCopyOver(stored, { ...stubOf(moved), title: 'Renamed' });
    expect(describeChanges(stored, renamed)).toEqual([{ kind: 'updated', fields: ['title'] }]);
  });
});
