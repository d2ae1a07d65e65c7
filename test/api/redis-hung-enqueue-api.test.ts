/**
 * A Redis that keeps its connections open and answers nothing (the proxy in front of it
 * freezes): a request that queues a job answered only when Redis did, which was never. Now the
 * enqueue gives up after its bound and the request is the same 503 `unavailable` with
 * Retry-After as a Redis that is gone; while that enqueue is still unanswered the next ones are
 * refused at once. A Google notification is refused the same way, so Google sends it again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp } from '../../src/app/app.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import { Store } from '../../src/store/store.js';
import { seedTenant, TEST_SECRET_KEY } from '../support/databases.js';
import { waitFor } from '../support/ports.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../support/queues.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { bearer, TEST_NOW } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const UNAVAILABLE = {
  error: {
    code: 'unavailable',
    message: 'the job queue (Redis) is not reachable; try again shortly',
  },
};

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  closers.length = 0;
});

describeWithRedis('queueing a job while Redis does not answer', () => {
  it('answers 503 unavailable with Retry-After instead of waiting for ever', async () => {
    const redis = new URL(REDIS_URL);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port) });
    closers.push(() => proxy.close());
    const prefix = uniquePrefix();
    closers.push(() => deleteKeys(`${prefix}:*`));
    const dir = mkdtempSync(join(tmpdir(), 'calintel-hung-enqueue-'));
    const store = await Store.open({
      url: `sqlite:${join(dir, 'db.sqlite')}`,
      secretKey: TEST_SECRET_KEY,
    });
    closers.push(() => store.close());
    const config = loadConfig({
      CALINTEL_DATA_DIR: dir,
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'silent',
      REDIS_URL: proxy.urlFor(REDIS_URL),
      REDIS_PREFIX: prefix,
    });
    const app = await createApp(config, {
      store,
      clock: () => TEST_NOW,
      logger: pino({ level: 'silent' }),
    });
    const server = await buildServer(apiDepsFor(app));
    closers.push(
      () => app.close(),
      () => server.close(),
      async () => proxy.thaw(),
    );
    const tenant = await seedTenant(store, 'hung-enqueue');
    const token = (await store.apiTokens.create(tenant.scope, 'test')).token;
    const channel = await store.pushChannels.create(tenant.scope, {
      id: 'hung-redis-channel',
      provider: 'google',
      connectionId: tenant.connection.id,
      calendarId: tenant.calendar.id,
      resourceId: 'hung-redis-resource',
      token: 'hung-redis-token',
      expiresAt: null,
    });
    const post = (url: string) =>
      server.inject({ method: 'POST', url: `${BASE}${url}`, headers: bearer(token), payload: {} });
    const notify = () =>
      server.inject({
        method: 'POST',
        url: `${BASE}/webhook/google/`,
        headers: {
          'x-goog-channel-id': channel.id,
          'x-goog-channel-token': 'hung-redis-token',
          'x-goog-resource-id': 'hung-redis-resource',
          'x-goog-resource-state': 'exists',
          'x-goog-message-number': '7',
        },
      });
    await waitFor('the queue to connect', async () => (await app.redisHealth?.()) === 'answering');
    expect((await post('/sync/')).statusCode).toBe(202);

    proxy.freeze();
    // The first waits out the bound; the others are refused while it is unanswered.
    for (const answer of [await post('/sync/'), await post('/meetings/detect/'), await notify()]) {
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toEqual(UNAVAILABLE);
      expect(answer.headers['retry-after']).toBe('5');
    }

    proxy.thaw();
    await waitFor(
      'Redis to take jobs again',
      async () => (await post('/sync/')).statusCode === 202,
    );
    expect((await notify()).statusCode).toBe(200);
  });
});
