import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Attendee, CalendarEvent } from '../event.js';
import { EVENT_STATUSES, RESPONSE_STATUSES, TRANSPARENCIES } from '../event.js';
import { describeChanges } from './describe-changes.js';
import {
  addChangeCounts,
  emptyChangeCounts,
  summariseChangeCounts,
  type EventChange,
} from './event-change.js';

function attendee(email: string, overrides: Partial<Attendee> = {}): Attendee {
  return {
    email,
    name: null,
    responseStatus: 'needsAction',
    optional: false,
    resource: false,
    ...overrides,
  };
}

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    providerEventId: 'evt-1',
    iCalUid: 'uid-1@example.com',
    title: 'Acme discovery',
    description: null,
    location: null,
    conferenceUrl: null,
    allDay: false,
    start: '2026-03-04T15:00:00.000Z',
    end: '2026-03-04T16:00:00.000Z',
    startDate: null,
    endDate: null,
    timeZone: 'Europe/Paris',
    status: 'confirmed',
    transparency: 'opaque',
    organizer: { email: 'owner@acme.test', name: 'Owner' },
    attendees: [
      attendee('buyer@customer.test', { responseStatus: 'accepted' }),
      attendee('cfo@customer.test'),
    ],
    seriesId: null,
    originalStart: null,
    sequence: 0,
    etag: '"1"',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('describeChanges', () => {
  it('a new event is one created entry, a removed one a deleted entry with what it was', () => {
    const e = event();
    expect(describeChanges(null, e)).toEqual([{ kind: 'created' }]);
    expect(describeChanges(e, null)).toEqual([
      { kind: 'deleted', title: e.title, start: e.start, end: e.end },
    ]);
    expect(describeChanges(null, null)).toEqual([]);
  });

  it('etag, updatedAt and sequence alone are not a change', () => {
    const e = event();
    const bumped = { ...e, etag: '"2"', updatedAt: '2026-03-02T10:00:00.000Z', sequence: 4 };
    expect(describeChanges(e, bumped)).toEqual([]);
  });

  it('lists the normalised fields that changed in one updated entry', () => {
    const e = event();
    const after = {
      ...e,
      title: 'Acme pricing',
      location: 'Room 1',
      conferenceUrl: 'https://acme.zoom.us/j/1',
      transparency: 'transparent' as const,
      organizer: { email: 'boss@acme.test', name: 'Boss' },
    };
    expect(describeChanges(e, after)).toEqual([
      {
        kind: 'updated',
        fields: ['title', 'location', 'conferenceUrl', 'transparency', 'organizer'],
      },
    ]);
  });

  it('a moved event is rescheduled, with the times before and after', () => {
    const e = event();
    const moved = { ...e, start: '2026-03-05T15:00:00.000Z', end: '2026-03-05T16:30:00.000Z' };
    expect(describeChanges(e, moved)).toEqual([
      {
        kind: 'rescheduled',
        previous: { start: e.start, end: e.end, allDay: false, startDate: null, endDate: null },
        current: {
          start: moved.start,
          end: moved.end,
          allDay: false,
          startDate: null,
          endDate: null,
        },
      },
    ]);
  });

  it('the same instant written without milliseconds is not a reschedule', () => {
    const e = event();
    expect(describeChanges(e, { ...e, start: '2026-03-04T15:00:00Z' })).toEqual([]);
  });

  it('becoming all-day on the same instants is a reschedule', () => {
    const e = event({ start: '2026-03-04T00:00:00.000Z', end: '2026-03-05T00:00:00.000Z' });
    const allDay = { ...e, allDay: true, startDate: '2026-03-04', endDate: '2026-03-05' };
    expect(describeChanges(e, allDay).map((c) => c.kind)).toEqual(['rescheduled']);
  });

  it('a cancellation is its own entry, without status in the updated fields', () => {
    const e = event();
    expect(describeChanges(e, { ...e, status: 'cancelled' })).toEqual([{ kind: 'cancelled' }]);
    // Coming back from cancelled, or becoming tentative, is an update of the status.
    expect(describeChanges({ ...e, status: 'cancelled' }, e)).toEqual([
      { kind: 'updated', fields: ['status'] },
    ]);
  });

  it('attendees are compared by email ignoring case, order and a mailto: prefix', () => {
    const e = event();
    const reordered = {
      ...e,
      attendees: [
        attendee('CFO@Customer.test'),
        attendee('mailto:buyer@customer.test', { responseStatus: 'accepted' }),
      ],
    };
    expect(describeChanges(e, reordered)).toEqual([]);
  });

  it('reports attendees added, removed and answering, by normalised email', () => {
    const e = event();
    const after = {
      ...e,
      attendees: [
        attendee('Buyer@customer.test', { responseStatus: 'declined' }),
        attendee('ceo@customer.test'),
      ],
    };
    expect(describeChanges(e, after)).toEqual([
      { kind: 'attendee_added', email: 'ceo@customer.test' },
      { kind: 'attendee_removed', email: 'cfo@customer.test' },
      { kind: 'response_changed', email: 'buyer@customer.test', from: 'accepted', to: 'declined' },
    ]);
  });

  it('an attendee who stayed but changed name or role marks the attendees field updated', () => {
    const e = event();
    const after = {
      ...e,
      attendees: [e.attendees[0] as Attendee, attendee('cfo@customer.test', { optional: true })],
    };
    expect(describeChanges(e, after)).toEqual([{ kind: 'updated', fields: ['attendees'] }]);
  });

  it('one change may give several entries, in a fixed order', () => {
    const e = event();
    const after = {
      ...e,
      status: 'tentative' as const,
      start: '2026-03-06T15:00:00.000Z',
      end: '2026-03-06T16:00:00.000Z',
      title: 'Moved and tentative',
      attendees: [...e.attendees, attendee('new@customer.test')],
    };
    expect(describeChanges(e, after).map((c) => c.kind)).toEqual([
      'rescheduled',
      'updated',
      'attendee_added',
    ]);
  });
});

describe('change counts', () => {
  it('add up kind by kind and read as a short summary', () => {
    const total = emptyChangeCounts();
    addChangeCounts(total, { ...emptyChangeCounts(), created: 2, attendee_removed: 1 });
    addChangeCounts(total, { ...emptyChangeCounts(), created: 1, rescheduled: 1 });
    expect(total).toMatchObject({ created: 3, rescheduled: 1, attendee_removed: 1, deleted: 0 });
    expect(summariseChangeCounts(total)).toBe('3 created, 1 rescheduled, 1 attendee removed');
    expect(summariseChangeCounts(emptyChangeCounts())).toBe('none');
  });
});

// Property tests: events drawn from small alphabets, so that two draws often share values.

const emails = fc.constantFrom('a@x.test', 'B@x.test', 'c@y.test', 'd@y.test');
const anyAttendee = fc.record({
  email: emails,
  name: fc.constantFrom(null, 'Ann', 'Bob'),
  responseStatus: fc.constantFrom(...RESPONSE_STATUSES),
  optional: fc.boolean(),
  resource: fc.boolean(),
});
const hour = fc.integer({ min: 0, max: 3 });
const anyEvent: fc.Arbitrary<CalendarEvent> = fc
  .record({
    title: fc.constantFrom('Sync', 'Demo'),
    description: fc.constantFrom(null, 'Agenda'),
    location: fc.constantFrom(null, 'Room 1'),
    conferenceUrl: fc.constantFrom(null, 'https://meet.google.com/abc-defg-hij'),
    startHour: hour,
    hours: fc.integer({ min: 1, max: 2 }),
    status: fc.constantFrom(...EVENT_STATUSES),
    transparency: fc.constantFrom(...TRANSPARENCIES),
    organizer: fc.option(fc.record({ email: emails, name: fc.constantFrom(null, 'Org') })),
    attendees: fc.uniqueArray(anyAttendee, {
      maxLength: 4,
      selector: (a) => a.email.toLowerCase(),
    }),
    seriesId: fc.constantFrom(null, 'series-1'),
    sequence: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ startHour, hours, ...rest }) => {
    const start = Date.UTC(2026, 2, 4, 9 + startHour);
    return event({
      ...rest,
      start: new Date(start).toISOString(),
      end: new Date(start + hours * 3_600_000).toISOString(),
    });
  });

const kinds = (changes: EventChange[]) => changes.map((c) => c.kind);
const emailsOf = (changes: EventChange[], kind: 'attendee_added' | 'attendee_removed') =>
  changes.flatMap((c) => (c.kind === kind ? [c.email] : []));

describe('describeChanges properties', () => {
  it('an event compared with itself, or with its bookkeeping bumped, has no change', () => {
    fc.assert(
      fc.property(anyEvent, fc.nat(), (e, n) => {
        expect(describeChanges(e, structuredClone(e))).toEqual([]);
        const bumped = { ...e, etag: `"${n}"`, sequence: n, updatedAt: new Date(n).toISOString() };
        expect(describeChanges(e, bumped)).toEqual([]);
      }),
    );
  });

  it('creation and deletion are one entry each, for every event', () => {
    fc.assert(
      fc.property(anyEvent, (e) => {
        expect(kinds(describeChanges(null, e))).toEqual(['created']);
        expect(kinds(describeChanges(e, null))).toEqual(['deleted']);
      }),
    );
  });

  it('going back undoes going forth: attendees added one way are removed the other', () => {
    fc.assert(
      fc.property(anyEvent, anyEvent, (a, b) => {
        // Cancelling and restoring are not each other's mirror (see the properties below).
        fc.pre((a.status === 'cancelled') === (b.status === 'cancelled'));
        const forth = describeChanges(a, b);
        const back = describeChanges(b, a);
        expect(emailsOf(forth, 'attendee_added')).toEqual(emailsOf(back, 'attendee_removed'));
        expect(emailsOf(forth, 'attendee_removed')).toEqual(emailsOf(back, 'attendee_added'));
        expect(kinds(forth).includes('rescheduled')).toBe(kinds(back).includes('rescheduled'));
        expect(forth.filter((c) => c.kind === 'response_changed')).toHaveLength(
          back.filter((c) => c.kind === 'response_changed').length,
        );
        // Nothing changed exactly when nothing changed back.
        expect(forth.length === 0).toBe(back.length === 0);
      }),
    );
  });

  it('every kind but the attendee kinds occurs at most once, and never created or deleted', () => {
    fc.assert(
      fc.property(anyEvent, anyEvent, (a, b) => {
        const seen = kinds(describeChanges(a, b));
        for (const kind of ['cancelled', 'rescheduled', 'updated'] as const) {
          expect(seen.filter((k) => k === kind).length).toBeLessThanOrEqual(1);
        }
        expect(seen).not.toContain('created');
        expect(seen).not.toContain('deleted');
      }),
    );
  });

  it('becoming cancelled is the cancelled entry alone, whatever else the copy says', () => {
    fc.assert(
      fc.property(anyEvent, anyEvent, (a, b) => {
        fc.pre(a.status !== 'cancelled');
        expect(describeChanges(a, { ...b, status: 'cancelled' })).toEqual([{ kind: 'cancelled' }]);
      }),
    );
  });
});
