import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { buildServer } from '../../src/api/server.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const LIVE = '/api/v1/calendar/live/';

/** The log lines a server wrote, parsed. */
function logSink(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

/** Reads `check` again until it holds; the test's own timeout bounds the wait. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describeEachDialect('open live streams', (context) => {
  let api: TestApi;
  let server: FastifyInstance;
  const log = logSink();

  beforeAll(async () => {
    api = await buildTestApi(context().store, { LIVE_POLL_MS: '100' });
    // The same application, served with a logger the test reads.
    server = await buildServer({
      ...apiDepsFor(api.app),
      logger: pino({ level: 'info' }, log.stream),
    });
    await server.ready();
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  const openStreams = async () => {
    const metrics = await server.inject({ method: 'GET', url: '/metrics' });
    const line = metrics.body.split('\n').find((l) => l.startsWith('calintel_live_streams '));
    return line === undefined ? null : Number(line.split(' ').at(-1));
  };

  const streamsAnswered = async () => {
    const metrics = await server.inject({ method: 'GET', url: '/metrics' });
    const counted = metrics.body
      .split('\n')
      .find((l) => l.startsWith('calintel_http_requests_total') && l.includes(`route="${LIVE}"`));
    return counted === undefined ? 0 : Number(counted.split(' ').at(-1));
  };

  it('are a gauge in /metrics while open, and logged when they open and when they close', async () => {
    const tenant = await seedTenant(context().store, 'live-metrics');
    const { token } = await context().store.apiTokens.create(tenant.scope, 'live');
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    expect(await openStreams()).toBe(0);
    const controller = new AbortController();
    const response = await fetch(`${base}${LIVE}`, {
      headers: bearer(token),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(await eventually(openStreams, (n) => n === 1)).toBe(1);
    const opened = log.lines.find((l) => l['msg'] === 'live stream opened');
    expect(opened).toMatchObject({ liveStreams: 1, userId: tenant.scope.userId });

    controller.abort();
    expect(await eventually(openStreams, (n) => n === 0)).toBe(0);
    const closed = await eventually(
      async () => log.lines.find((l) => l['msg'] === 'live stream closed'),
      (line) => line !== undefined,
    );
    expect(closed).toMatchObject({ reqId: opened?.['reqId'], endedBy: 'client', liveStreams: 0 });
    expect(typeof closed?.['responseTime']).toBe('number');
    // Fastify counts an answer when it finishes, which a stream the browser closed never does.
    expect(await streamsAnswered()).toBe(1);
  });
});
