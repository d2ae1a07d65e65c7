import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { IcsClient, normaliseFeedUrl } from './ics-client.js';

/** Answers by path: /status/NNN, /big, /slow, and /feed with ETag support. */
function startServer(): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    const status = /^\/status\/(\d+)/.exec(url)?.[1];
    if (status) {
      response.writeHead(Number(status), status === '503' ? { 'retry-after': '120' } : {});
      return response.end();
    }
    if (url === '/big') return response.end('X'.repeat(5000));
    if (url === '/slow') return void setTimeout(() => response.end('late'), 2000);
    if (request.headers['if-none-match'] === '"v1"') {
      response.writeHead(304, { etag: '"v1"' });
      return response.end();
    }
    response.writeHead(200, { etag: '"v1"', 'last-modified': 'Wed, 04 Mar 2026 10:00:00 GMT' });
    response.end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe('IcsClient', () => {
  let server: Server;
  let base: string;
  const client = new IcsClient({ timeoutMs: 500, maxBytes: 1000 });

  beforeAll(async () => ({ server, base } = await startServer()));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('returns the body with its validators, then 304 when they still match', async () => {
    const first = await client.fetchFeed(`${base}/feed`, null);
    expect(first).toMatchObject({
      kind: 'content',
      validators: { etag: '"v1"', lastModified: 'Wed, 04 Mar 2026 10:00:00 GMT' },
    });
    const second = await client.fetchFeed(`${base}/feed`, { etag: '"v1"', lastModified: null });
    expect(second).toEqual({ kind: 'not_modified' });
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [404, 'gone'],
    [410, 'gone'],
    [500, 'transient'],
    [400, 'permanent'],
  ])('maps HTTP %i to a %s error', async (status, kind) => {
    await expect(client.fetchFeed(`${base}/status/${status}`, null)).rejects.toMatchObject({
      kind,
      provider: 'ics',
    });
  });

  it('honours Retry-After on 503', async () => {
    const error = await client.fetchFeed(`${base}/status/503`, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 120_000 });
  });

  it('refuses a feed over the size limit and gives up on a slow one', async () => {
    await expect(client.fetchFeed(`${base}/big`, null)).rejects.toMatchObject({
      kind: 'permanent',
    });
    await expect(client.fetchFeed(`${base}/slow`, null)).rejects.toMatchObject({
      kind: 'transient',
    });
  });

  it('treats an unreachable host as passing trouble', async () => {
    await expect(client.fetchFeed('http://127.0.0.1:1/feed.ics', null)).rejects.toMatchObject({
      kind: 'transient',
    });
  });
});

describe('normaliseFeedUrl', () => {
  it('reads webcal as https and refuses other schemes', () => {
    expect(normaliseFeedUrl('webcal://example.com/cal.ics')).toBe('https://example.com/cal.ics');
    expect(() => normaliseFeedUrl('file:///etc/passwd')).toThrow(ProviderError);
  });
});
