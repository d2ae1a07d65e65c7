import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp, type App } from '../../src/app/app.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import type { ApiDeps } from '../../src/api/api-deps.js';
import type { Store } from '../../src/store/store.js';
import {
  describeEachDialect,
  seedTenant,
  TEST_SECRET_KEY,
  type Tenant,
} from '../support/databases.js';
import { TEST_NOW } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

/** The real application and API, logging at info (as deployed) into `lines`. */
async function buildLoggingApi(
  store: Store,
  lines: string[],
  adjust: (deps: ApiDeps) => ApiDeps = (deps) => deps,
): Promise<{ app: App; server: FastifyInstance }> {
  const config = loadConfig({
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-logs-')),
    CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'info',
  });
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const app = await createApp(config, { store, clock: () => TEST_NOW, logger });
  const server = await buildServer(adjust(apiDepsFor(app)));
  await server.ready();
  return { app, server };
}

describeEachDialect('request logs', (context) => {
  const lines: string[] = [];
  let app: App;
  let server: FastifyInstance;
  let failing: FastifyInstance;
  let failingApp: App;
  let tenant: Tenant;

  beforeAll(async () => {
    ({ app, server } = await buildLoggingApi(context().store, lines));
    // The same API, with an OAuth callback that fails unexpectedly (a 500 is logged with its error).
    ({ app: failingApp, server: failing } = await buildLoggingApi(
      context().store,
      lines,
      (deps) => ({
        ...deps,
        google: {
          ...deps.google,
          callback: async () => {
            throw new Error('the token endpoint went away');
          },
        },
      }),
    ));
    tenant = await seedTenant(context().store, 'logs');
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await failing?.close();
    await failingApp?.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  const logged = () => lines.join('');
  const urlsLogged = () =>
    lines
      .map((line) => JSON.parse(line) as { req?: { url?: string } })
      .flatMap((entry) => (entry.req?.url ? [entry.req.url] : []));

  it('masks the token of a one-time sign-in link, on its page and when it is used', async () => {
    const link = await app.webAuth.createSignInLink(tenant.scope);
    const page = await server.inject({ method: 'GET', url: `/auth/link/${link.token}` });
    expect(page.statusCode).toBe(200);
    const used = await server.inject({ method: 'POST', url: `/auth/link/${link.token}/` });
    expect(used.statusCode).toBe(303);
    expect(logged()).not.toContain(link.token);
    expect(urlsLogged()).toEqual(['/auth/link/[redacted]', '/auth/link/[redacted]/']);
  });

  it("masks the OAuth callbacks' code and state, keeping the path and other parameters", async () => {
    for (const provider of ['google', 'outlook']) {
      const response = await server.inject({
        method: 'GET',
        url: `/api/calendar/callback/${provider}/?state=STATE-SECRET-${provider}&code=CODE-SECRET-${provider}&scope=calendar`,
      });
      expect(response.statusCode).toBeLessThan(500);
    }
    expect(logged()).not.toMatch(/STATE-SECRET|CODE-SECRET/);
    expect(urlsLogged()).toEqual([
      '/api/calendar/callback/google/?state=[redacted]&code=[redacted]&scope=calendar',
      '/api/calendar/callback/outlook/?state=[redacted]&code=[redacted]&scope=calendar',
    ]);
  });

  it("masks Graph's validationToken", async () => {
    const response = await server.inject({
      method: 'POST',
      url: `${BASE}/webhook/outlook/?validationToken=VALIDATION-SECRET`,
    });
    expect(response.statusCode).toBe(200);
    expect(logged()).not.toContain('VALIDATION-SECRET');
    expect(urlsLogged()).toEqual([`${BASE}/webhook/outlook/?validationToken=[redacted]`]);
  });

  it('a failing callback logs its error without the code or state', async () => {
    const response = await failing.inject({
      method: 'GET',
      url: '/api/calendar/callback/google/?state=STATE-SECRET&code=CODE-SECRET',
    });
    expect(response.statusCode).toBe(500);
    expect(logged()).toContain('the token endpoint went away');
    expect(logged()).not.toMatch(/STATE-SECRET|CODE-SECRET/);
  });
});
