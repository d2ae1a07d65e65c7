/**
 * A PostgreSQL that keeps its connections open and answers nothing (hung, paused, a black-holed
 * path: the proxy in front of it freezes), in the scaled shape. /readyz says not ready within
 * its query's bound instead of waiting for ever, with one query in flight however often it is
 * polled, and closing the store drops the connections it cannot end, saying so, instead of
 * holding the shutdown until systemd kills it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp } from '../../src/app/app.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import { Store } from '../../src/store/store.js';
import { describePostgres, POSTGRES_URL, TEST_SECRET_KEY } from '../support/databases.js';
import { waitFor } from '../support/ports.js';
import { deleteKeys, REDIS_URL, redisProblem, uniquePrefix } from '../support/queues.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { TEST_NOW } from '../support/test-app.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  closers.length = 0;
});

/** The simple query protocol's message for the store's ping, as it goes over the wire. */
const PING_QUERY = 'select 1';

describePostgres('PostgreSQL that stops answering', () => {
  it.skipIf(redisProblem !== null)(
    'makes /readyz say not ready within the bound, one query at a time, and close drops its connections',
    async () => {
      const database = new URL(POSTGRES_URL);
      const proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port) });
      closers.push(() => proxy.close());
      const schema = `calintel_hung_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      closers.push(async () => {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      });
      const cutShort: string[] = [];
      const store = await Store.open({
        url: proxy.urlFor(POSTGRES_URL),
        schema,
        secretKey: TEST_SECRET_KEY,
        onPoolError: () => {},
        onCloseCutShort: (message) => cutShort.push(message),
      });
      closers.push(() => store.close());
      const prefix = uniquePrefix();
      closers.push(() => deleteKeys(`${prefix}:*`));
      const config = loadConfig({
        CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-hung-postgres-')),
        CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
        DATABASE_URL: POSTGRES_URL,
        REDIS_URL,
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
      );
      const ready = () => server.inject({ method: 'GET', url: '/readyz' });
      await waitFor('the service to be ready', async () => (await ready()).statusCode === 200);

      proxy.freeze();
      const polls = await Promise.all([ready(), ready()]);
      const later = [await ready(), await ready()];
      for (const answer of [...polls, ...later]) {
        expect(answer.statusCode).toBe(503);
        expect(answer.json()).toEqual({
          status: 'not_ready',
          checks: [
            { name: 'database', ok: false, detail: 'the database did not answer within 2 s' },
            { name: 'redis', ok: true },
          ],
        });
      }
      expect(proxy.held().split(PING_QUERY).length - 1).toBe(1);

      // Still frozen: the store's pool cannot end its connections, nor get its query answered.
      await store.close();
      expect(cutShort).toEqual([
        expect.stringMatching(/^PostgreSQL did not close its \d+ connection\(s\) within 5 s/),
      ]);
    },
  );
});
