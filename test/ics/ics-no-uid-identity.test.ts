/**
 * A feed whose events have no UID: each stored event keeps its identity (its row, and what hangs
 * on it) when another event is added above it, instead of taking over its neighbour's content.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import { describeEachDialect } from '../support/databases.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

const event = (summary: string, day: string): string[] => [
  'BEGIN:VEVENT',
  'DTSTAMP:20260101T000000Z',
  `DTSTART:202603${day}T100000Z`,
  `DTEND:202603${day}T110000Z`,
  `SUMMARY:${summary}`,
  'ORGANIZER:mailto:ana@northwind.io',
  'END:VEVENT',
];
const calendar = (...events: string[][]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calintel//test//EN', ...events.flat()]
    .concat(['END:VCALENDAR', ''])
    .join('\r\n');

describeEachDialect('ICS events without a UID', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(
      new Map([[SYNC_CALENDAR_JOB, (payload: unknown) => api.app.sync.runJob(payload)]]),
    );
    feed = await startFeedServer('');
  });

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `no uid ${Math.random()}`,
      internalDomains: ['northwind.io'],
    });
    const user = await store.users.create(org.id, { email: 'ana@northwind.io' });
    token = (await store.apiTokens.create({ orgId: org.id, userId: user.id }, 'test')).token;
  });

  afterAll(async () => {
    await api.close();
    await feed.close();
  });

  const get = async (url: string) =>
    (
      await api.server.inject({ method: 'GET', url: `${BASE}${url}`, headers: bearer(token) })
    ).json();
  const stored = async () =>
    Object.fromEntries(
      (
        (await get('/events/?limit=500')).items as Array<{
          id: string;
          title: string;
          providerEventId: string;
        }>
      ).map((e) => [e.title, { id: e.id, providerEventId: e.providerEventId }]),
    );

  it('keeps each stored event with its content when one is added above them', async () => {
    feed.setBody(calendar(event('Acme demo', '10'), event('Globex call', '12')));
    const connected = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    expect(connected.statusCode).toBe(201);
    const before = await stored();
    expect(Object.keys(before).sort()).toEqual(['Acme demo', 'Globex call']);

    feed.setBody(
      calendar(event('Initech intro', '11'), event('Acme demo', '10'), event('Globex call', '12')),
    );
    await api.server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
    await api.app.queue.drain();

    const after = await stored();
    expect(after['Acme demo']).toEqual(before['Acme demo']);
    expect(after['Globex call']).toEqual(before['Globex call']);
    expect(after['Initech intro']).toBeDefined();
    const [status] = (await get('/sync/status/')).calendars;
    expect(status.lastCounts).toEqual({ added: 1, updated: 0, deleted: 0 });
    // Still reported: the feed should give its events UIDs.
    expect(status.issues.map((i: { message: string }) => i.message)).toEqual([
      expect.stringMatching(/^line \d+: VEVENT has no UID; named missing-uid-/),
      expect.stringMatching(/^line \d+: VEVENT has no UID; named missing-uid-/),
      expect.stringMatching(/^line \d+: VEVENT has no UID; named missing-uid-/),
    ]);
  });
});
