import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp } from '../../src/app/app.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import { Store } from '../../src/store/store.js';
import { TEST_SECRET_KEY } from '../support/databases.js';

const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
});

it('answers an unready database with 503 and fixed words, and logs what the driver said', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'calintel-readyz-'));
  const store = await Store.open({ url: join(dataDir, 'db.sqlite'), secretKey: TEST_SECRET_KEY });
  const logged: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  const config = loadConfig({
    CALINTEL_DATA_DIR: dataDir,
    CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config, { store, logger: pino({ level: 'warn' }, sink) });
  const server = await buildServer(apiDepsFor(app));
  closers.push(
    () => server.close(),
    () => app.close(),
  );

  expect((await server.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  // The database goes away under the running service (here: closed; a server that stopped).
  await store.close();
  const ready = await server.inject({ method: 'GET', url: '/readyz' });
  expect(ready.statusCode).toBe(503);
  expect(ready.json()).toEqual({
    status: 'not_ready',
    checks: [{ name: 'database', ok: false, detail: 'the database did not answer' }],
  });
  // The driver's own words (hosts, ports, paths) stay out of an unauthenticated answer.
  expect(ready.body).not.toMatch(/destroyed|driver/i);
  expect(logged.join('')).toMatch(/readiness.*database did not answer/);
  expect(logged.join('')).toMatch(/driver has already been destroyed/);
});
