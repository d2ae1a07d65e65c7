/**
 * A feed that had events answering with an empty calendar is taken as a glitch until it answers
 * so twice: the first empty answer removes nothing and says so in the sync status.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import { describeEachDialect } from '../support/databases.js';
import { sampleFeed, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const EMPTY = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//cdn//placeholder//EN',
  'END:VCALENDAR',
  '',
].join('\r\n');

describeEachDialect('an ICS feed that answers an empty calendar', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(
      new Map([[SYNC_CALENDAR_JOB, (payload: unknown) => api.app.sync.runJob(payload)]]),
    );
    feed = await startFeedServer(sampleFeed());
  });
  afterAll(async () => {
    await api.close();
    await feed.close();
  });

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `empty ${Math.random()}`,
      internalDomains: ['northwind.io'],
    });
    const user = await store.users.create(org.id, { email: 'ana@northwind.io' });
    token = (await store.apiTokens.create({ orgId: org.id, userId: user.id }, 'test')).token;
    feed.setBody(sampleFeed());
    const connected = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    expect(connected.statusCode).toBe(201);
  });

  const sync = async () => {
    await api.server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
    await api.app.queue.drain();
  };
  const eventCount = async () =>
    (await api.server.inject({ url: `${BASE}/events/?limit=500`, headers: bearer(token) })).json()
      .items.length as number;
  const status = async () =>
    (await api.server.inject({ url: `${BASE}/sync/status/`, headers: bearer(token) })).json()
      .calendars[0];

  it('removes nothing on the first empty answer, and applies it when the feed answers it again', async () => {
    expect(await eventCount()).toBe(4);
    feed.setBody(EMPTY);
    await sync();
    expect(await eventCount()).toBe(4);
    const first = await status();
    expect(first.state).toBe('ok');
    expect(JSON.stringify(first.issues)).toMatch(/without events, where it had events before/);
    await sync();
    expect(await eventCount()).toBe(0);
  });

  it('an empty answer between two whole ones was a glitch: the next empty one waits again', async () => {
    feed.setBody(EMPTY);
    await sync();
    feed.setBody(sampleFeed());
    await sync();
    expect(await eventCount()).toBe(4);
    feed.setBody(EMPTY);
    await sync();
    expect(await eventCount()).toBe(4);
  });
});
