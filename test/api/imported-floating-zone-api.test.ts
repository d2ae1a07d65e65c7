/**
 * An imported file or a subscribed feed that names no zone (no X-WR-TIMEZONE) is read in its
 * owner's zone: a floating time is the wall-clock time the owner sees, and an all-day date runs
 * from the owner's midnight, so that it does not overlap the evening before (RFC 5545 §3.3.5).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import type { Scope } from '../../src/store/store.js';

const BASE = '/api/v1/calendar';

const people = [
  'ORGANIZER:mailto:nina@acme.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:nina@acme.com',
  'ATTENDEE;CN=Peter Gibbons;PARTSTAT=ACCEPTED:mailto:peter@initrode.com',
];
const event = (uid: string, summary: string, times: string[]) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20261120T000000Z',
  ...times,
  `SUMMARY:${summary}`,
  ...people,
  'END:VEVENT',
];
/** The reviewer's file: a floating 10:00, an all-day Dec 1, a New York evening on Nov 30. */
const calendar = (header: string[] = []) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//review//EN',
    ...header,
    ...event('fl1', 'Floating 10:00 meeting', ['DTSTART:20261202T100000', 'DTEND:20261202T110000']),
    ...event('tz2', 'Initrode onsite product demo day', [
      'DTSTART;VALUE=DATE:20261201',
      'DTEND;VALUE=DATE:20261202',
    ]),
    ...event('tz3', 'Initrode pricing negotiation', [
      'DTSTART;TZID=America/New_York:20261130T223000',
      'DTEND;TZID=America/New_York:20261130T233000',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

interface EventItem {
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  startDate: string | null;
}

describeEachDialect('imported calendars without a zone of their own', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let nina: { scope: Scope; token: string };

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    feed = await startFeedServer(calendar());
  });
  afterAll(async () => {
    await api?.close();
    await feed?.close();
  });
  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${Math.random()}`,
      internalDomains: ['acme.com'],
    });
    const user = await store.users.create(org.id, {
      email: 'nina@acme.com',
      timeZone: 'America/New_York',
    });
    const scope = { orgId: org.id, userId: user.id };
    nina = { scope, token: (await store.apiTokens.create(scope, 'test')).token };
  });

  const send = (method: 'GET' | 'POST', url: string, payload?: string | object) =>
    api.server.inject({
      method,
      url: `${BASE}${url}`,
      headers: {
        ...bearer(nina.token),
        ...(typeof payload === 'string' ? { 'content-type': 'text/calendar' } : {}),
      },
      ...(payload !== undefined ? { payload } : {}),
    });
  const events = async (): Promise<Record<string, EventItem>> => {
    const items = (await send('GET', '/events/?limit=50')).json().items as EventItem[];
    return Object.fromEntries(items.map((e) => [e.title, e]));
  };
  const conflictsWith = async (title: string) => {
    await api.app.meetings.detectNow(nina.scope);
    await api.app.conflicts.scan(nina.scope);
    const listed = (await send('GET', '/conflicts/?from=2026-11-01T00:00:00Z')).json().items as {
      events: { title: string }[];
    }[];
    return listed.filter((c) => c.events.some((e) => e.title === title));
  };
  const expectNewYorkTimes = (stored: Record<string, EventItem>) => {
    expect(stored['Floating 10:00 meeting']).toMatchObject({
      start: '2026-12-02T15:00:00.000Z',
      end: '2026-12-02T16:00:00.000Z',
    });
    expect(stored['Initrode onsite product demo day']).toMatchObject({
      allDay: true,
      startDate: '2026-12-01',
      start: '2026-12-01T05:00:00.000Z',
      end: '2026-12-02T05:00:00.000Z',
    });
  };

  it("an uploaded file is read in the user's zone, and its all-day day clashes with nothing", async () => {
    const imported = await send('POST', '/providers/ics/connect/?label=review', calendar());
    expect(imported.statusCode, imported.body).toBe(201);
    expectNewYorkTimes(await events());
    expect(await conflictsWith('Initrode onsite product demo day')).toEqual([]);
    const [listed] = (await send('GET', '/calendars/')).json().items;
    expect(listed).toMatchObject({ name: 'review', timeZone: 'America/New_York' });
  });

  it("a subscribed feed is read in the user's zone too", async () => {
    feed.setBody(calendar());
    const connected = await send('POST', '/providers/ics/connect/', { url: feed.url() });
    expect(connected.statusCode, connected.body).toBe(201);
    expectNewYorkTimes(await events());
  });

  it("a file that names its zone is read in that zone, whatever the user's", async () => {
    const imported = await send(
      'POST',
      '/providers/ics/connect/?label=berlin',
      calendar(['X-WR-TIMEZONE:Europe/Berlin']),
    );
    expect(imported.statusCode, imported.body).toBe(201);
    expect((await events())['Floating 10:00 meeting']).toMatchObject({
      start: '2026-12-02T09:00:00.000Z',
    });
    const [listed] = (await send('GET', '/calendars/')).json().items;
    expect(listed).toMatchObject({ timeZone: 'Europe/Berlin' });
  });
});
