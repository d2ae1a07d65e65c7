import { describe, expect, it } from 'vitest';
import {
  isRemoval,
  mapGoogleEvent,
  UnmappableEventError,
  type GoogleEvent,
} from './google-mapper.js';

const timed: GoogleEvent = {
  id: 'evt1',
  iCalUID: 'evt1@google.com',
  status: 'confirmed',
  summary: ' Discovery call with Acme ',
  description: 'Agenda',
  location: 'Acme HQ, Berlin',
  start: { dateTime: '2026-03-02T10:00:00+01:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2026-03-02T11:00:00+01:00', timeZone: 'Europe/Berlin' },
  organizer: { email: 'Dana@Northwind.io', displayName: 'Dana', self: true },
  attendees: [
    { email: 'dana@northwind.io', responseStatus: 'accepted', organizer: true, self: true },
    { email: 'Buyer@Acme.com', displayName: 'Bo Buyer', responseStatus: 'tentative' },
    { email: 'room-1@resource.calendar.google.com', resource: true, responseStatus: 'accepted' },
    { displayName: 'no email', responseStatus: 'accepted' },
  ],
  conferenceData: {
    conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
    entryPoints: [
      { entryPointType: 'phone', uri: 'tel:+1-555-0100' },
      { entryPointType: 'video', uri: 'https://meet.google.com/abc-defg-hij' },
    ],
  },
  transparency: 'transparent',
  sequence: 2,
  etag: '"3400000000000000"',
  updated: '2026-02-20T08:00:00.123Z',
};

describe('mapGoogleEvent', () => {
  it('maps a timed meeting to UTC instants with its zone, people and conference link', () => {
    const { event, raw } = mapGoogleEvent(timed, 'America/New_York');
    expect(raw).toBe(timed);
    expect(event).toMatchObject({
      providerEventId: 'evt1',
      iCalUid: 'evt1@google.com',
      title: 'Discovery call with Acme',
      allDay: false,
      start: '2026-03-02T09:00:00.000Z',
      end: '2026-03-02T10:00:00.000Z',
      startDate: null,
      timeZone: 'Europe/Berlin',
      status: 'confirmed',
      transparency: 'transparent',
      organizer: { email: 'dana@northwind.io', name: 'Dana' },
      conferenceUrl: 'https://meet.google.com/abc-defg-hij',
      seriesId: null,
      originalStart: null,
      sequence: 2,
      updatedAt: '2026-02-20T08:00:00.123Z',
    });
    expect(event.attendees).toEqual([
      {
        email: 'dana@northwind.io',
        name: null,
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
      {
        email: 'buyer@acme.com',
        name: 'Bo Buyer',
        responseStatus: 'tentative',
        optional: false,
        resource: false,
      },
      {
        email: 'room-1@resource.calendar.google.com',
        name: null,
        responseStatus: 'accepted',
        optional: false,
        resource: true,
      },
    ]);
  });

  it('places an all-day event at midnight of the calendar zone, end date exclusive', () => {
    const { event } = mapGoogleEvent(
      {
        id: 'offsite',
        summary: 'Offsite',
        start: { date: '2026-03-10' },
        end: { date: '2026-03-12' },
      },
      'Europe/Berlin',
    );
    expect(event).toMatchObject({
      allDay: true,
      startDate: '2026-03-10',
      endDate: '2026-03-12',
      start: '2026-03-09T23:00:00.000Z',
      end: '2026-03-11T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
  });

  it('keeps the series and original start of an instance, by instant or by date', () => {
    const instance = mapGoogleEvent(
      {
        ...timed,
        id: 'weekly_20260302T090000Z',
        recurringEventId: 'weekly',
        originalStartTime: { dateTime: '2026-03-02T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      },
      null,
    ).event;
    expect(instance.seriesId).toBe('weekly');
    expect(instance.originalStart).toBe('2026-03-02T09:00:00.000Z');
    const allDay = mapGoogleEvent(
      {
        id: 'daily_20260302',
        recurringEventId: 'daily',
        originalStartTime: { date: '2026-03-02' },
        start: { date: '2026-03-03' },
        end: { date: '2026-03-04' },
      },
      null,
    ).event;
    expect(allDay.originalStart).toBe('2026-03-02');
    expect(allDay.start).toBe('2026-03-03T00:00:00.000Z');
  });

  it('gives an untitled event a title and an event without an end its start', () => {
    const { event } = mapGoogleEvent(
      { id: 'x', start: { dateTime: '2026-03-02T10:00:00Z' }, endTimeUnspecified: true },
      null,
    );
    expect(event.title).toBe('(no title)');
    expect(event.end).toBe(event.start);
  });

  it('finds a conferencing link in the description when there is no conference data', () => {
    const { event } = mapGoogleEvent(
      {
        ...timed,
        conferenceData: undefined,
        description: 'Join: https://acme.zoom.us/j/123456789.',
      },
      null,
    );
    expect(event.conferenceUrl).toBe('https://acme.zoom.us/j/123456789');
  });

  it('refuses an event without an id or a start', () => {
    expect(() => mapGoogleEvent({ summary: 'x' }, null)).toThrow(UnmappableEventError);
    expect(() => mapGoogleEvent({ id: 'x', start: {} }, null)).toThrow(/no start/);
  });

  it('refuses an all-day event with a bad date every time, not only before it is cached', () => {
    const bad: GoogleEvent = { id: 'x', start: { date: '2026-02-30' } };
    for (const _ of [1, 2]) {
      expect(() => mapGoogleEvent(bad, 'Europe/Berlin')).toThrow(UnmappableEventError);
      expect(() => mapGoogleEvent(bad, 'Europe/Berlin')).toThrow('not a date: 2026-02-30');
    }
  });

  it('places an all-day event without an end on its single day, UTC for an unknown zone', () => {
    const { event } = mapGoogleEvent({ id: 'x', start: { date: '2024-02-29' } }, 'Not/AZone');
    expect(event).toMatchObject({
      startDate: '2024-02-29',
      endDate: '2024-03-01',
      start: '2024-02-29T00:00:00.000Z',
      end: '2024-03-01T00:00:00.000Z',
      timeZone: 'Not/AZone',
    });
  });

  it('reads cancelled items as removals', () => {
    expect(isRemoval({ id: 'gone', status: 'cancelled' })).toBe(true);
    expect(isRemoval(timed)).toBe(false);
  });
});

describe("mapGoogleEvent and the calendar's own entry (self)", () => {
  const invited: GoogleEvent = {
    id: 'evt2',
    start: { dateTime: '2026-03-02T10:00:00Z' },
    end: { dateTime: '2026-03-02T11:00:00Z' },
    organizer: { email: 'buyer@acme.com' },
    attendees: [
      { email: 'buyer@acme.com', organizer: true, responseStatus: 'accepted' },
      // The invitation went to an alias of the account's.
      { email: 'Dana.R@northwind-labs.io', self: true, responseStatus: 'declined' },
    ],
  };

  it("gives the entry Google marks self the account's address, with its answer", () => {
    const { event } = mapGoogleEvent(invited, 'UTC', 'dana@northwind.io');
    expect(event.attendees.map((a) => [a.email, a.responseStatus])).toEqual([
      ['buyer@acme.com', 'accepted'],
      ['dana@northwind.io', 'declined'],
    ]);
    expect(event.organizer?.email).toBe('buyer@acme.com');
  });

  it("makes a secondary calendar's own entry and organiser the account", () => {
    const secondary: GoogleEvent = {
      ...invited,
      organizer: { email: 'c_abc@group.calendar.google.com', displayName: 'Deals', self: true },
      attendees: [
        { email: 'c_abc@group.calendar.google.com', self: true, responseStatus: 'accepted' },
        { email: 'buyer@acme.com', responseStatus: 'needsAction' },
      ],
    };
    const { event, raw } = mapGoogleEvent(secondary, 'UTC', 'dana@northwind.io');
    expect(event.organizer).toEqual({ email: 'dana@northwind.io', name: 'Deals' });
    expect(event.attendees.map((a) => a.email)).toEqual(['dana@northwind.io', 'buyer@acme.com']);
    // The raw event stays as Google sent it.
    expect(raw).toBe(secondary);
  });

  it('leaves every address as Google lists it without an owner', () => {
    const { event } = mapGoogleEvent(invited, 'UTC');
    expect(event.attendees.map((a) => a.email)).toEqual([
      'buyer@acme.com',
      'dana.r@northwind-labs.io',
    ]);
  });
});
