/** Builds the real application and API around a test store, with only the settings a test needs. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp, type App, type CreateAppOptions } from '../../src/app/app.js';
import { exportStoreWideMetricsOf } from '../../src/app/store-wide-metrics.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import type { Store } from '../../src/store/store.js';
import { TEST_SECRET_KEY } from './databases.js';

export interface TestApi {
  app: App;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** Tests run on a fixed day, so that sync windows and sample calendars agree. */
export const TEST_NOW = new Date('2026-03-01T12:00:00.000Z');

export async function buildTestApi(
  store: Store,
  env: Record<string, string> = {},
  clock: () => Date = () => TEST_NOW,
  /** More of createApp's options (a fetch trusting an emulator's certificate). */
  appOptions: Pick<CreateAppOptions, 'microsoftFetch' | 'exchangeCa' | 'passwordHash'> = {},
): Promise<TestApi> {
  const config = loadConfig({
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-app-')),
    CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'silent',
    // The tests' feeds and CalDAV server listen on this machine; test/api covers the refusal.
    ALLOW_PRIVATE_NETWORK_CALENDARS: 'true',
    // Feedback's refit runs at the next drain on the tests' fixed clock (its wait: its own test).
    MEETING_ADAPTATION_DELAY_SECONDS: '0',
    ...env,
  });
  const app = await createApp(config, {
    ...appOptions,
    store,
    clock,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  // What the api role exports besides its own counters (service.ts does the same).
  exportStoreWideMetricsOf(app);
  const server = await buildServer(apiDepsFor(app));
  await server.ready();
  return {
    app,
    server,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
