/**
 * What the log says about requests: one info line each, and the error level with a stack only
 * for a bug, not for a caller's mistake nor for a user's feed that answers badly.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp, type App } from '../../src/app/app.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import { describeEachDialect, seedTenant, TEST_SECRET_KEY } from '../support/databases.js';
import { bearer, TEST_NOW } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const INFO = 30;
const WARN = 40;

describeEachDialect('request log levels', (context) => {
  const lines: Array<Record<string, unknown>> = [];
  let app: App;
  let server: FastifyInstance;
  let feed: Server;
  let token: string;

  beforeAll(async () => {
    const config = loadConfig({
      CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-log-levels-')),
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'info',
      ALLOW_PRIVATE_NETWORK_CALENDARS: 'true',
    });
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    app = await createApp(config, { store: context().store, clock: () => TEST_NOW, logger });
    server = await buildServer(apiDepsFor(app));
    await server.ready();
    const tenant = await seedTenant(context().store, 'log-levels');
    token = (await context().store.apiTokens.create(tenant.scope, 'test')).token;
    // A user's feed whose server is in trouble: the connect answers 502.
    feed = createServer((_request, response) =>
      response.writeHead(503).end('down for maintenance'),
    );
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await new Promise((resolve) => feed?.close(resolve));
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it('logs each request once at info, when it is answered, with its URL and status', async () => {
    const answer = await server.inject({
      method: 'GET',
      url: `${BASE}/events/`,
      headers: bearer(token),
    });
    expect(answer.statusCode).toBe(200);
    const requestLines = lines.filter(
      (line) => line['req'] !== undefined && line['level'] === INFO,
    );
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: `${BASE}/events/` },
      res: { statusCode: 200 },
    });
  });

  it("a user's feed answering badly is a warning without a stack, not an error", async () => {
    const { port } = feed.address() as AddressInfo;
    const answer = await server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: `webcal://127.0.0.1:${port}/feed.ics` },
    });
    expect(answer.statusCode).toBe(502);
    expect(lines.filter((line) => (line['level'] as number) > WARN)).toEqual([]);
    const warning = lines.find((line) => line['level'] === WARN);
    expect(warning).toMatchObject({ msg: 'request not served', code: 'provider_error' });
    expect(JSON.stringify(lines)).not.toContain('"stack"');
  });

  it('a caller mistake is info without a stack', async () => {
    const answer = await server.inject({
      method: 'GET',
      url: `${BASE}/events/?limit=nope`,
      headers: bearer(token),
    });
    expect(answer.statusCode).toBe(400);
    expect(lines.filter((line) => (line['level'] as number) >= WARN)).toEqual([]);
    expect(lines.find((line) => line['msg'] === 'request rejected')).toMatchObject({
      level: INFO,
      code: 'invalid_input',
    });
  });
});
