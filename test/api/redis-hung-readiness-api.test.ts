/**
 * A Redis that keeps its connections open and stops answering (hung, SIGSTOPped, a black-holed
 * path: the proxy in front of it freezes). Its connections still read "ready" to ioredis, so
 * /readyz must ask it something: it says not ready within its PING's bound instead of ready or
 * hanging, sends one PING however often it is polled, and /healthz (the process) stays 200.
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
import { TEST_SECRET_KEY } from '../support/databases.js';
import { waitFor } from '../support/ports.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../support/queues.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { TEST_NOW } from '../support/test-app.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  closers.length = 0;
});

/** ioredis's PING as it goes over the wire (RESP). */
const PING = '*1\r\n$4\r\nping\r\n';

describeWithRedis('Redis that stops answering', () => {
  it('makes /readyz say not ready within the PING bound, with one PING however often polled', async () => {
    const redis = new URL(REDIS_URL);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port) });
    closers.push(() => proxy.close());
    const prefix = uniquePrefix();
    closers.push(() => deleteKeys(`${prefix}:*`));
    const dir = mkdtempSync(join(tmpdir(), 'calintel-hung-redis-'));
    const store = await Store.open({
      url: `sqlite:${join(dir, 'db.sqlite')}`,
      secretKey: TEST_SECRET_KEY,
    });
    closers.push(() => store.close());
    const lines: Array<Record<string, unknown>> = [];
    const config = loadConfig({
      CALINTEL_DATA_DIR: dir,
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'info',
      REDIS_URL: proxy.urlFor(REDIS_URL),
      REDIS_PREFIX: prefix,
    });
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const app = await createApp(config, { store, clock: () => TEST_NOW, logger });
    const server = await buildServer(apiDepsFor(app));
    // Closed in reverse: thawed first, since the app's QUIT must be answered for it to close.
    closers.push(
      () => app.close(),
      () => server.close(),
      async () => proxy.thaw(),
    );
    const ready = () => server.inject({ method: 'GET', url: '/readyz' });
    await waitFor('the queue to connect', async () => (await ready()).statusCode === 200);

    proxy.freeze();
    const polls = await Promise.all([ready(), ready()]);
    const later = [await ready(), await ready()];
    for (const answer of [...polls, ...later]) {
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toEqual({
        status: 'not_ready',
        checks: [
          { name: 'database', ok: true },
          { name: 'redis', ok: false, detail: 'the job queue (Redis) did not answer within 2 s' },
        ],
      });
    }
    expect(proxy.held().split(PING).length - 1).toBe(1);
    expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(lines.some((line) => String(line['msg']).includes('did not answer'))).toBe(true);

    proxy.thaw();
    await waitFor('Redis to answer again', async () => (await ready()).statusCode === 200);
  });
});
