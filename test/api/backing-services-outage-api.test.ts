/**
 * The database or Redis going away under a running service (a TCP proxy in front of the shared
 * server is cut): requests that need it answer 503 `unavailable` with Retry-After, /readyz names
 * what is missing, and the log says it in a line or two, not a stack per retry.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp, type App } from '../../src/app/app.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import { Store } from '../../src/store/store.js';
import {
  describePostgres,
  POSTGRES_URL,
  seedTenant,
  TEST_SECRET_KEY,
} from '../support/databases.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../support/queues.js';
import { waitFor } from '../support/ports.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { bearer, TEST_NOW } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

interface Running {
  app: App;
  server: FastifyInstance;
  lines: Array<Record<string, unknown>>;
}

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  closers.length = 0;
});

/** The real application and API on `store`, logging at info (as deployed) into `lines`. */
async function run(store: Store, env: Record<string, string> = {}): Promise<Running> {
  const lines: Array<Record<string, unknown>> = [];
  const config = loadConfig({
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-outage-')),
    CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'info',
    ...env,
  });
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = await createApp(config, { store, clock: () => TEST_NOW, logger });
  const server = await buildServer(apiDepsFor(app));
  await server.ready();
  closers.push(
    () => app.close(),
    () => server.close(),
  );
  return { app, server, lines };
}

function target(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}

async function proxyTo(url: string): Promise<TcpProxy> {
  const proxy = await startTcpProxy(target(url));
  closers.push(() => proxy.close());
  return proxy;
}

describePostgres('PostgreSQL going away', () => {
  it('answers 503 unavailable with Retry-After, and logs one line without a stack', async () => {
    const proxy = await proxyTo(POSTGRES_URL);
    const schema = `calintel_outage_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    closers.push(async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    });
    const store = await Store.open({
      url: proxy.urlFor(POSTGRES_URL),
      schema,
      secretKey: TEST_SECRET_KEY,
      onPoolError: () => {},
    });
    closers.push(() => store.close());
    const { server, lines } = await run(store);
    const tenant = await seedTenant(store, 'outage');
    const token = (await store.apiTokens.create(tenant.scope, 'test')).token;
    const events = () =>
      server.inject({ method: 'GET', url: `${BASE}/events/`, headers: bearer(token) });
    expect((await events()).statusCode).toBe(200);

    await proxy.cut();
    lines.length = 0;
    const answer = await events();

    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toEqual({
      error: { code: 'unavailable', message: 'the database is not reachable; try again shortly' },
    });
    expect(answer.headers['retry-after']).toBe('5');
    const failures = lines.filter((line) => (line['level'] as number) >= 40);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 40, code: 'unavailable' });
    expect(String(failures[0]?.['reason'])).toMatch(/ECONNREFUSED|terminated|connect/i);
    expect(JSON.stringify(lines)).not.toContain('"stack"');
  });
});

describeWithRedis('Redis going away', () => {
  it('fails /readyz naming Redis, answers 503 to a sync request, and logs the outage once', async () => {
    const proxy = await proxyTo(REDIS_URL);
    const prefix = uniquePrefix();
    closers.push(() => deleteKeys(`${prefix}:*`));
    const dir = mkdtempSync(join(tmpdir(), 'calintel-outage-store-'));
    const store = await Store.open({
      url: `sqlite:${join(dir, 'db.sqlite')}`,
      secretKey: TEST_SECRET_KEY,
    });
    closers.push(() => store.close());
    const { app, server, lines } = await run(store, {
      REDIS_URL: proxy.urlFor(REDIS_URL),
      REDIS_PREFIX: prefix,
    });
    const tenant = await seedTenant(store, 'outage');
    const token = (await store.apiTokens.create(tenant.scope, 'test')).token;
    const sync = () =>
      server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token), payload: {} });
    const ready = () => server.inject({ method: 'GET', url: '/readyz' });
    await waitFor('the queue to connect', async () => (await ready()).statusCode === 200);
    expect((await sync()).statusCode).toBe(202);

    await proxy.cut();
    await waitFor('the outage to be noticed', async () => (await ready()).statusCode === 503);
    expect((await ready()).json()).toEqual({
      status: 'not_ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'redis', ok: false, detail: 'the job queue (Redis) is not reachable' },
      ],
    });
    await waitFor('the outage to be logged', async () =>
      lines.some((line) => line['msg'] === 'Redis is still unreachable' || isLost(line)),
    );
    const answer = await sync();
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toEqual({
      error: {
        code: 'unavailable',
        message: 'the job queue (Redis) is not reachable; try again shortly',
      },
    });
    expect(answer.headers['retry-after']).toBe('5');
    // ioredis retries several times a second meanwhile: still the one line.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lines.filter(isLost)).toHaveLength(1);
    expect(lines.filter((line) => line['msg'] === 'redis connection trouble')).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('"stack"');

    await proxy.restore();
    await waitFor('Redis to be back', async () => (await ready()).statusCode === 200, 20_000);
    await waitFor('the return to be logged', async () =>
      lines.some((line) => line['msg'] === 'Redis is reachable again'),
    );
    expect((await sync()).statusCode).toBe(202);
    expect(await app.redisHealth?.()).toBe('answering');
  });
});

function isLost(line: Record<string, unknown>): boolean {
  return typeof line['msg'] === 'string' && line['msg'].startsWith('Redis is unreachable');
}
