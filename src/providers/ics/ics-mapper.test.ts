import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { icsEventId, mapInstance, type InstanceToMap } from './ics-mapper.js';

function vevent(lines: string[]): ICAL.Component {
  const text = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const component = new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent(
    'vevent',
  );
  if (!component) throw new Error('no VEVENT');
  return component;
}

function instance(
  component: ICAL.Component,
  overrides: Partial<InstanceToMap> = {},
): InstanceToMap {
  return {
    uid: 'uid-1@example.com',
    recurrenceId: null,
    start: '2026-03-04T15:00:00.000Z',
    end: '2026-03-04T16:00:00.000Z',
    allDay: false,
    startDate: null,
    endDate: null,
    timeZone: 'Europe/Berlin',
    component,
    ...overrides,
  };
}

describe('mapInstance', () => {
  it('maps people, response statuses, roles and rooms', () => {
    const component = vevent([
      'UID:uid-1@example.com',
      'SUMMARY:Acme <> Northwind | pricing',
      'ORGANIZER;CN=Jane Doe:mailto:JDoe@Acme.com',
      'ATTENDEE;CN=Jane Doe;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
      'ATTENDEE;CN=Sam Lee;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE:mailto:sam@acme.com',
      'ATTENDEE;PARTSTAT=DECLINED:mailto:cfo@acme.com',
      'ATTENDEE;CUTYPE=ROOM;CN=Room Spree:mailto:spree@rooms.northwind.io',
      'ATTENDEE;CN=No address:urn:uuid:1234',
    ]);
    const { event } = mapInstance(instance(component), false);
    expect(event.organizer).toEqual({ email: 'jdoe@acme.com', name: 'Jane Doe' });
    expect(event.attendees).toEqual([
      {
        email: 'jdoe@acme.com',
        name: 'Jane Doe',
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
      {
        email: 'sam@acme.com',
        name: 'Sam Lee',
        responseStatus: 'tentative',
        optional: true,
        resource: false,
      },
      {
        email: 'cfo@acme.com',
        name: null,
        responseStatus: 'declined',
        optional: false,
        resource: false,
      },
      {
        email: 'spree@rooms.northwind.io',
        name: 'Room Spree',
        responseStatus: 'needsAction',
        optional: false,
        resource: true,
      },
    ]);
  });

  it('reads status, transparency, sequence and last change', () => {
    const component = vevent([
      'UID:u',
      'STATUS:CANCELLED',
      'TRANSP:TRANSPARENT',
      'SEQUENCE:3',
      'LAST-MODIFIED:20260301T101500Z',
    ]);
    const { event } = mapInstance(instance(component), false);
    expect(event).toMatchObject({
      status: 'cancelled',
      transparency: 'transparent',
      sequence: 3,
      updatedAt: '2026-03-01T10:15:00.000Z',
    });
  });

  it('defaults to confirmed, opaque and an empty title', () => {
    const { event } = mapInstance(instance(vevent(['UID:u'])), false);
    expect(event).toMatchObject({
      status: 'confirmed',
      transparency: 'opaque',
      title: '',
      description: null,
      location: null,
    });
  });

  it('finds the meeting link in the Microsoft property before the description', () => {
    const component = vevent([
      'UID:u',
      'X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_1%40thread.v2/0',
      'DESCRIPTION:or dial in https://acme.zoom.us/j/999',
    ]);
    expect(mapInstance(instance(component), false).event.conferenceUrl).toBe(
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_1%40thread.v2/0',
    );
  });

  it('gives recurring instances the series and their original start, and a stable id', () => {
    const component = vevent(['UID:uid-1@example.com', 'RRULE:FREQ=WEEKLY']);
    const { event, raw } = mapInstance(
      instance(component, { recurrenceId: '2026-03-04T15:00:00Z' }),
      true,
    );
    expect(event).toMatchObject({
      providerEventId: 'uid-1@example.com::2026-03-04T15:00:00Z',
      seriesId: 'uid-1@example.com',
      originalStart: '2026-03-04T15:00:00.000Z',
      iCalUid: 'uid-1@example.com',
    });
    expect(icsEventId('uid-1@example.com', null)).toBe('uid-1@example.com');
    expect(raw).toEqual({ ical: expect.stringContaining('BEGIN:VEVENT') });
  });
});
