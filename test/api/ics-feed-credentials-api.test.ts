/**
 * Private feeds with a user name and password in their URL (`https://user:pass@host/feed.ics`):
 * they are sent as HTTP Basic, and never appear in an answer or in the log.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp, type App } from '../../src/app/app.js';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import { describeEachDialect, TEST_SECRET_KEY } from '../support/databases.js';
import { sampleFeed, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { bearer, TEST_NOW } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const PASSWORD = 'S3cretPassw0rd!';

describeEachDialect('ICS feeds with credentials in the URL', (context) => {
  let app: App;
  let server: FastifyInstance;
  let feed: FeedServer;
  let token: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    // As test-app.ts builds it, with a logger whose lines the tests read.
    const config = loadConfig({
      CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-app-')),
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      ALLOW_PRIVATE_NETWORK_CALENDARS: 'true',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    app = await createApp(config, {
      store: context().store,
      clock: () => TEST_NOW,
      logger: pino({ level: 'info' }, sink),
    });
    server = await buildServer(apiDepsFor(app));
    await server.ready();
    app.queue.start(new Map([[SYNC_CALENDAR_JOB, (payload: unknown) => app.sync.runJob(payload)]]));
    feed = await startFeedServer(sampleFeed(), {
      basicAuth: { user: 'alice@northwind.io', password: PASSWORD },
    });
  });

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `ics credentials ${Math.random()}`,
      internalDomains: ['northwind.io'],
    });
    const user = await store.users.create(org.id, { email: 'ana@northwind.io' });
    token = (await store.apiTokens.create({ orgId: org.id, userId: user.id }, 'test')).token;
    logLines.length = 0;
  });

  afterAll(async () => {
    await server.close();
    await app.close();
    await feed.close();
  });

  const connect = (url: string) =>
    server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url },
    });
  const withCredentials = (url: string, password = PASSWORD) =>
    url.replace(
      '://',
      `://${encodeURIComponent('alice@northwind.io')}:${encodeURIComponent(password)}@`,
    );

  it('subscribes to a feed that asks for Basic credentials given in its URL, and polls it', async () => {
    const response = await connect(withCredentials(feed.url()));
    expect(response.statusCode).toBe(201);
    const events = (
      await server.inject({ method: 'GET', url: `${BASE}/events/`, headers: bearer(token) })
    ).json().items;
    expect(events).toHaveLength(4);

    // Later runs send them too: the feed answers 304, not 401.
    const before = feed.responses.length;
    await server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
    await app.queue.drain();
    expect(feed.responses.slice(before)).toEqual([304]);
    expect(JSON.stringify(response.json())).not.toContain(PASSWORD);
  });

  it('refuses a feed whose credentials are wrong with a 400 that quotes neither', async () => {
    const response = await connect(withCredentials(feed.url(), 'wr0ngPassw0rd'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/401/);
    expect(response.body).not.toContain('wr0ngPassw0rd');
  });

  it('a feed that cannot be reached is a 502 with no password, in the answer or the log', async () => {
    const url = `http://alice:${PASSWORD}@127.0.0.1:1/private/feed.ics?token=qu3ryS3cret`;
    const response = await connect(url);
    expect(response.statusCode).toBe(502);
    expect(response.json().error).toMatchObject({
      code: 'provider_error',
      message: expect.stringMatching(/^could not reach the feed/),
    });
    const logged = logLines.join('');
    expect(logged).toContain('could not reach the feed');
    for (const text of [response.body, logged]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('qu3ryS3cret');
    }
  });
});
