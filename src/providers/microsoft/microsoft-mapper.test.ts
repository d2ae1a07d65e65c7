import { describe, expect, it } from 'vitest';
import { htmlToText, isRemoval, mapGraphEvent, UnmappableEventError } from './microsoft-mapper.js';
import type { GraphEvent } from './microsoft-wire.js';

const TEAMS =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE2ZDk0%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d';

/** A Teams meeting as Graph v1.0 sends it with `Prefer: outlook.timezone="UTC"`. */
const teamsMeeting: GraphEvent = {
  '@odata.etag': 'W/"DwAAABYAAABHnUzUq2lS"',
  id: 'AAMkAGI2TG93AAA=',
  createdDateTime: '2026-02-10T08:00:00.0000000Z',
  lastModifiedDateTime: '2026-02-20T08:00:00.1234567Z',
  changeKey: 'DwAAABYAAABHnUzUq2lS',
  iCalUId: '040000008200E00074C5B7101A82E00800000000',
  subject: ' Discovery call with Fabrikam ',
  bodyPreview: 'Agenda: introductions',
  body: {
    contentType: 'html',
    content: `<html><head><style>p{margin:0}</style></head><body><p>Agenda:&nbsp;introductions &amp; pricing</p><br><a href="${TEAMS}">Join the meeting now</a></body></html>`,
  },
  start: { dateTime: '2026-03-02T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-03-02T10:00:00.0000000', timeZone: 'UTC' },
  originalStartTimeZone: 'W. Europe Standard Time',
  originalEndTimeZone: 'W. Europe Standard Time',
  isAllDay: false,
  isCancelled: false,
  showAs: 'busy',
  type: 'singleInstance',
  seriesMasterId: null,
  responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
  location: { displayName: 'Microsoft Teams Meeting' },
  locations: [{ displayName: 'Microsoft Teams Meeting' }],
  isOnlineMeeting: true,
  onlineMeetingProvider: 'teamsForBusiness',
  onlineMeeting: { joinUrl: TEAMS },
  onlineMeetingUrl: null,
  organizer: { emailAddress: { name: 'Bob Example', address: 'Bob@Contoso.com' } },
  attendees: [
    {
      type: 'required',
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: { name: 'Alice Example', address: 'alice@contoso.com' },
    },
    {
      type: 'optional',
      status: { response: 'tentativelyAccepted', time: '2026-02-21T10:00:00Z' },
      emailAddress: { name: 'Buyer', address: 'Buyer@Fabrikam.com' },
    },
    {
      type: 'resource',
      status: { response: 'accepted', time: '2026-02-21T10:00:00Z' },
      emailAddress: { name: 'Room 1', address: 'room1@contoso.com' },
    },
    { type: 'required', status: { response: 'declined' }, emailAddress: { name: 'No address' } },
  ],
} as GraphEvent;

describe('mapGraphEvent', () => {
  it('maps a Teams meeting: UTC instants, the Windows zone as IANA, people and the join URL', () => {
    const { event, raw } = mapGraphEvent(teamsMeeting, null);
    expect(raw).toBe(teamsMeeting);
    expect(event).toMatchObject({
      providerEventId: 'AAMkAGI2TG93AAA=',
      iCalUid: '040000008200E00074C5B7101A82E00800000000',
      title: 'Discovery call with Fabrikam',
      location: 'Microsoft Teams Meeting',
      conferenceUrl: TEAMS,
      allDay: false,
      start: '2026-03-02T09:00:00.000Z',
      end: '2026-03-02T10:00:00.000Z',
      startDate: null,
      timeZone: 'Europe/Berlin',
      status: 'confirmed',
      transparency: 'opaque',
      organizer: { email: 'bob@contoso.com', name: 'Bob Example' },
      seriesId: null,
      originalStart: null,
      etag: 'W/"DwAAABYAAABHnUzUq2lS"',
      updatedAt: '2026-02-20T08:00:00.123Z',
    });
    expect(event.attendees).toEqual([
      {
        email: 'alice@contoso.com',
        name: 'Alice Example',
        responseStatus: 'needsAction',
        optional: false,
        resource: false,
      },
      {
        email: 'buyer@fabrikam.com',
        name: 'Buyer',
        responseStatus: 'tentative',
        optional: true,
        resource: false,
      },
      {
        email: 'room1@contoso.com',
        name: 'Room 1',
        responseStatus: 'accepted',
        optional: false,
        resource: true,
      },
    ]);
    expect(event.description).toBe('Agenda: introductions & pricing\n\nJoin the meeting now');
  });

  it('reads times in the zone Graph names, Windows or IANA, when it was not asked for UTC', () => {
    const { event } = mapGraphEvent(
      {
        ...teamsMeeting,
        start: { dateTime: '2026-03-02T01:00:00.0000000', timeZone: 'Pacific Standard Time' },
        end: { dateTime: '2026-03-02T02:00:00.0000000', timeZone: 'America/Los_Angeles' },
        originalStartTimeZone: 'tzone://Microsoft/Custom',
      },
      'Europe/London',
    );
    expect([event.start, event.end]).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ]);
    // A custom zone resolves to nothing: the zone of the start stands in.
    expect(event.timeZone).toBe('America/Los_Angeles');
  });

  it('maps an all-day event to midnight of its dates in its own zone, end exclusive', () => {
    const { event } = mapGraphEvent(
      {
        id: 'AAMkAllDay',
        subject: 'Offsite',
        isAllDay: true,
        start: { dateTime: '2026-03-05T00:00:00.0000000', timeZone: 'UTC' },
        end: { dateTime: '2026-03-07T00:00:00.0000000', timeZone: 'UTC' },
        originalStartTimeZone: 'Tokyo Standard Time',
        showAs: 'free',
      },
      null,
    );
    expect(event).toMatchObject({
      allDay: true,
      startDate: '2026-03-05',
      endDate: '2026-03-07',
      start: '2026-03-04T15:00:00.000Z',
      end: '2026-03-06T15:00:00.000Z',
      timeZone: 'Asia/Tokyo',
      transparency: 'transparent',
    });
  });

  it('an all-day event without a known zone uses the calendar zone, then UTC', () => {
    const event = {
      id: 'x',
      isAllDay: true,
      start: { dateTime: '2026-03-05T00:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-03-06T00:00:00.0000000', timeZone: 'UTC' },
    };
    expect(mapGraphEvent(event, 'America/New_York').event.start).toBe('2026-03-05T05:00:00.000Z');
    expect(mapGraphEvent(event, null).event).toMatchObject({
      start: '2026-03-05T00:00:00.000Z',
      timeZone: null,
    });
  });

  it('maps occurrences and exceptions to the series with their original start', () => {
    const { event } = mapGraphEvent(
      {
        id: 'AAMkOcc',
        type: 'exception',
        seriesMasterId: 'AAMkMaster',
        originalStart: '2026-03-11T07:00:00Z',
        subject: 'Weekly (moved)',
        start: { dateTime: '2026-03-12T14:00:00.0000000', timeZone: 'UTC' },
        end: { dateTime: '2026-03-12T14:30:00.0000000', timeZone: 'UTC' },
        originalStartTimeZone: 'W. Europe Standard Time',
      },
      null,
    );
    expect(event).toMatchObject({
      seriesId: 'AAMkMaster',
      originalStart: '2026-03-11T07:00:00.000Z',
      start: '2026-03-12T14:00:00.000Z',
    });
    const allDay = mapGraphEvent(
      {
        id: 'AAMkDayOcc',
        type: 'occurrence',
        seriesMasterId: 'AAMkDays',
        isAllDay: true,
        originalStart: '2026-03-10T23:00:00Z',
        start: { dateTime: '2026-03-11T00:00:00.0000000', timeZone: 'UTC' },
        end: { dateTime: '2026-03-12T00:00:00.0000000', timeZone: 'UTC' },
        originalStartTimeZone: 'W. Europe Standard Time',
      },
      null,
    ).event;
    expect(allDay.originalStart).toBe('2026-03-11');
  });

  it("gives the owner's entry the owner's own response (responseStatus), and no one else's", () => {
    const invitation: GraphEvent = {
      ...teamsMeeting,
      responseStatus: { response: 'declined', time: '2026-02-20T10:00:00Z' },
      attendees: [
        {
          emailAddress: { address: 'Alice@Contoso.test' },
          type: 'required',
          status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        },
        {
          emailAddress: { address: 'bob@contoso.test' },
          type: 'required',
          status: { response: 'accepted', time: '2026-02-19T10:00:00Z' },
        },
      ],
    };
    const answers = (item: GraphEvent, owner: string | null) =>
      mapGraphEvent(item, null, owner).event.attendees.map((a) => `${a.email} ${a.responseStatus}`);
    expect(answers(invitation, 'alice@contoso.test')).toEqual([
      'alice@contoso.test declined',
      'bob@contoso.test accepted',
    ]);
    // Without the owner's address nobody changes; `none` says nothing.
    expect(answers(invitation, null)).toEqual([
      'alice@contoso.test needsAction',
      'bob@contoso.test accepted',
    ]);
    const unanswered = { ...invitation, responseStatus: { response: 'none', time: null } };
    expect(answers(unanswered, 'alice@contoso.test')[0]).toBe('alice@contoso.test needsAction');
  });

  it('a cancelled meeting stays, as cancelled', () => {
    const { event } = mapGraphEvent(
      { ...teamsMeeting, isCancelled: true, subject: 'Canceled: Discovery call' },
      null,
    );
    expect([event.status, event.title]).toEqual(['cancelled', 'Canceled: Discovery call']);
  });

  it('finds a Zoom link in the body when there is no online meeting, and fills in a title', () => {
    const { event } = mapGraphEvent(
      {
        id: 'z',
        subject: '  ',
        body: { contentType: 'text', content: 'Join https://acme.zoom.us/j/123456789?pwd=abc.' },
        start: { dateTime: '2026-03-02T09:00:00.0000000', timeZone: 'UTC' },
        end: { dateTime: '2026-03-02T09:00:00.0000000', timeZone: 'UTC' },
      },
      null,
    );
    expect(event).toMatchObject({
      title: '(no title)',
      conferenceUrl: 'https://acme.zoom.us/j/123456789?pwd=abc',
      description: 'Join https://acme.zoom.us/j/123456789?pwd=abc.',
      end: '2026-03-02T09:00:00.000Z',
    });
  });

  it('refuses an event without an id or a readable start', () => {
    expect(() => mapGraphEvent({ subject: 'x' }, null)).toThrow(UnmappableEventError);
    expect(() =>
      mapGraphEvent({ id: 'y', start: { dateTime: 'soon', timeZone: 'UTC' } }, null),
    ).toThrow(/no readable start/);
  });
});

describe('isRemoval', () => {
  it('is true for @removed entries only', () => {
    expect(
      isRemoval({
        '@odata.type': '#microsoft.graph.event',
        id: 'gone',
        '@removed': { reason: 'deleted' },
      } as GraphEvent),
    ).toBe(true);
    expect(isRemoval(teamsMeeting)).toBe(false);
  });
});

describe('htmlToText', () => {
  it('keeps words and line breaks, drops markup and styles', () => {
    expect(htmlToText('<div>One<br/>Two</div><style>.x{}</style><p>Three &lt;3&gt;</p>')).toBe(
      'One\nTwo\nThree <3>',
    );
  });
});
