import { describe, expect, it } from 'vitest';
import { othersCalendarIds } from './others-calendars.js';

const calendar = (
  id: string,
  provider: string,
  providerCalendarId: string,
  isPrimary = false,
  listed: { accessRole?: string; ownerAddress?: string } = {},
) => ({
  id,
  connectionId: `${provider}-connection`,
  provider,
  providerCalendarId,
  isPrimary,
  accessRole: listed.accessRole ?? null,
  ownerAddress: listed.ownerAddress ?? null,
});

describe('othersCalendarIds', () => {
  const accounts = new Map([
    ['google-connection', 'Ana.K@gmail.com'],
    ['microsoft-connection', 'ana.k@northwind.onmicrosoft.com'],
  ]);
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

  it("takes a Google calendar the account does not own for another's: a colleague's group calendar", () => {
    const group = (id: string, accessRole?: string, isPrimary = false) =>
      calendar(id, 'google', `${id}@group.calendar.google.com`, isPrimary, { accessRole });
    expect(
      others([
        group('own-group', 'owner'),
        group('reader', 'reader'),
        group('writer', 'writer'),
        group('free-busy', 'freeBusyReader'),
        // Listed before the row held the role (migration 0036): read as before until listed.
        group('unlisted'),
        calendar('primary', 'google', 'ana.k@gmail.com', true, { accessRole: 'reader' }),
        calendar('dav', 'caldav', 'https://dav.example.test/x/', false, { accessRole: 'reader' }),
      ]),
    ).toEqual(['free-busy', 'reader', 'writer']);
  });

  it("takes an Outlook calendar whose owner is another person for theirs, not her account's own", () => {
    const outlook = (id: string, ownerAddress?: string, isPrimary = false) =>
      calendar(id, 'microsoft', `AAMk${id}`, isPrimary, { ownerAddress });
    expect(
      others([
        // Graph names the mailbox's address, not the name she signed in with.
        outlook('default', 'ana.kowalski@northwind.io', true),
        outlook('birthdays', 'Ana.Kowalski@northwind.io'),
        outlook('signin', 'ana.k@northwind.onmicrosoft.com'),
        outlook('user', 'ana@northwind.io'),
        outlook('unlisted'),
        outlook('boss', 'Boss@Contoso.test'),
      ]),
    ).toEqual(['boss']);
  });
});
