import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { icsEventId, mapInstance, mapSeriesInstances, type InstanceToMap } from './ics-mapper.js';

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

  it("reads Outlook's busy status when TRANSP is absent; TRANSP, when present, wins", () => {
    const transparency = (lines: string[]) =>
      mapInstance(instance(vevent(['UID:u', ...lines])), false).event.transparency;
    expect(transparency(['X-MICROSOFT-CDO-BUSYSTATUS:FREE'])).toBe('transparent');
    for (const status of ['BUSY', 'TENTATIVE', 'OOF', 'WORKINGELSEWHERE'])
      expect(transparency([`X-MICROSOFT-CDO-BUSYSTATUS:${status}`])).toBe('opaque');
    expect(transparency(['TRANSP:OPAQUE', 'X-MICROSOFT-CDO-BUSYSTATUS:FREE'])).toBe('opaque');
    expect(transparency(['TRANSP:TRANSPARENT', 'X-MICROSOFT-CDO-BUSYSTATUS:BUSY'])).toBe(
      'transparent',
    );
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
    expect(raw).toEqual({ jcal: component.jCal });
  });

  it('keeps the VEVENT in the raw payload as jCal, from which its iCalendar text comes back', () => {
    const component = vevent(['UID:u', 'SUMMARY:Pricing\\, v2', 'X-CUSTOM;A=b:kept']);
    const { raw } = mapInstance(instance(component), false);
    const text = new ICAL.Component((raw as { jcal: unknown[] }).jcal).toString();
    expect(text).toBe(component.toString());
    expect(text).toContain('X-CUSTOM;A=b:kept');
  });

  it('reads last changes the way ical.js does, zoned or impossible ones too', () => {
    const zoned = vevent(['UID:u', 'LAST-MODIFIED;TZID=UTC:20260301T101500']);
    expect(mapInstance(instance(zoned), false).event.updatedAt).toBe('2026-03-01T10:15:00.000Z');
    const rolled = vevent(['UID:u', 'DTSTAMP:20260229T235959Z']);
    expect(mapInstance(instance(rolled), false).event.updatedAt).toBe('2026-03-01T23:59:59.000Z');
    const leap = vevent(['UID:u', 'DTSTAMP:20280229T235959Z']);
    expect(mapInstance(instance(leap), false).event.updatedAt).toBe('2028-02-29T23:59:59.000Z');
  });
});

describe('mapSeriesInstances', () => {
  const master = vevent(['UID:s', 'SUMMARY:Weekly', 'RRULE:FREQ=WEEKLY', 'ATTENDEE:mailto:a@x.io']);
  const moved = vevent(['UID:s', 'SUMMARY:Moved', 'RECURRENCE-ID:20260311T150000Z']);
  const at = (component: ICAL.Component, recurrenceId: string) =>
    instance(component, { uid: 's', recurrenceId, start: recurrenceId });

  it('carries each VEVENT once, on its first instance; the others carry their identity', () => {
    const mapped = mapSeriesInstances(
      [
        at(master, '2026-03-04T15:00:00Z'),
        at(moved, '2026-03-11T15:00:00Z'),
        at(master, '2026-03-18T15:00:00Z'),
      ],
      true,
    );
    expect(mapped.map((m) => m.raw)).toEqual([
      { jcal: master.jCal },
      { jcal: moved.jCal },
      { uid: 's', recurrenceId: '2026-03-18T15:00:00Z' },
    ]);
    expect(mapped.map((m) => m.event.title)).toEqual(['Weekly', 'Moved', 'Weekly']);
    expect(mapped.map((m) => m.event.providerEventId)).toEqual([
      's::2026-03-04T15:00:00Z',
      's::2026-03-11T15:00:00Z',
      's::2026-03-18T15:00:00Z',
    ]);
  });

  it('gives every instance attendees of its own', () => {
    const [first, second] = mapSeriesInstances(
      [at(master, '2026-03-04T15:00:00Z'), at(master, '2026-03-18T15:00:00Z')],
      true,
    );
    expect(second!.event.attendees).toEqual(first!.event.attendees);
    expect(second!.event.attendees[0]).not.toBe(first!.event.attendees[0]);
  });
});
