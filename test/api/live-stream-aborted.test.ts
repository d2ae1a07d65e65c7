import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { buildServer } from '../../src/api/server.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const LIVE = '/api/v1/calendar/live/';
/** One more than the streams a token may hold open at once (MAX_STREAMS_PER_CALLER). */
const ABORTS = 6;

/** Sends a stream request and destroys the socket once the bytes are out, before any answer. */
function requestAndLeave(base: URL, token: string): Promise<void> {
  const head = [
    `GET ${LIVE} HTTP/1.1`,
    `Host: ${base.host}`,
    `Authorization: ${bearer(token).authorization}`,
    'Accept: text/event-stream',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname);
    socket.on('error', reject);
    socket.write(head, () => {
      socket.destroy();
      resolve();
    });
  });
}

/** Reads `check` again until it holds; the test's own timeout bounds the wait. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachDialect('live streams whose client left at once', (context) => {
  let api: TestApi;
  let server: FastifyInstance;

  beforeAll(async () => {
    api = await buildTestApi(context().store, { LIVE_POLL_MS: '100' });
    server = await buildServer(apiDepsFor(api.app));
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

  const streamsLogged = async () => {
    const metrics = await server.inject({ method: 'GET', url: '/metrics' });
    const counted = metrics.body
      .split('\n')
      .find((l) => l.startsWith('calintel_http_requests_total') && l.includes(`route="${LIVE}"`));
    return counted === undefined ? 0 : Number(counted.split(' ').at(-1));
  };

  it('are released: the gauge returns to 0 and the token may open a stream again', async () => {
    const tenant = await seedTenant(context().store, 'live-aborted');
    const { token } = await context().store.apiTokens.create(tenant.scope, 'live');
    const base = new URL(await server.listen({ port: 0, host: '127.0.0.1' }));
    for (let i = 0; i < ABORTS; i += 1) await requestAndLeave(base, token);
    // Every aborted request reaches the route and is counted once it is torn down.
    await eventually(streamsLogged, (n) => n === ABORTS);
    expect(await openStreams()).toBe(0);

    const controller = new AbortController();
    const response = await fetch(new URL(LIVE, base), {
      headers: bearer(token),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    controller.abort();
    expect(await eventually(openStreams, (n) => n === 0)).toBe(0);
  });
});
