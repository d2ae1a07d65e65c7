import { describe, expect, it } from 'vitest';
import { othersCalendarIds } from './others-calendars.js';

const calendar = (id: string, provider: string, providerCalendarId: string, isPrimary = false) => ({
  id,
  connectionId: `${provider}-connection`,
  provider,
  providerCalendarId,
  isPrimary,
});

describe('othersCalendarIds', () => {
  const accounts = new Map([['google-connection', 'Ana.K@gmail.com']]);
  const others = (calendars: ReturnType<typeof calendar>[]) =>
    [...othersCalendarIds(calendars, 'ana@northwind.io', accounts)].sort();

  it("takes an Exchange calendar named by an address for that person's, its folders for hers", () => {
    expect(
      others([
        calendar('own', 'exchange', 'calendar'),
        calendar('folder', 'exchange', 'AAMkAGI2TG93AAA='),
        calendar('boss', 'exchange', 'boss@contoso.test'),
      ]),
    ).toEqual(['boss']);
  });

  it("takes a Google calendar named by another person's address, not her own nor Google's", () => {
    expect(
      others([
        calendar('primary', 'google', 'ana.k@gmail.com', true),
        calendar('alias', 'google', 'ana.k+work@googlemail.com'),
        calendar('signin', 'google', 'ANA@northwind.io'),
        calendar('group', 'google', 'abc123@group.calendar.google.com'),
        calendar('holidays', 'google', 'en.usa#holiday@group.v.calendar.google.com'),
        calendar('colleague', 'google', 'ben@northwind.io'),
      ]),
    ).toEqual(['colleague']);
  });

  it("takes a Google room's calendar for nobody's own, so its bookings are not her meetings", () => {
    expect(
      others([
        calendar('room', 'google', 'c_1889abc@resource.calendar.google.com'),
        calendar('group', 'google', 'abc123@group.calendar.google.com'),
        calendar('dav-room', 'caldav', 'https://dav.example.test/x@resource.calendar.google.com'),
      ]),
    ).toEqual(['room']);
  });

  it('never takes a calendar whose id does not say whose it is (Graph ids, CalDAV URLs, files)', () => {
    expect(
      others([
        calendar('graph', 'microsoft', 'AAMkADExMzJmYWE3'),
        calendar('dav', 'caldav', 'https://dav.example.test/calendars/ben@northwind.io/work/'),
        calendar('file', 'ics', 'ben@northwind.io'),
      ]),
    ).toEqual([]);
  });
});
