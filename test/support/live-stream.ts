/**
 * The live stream's API tests: one application per dialect served by a real HTTP server (a
 * stream needs a socket), and what /metrics says of the streams.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { buildServer } from '../../src/api/server.js';
import type { StoreContext } from './databases.js';
import { buildTestApi, type TestApi } from './test-app.js';

export const LIVE = '/api/v1/calendar/live/';

/**
 * Builds the application (polling for changes every 100 ms) and its server before the suite's
 * tests, closes both after them; `logger` when the test reads the server's log lines.
 */
export function useLiveServer(
  context: () => StoreContext,
  logger?: FastifyBaseLogger,
): { server: () => FastifyInstance } {
  let api: TestApi | undefined;
  let server: FastifyInstance | undefined;
  beforeAll(async () => {
    api = await buildTestApi(context().store, { LIVE_POLL_MS: '100' });
    server = await buildServer({ ...apiDepsFor(api.app), ...(logger ? { logger } : {}) });
    await server.ready();
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });
  return { server: () => defined(server) };
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the live server is built in beforeAll');
  return value;
}

async function metricLine(
  server: FastifyInstance,
  matches: (line: string) => boolean,
): Promise<number | null> {
  const metrics = await server.inject({ method: 'GET', url: '/metrics' });
  const line = metrics.body.split('\n').find(matches);
  return line === undefined ? null : Number(line.split(' ').at(-1));
}

/** The calintel_live_streams gauge, or null when /metrics does not give it. */
export function openStreams(server: FastifyInstance): Promise<number | null> {
  return metricLine(server, (l) => l.startsWith('calintel_live_streams '));
}

/** How many requests to the live route Fastify counted as answered (0 before the first). */
export async function liveRequestsCounted(server: FastifyInstance): Promise<number> {
  const counted = await metricLine(
    server,
    (l) => l.startsWith('calintel_http_requests_total') && l.includes(`route="${LIVE}"`),
  );
  return counted ?? 0;
}

/** Reads `check` again until it holds; the test's own timeout bounds the wait. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
): Promise<T> {
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
