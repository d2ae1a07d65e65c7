import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFeed, startFeedServer, type FeedServer } from '../../../test/support/feed-server.js';
import { ProviderError } from '../provider.js';
import { IcsClient, normaliseFeedUrl, redactUrl } from './ics-client.js';

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

describe('a feed URL with a user name and password in it', () => {
  const client = new IcsClient({ timeoutMs: 2000, maxBytes: 100_000 });
  const password = 'S3cret p@ss:wörd';
  const withCredentials = (url: string) =>
    url.replace('://', `://alice:${encodeURIComponent(password)}@`);
  let feed: FeedServer;
  let elsewhere: FeedServer;

  beforeAll(async () => {
    feed = await startFeedServer(sampleFeed(), { basicAuth: { user: 'alice', password } });
    elsewhere = await startFeedServer(sampleFeed());
  });
  afterAll(async () => {
    await feed.close();
    await elsewhere.close();
  });

  it('sends them as Authorization: Basic, which a private feed asks for', async () => {
    const answer = await client.fetchFeed(withCredentials(feed.url()), null);
    expect(answer).toMatchObject({ kind: 'content', text: sampleFeed() });
    await expect(client.fetchFeed(feed.url(), null)).rejects.toMatchObject({ kind: 'auth' });
  });

  it('says that the credentials were refused when they are wrong', async () => {
    const wrong = feed.url().replace('://', '://alice:nope@');
    const error = await client.fetchFeed(wrong, null).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth' });
    expect((error as Error).message).toMatch(/401/);
    expect((error as Error).message).not.toContain('nope');
  });

  it('keeps them across a redirect on the same origin', async () => {
    feed.setRedirect('/old.ics', '/feed.ics');
    const answer = await client.fetchFeed(withCredentials(feed.url('/old.ics')), null);
    expect(answer).toMatchObject({ kind: 'content' });
  });

  it('never sends them across a redirect to another origin', async () => {
    feed.setRedirect('/moved.ics', elsewhere.url('/feed.ics'));
    const before = elsewhere.requests.length;
    const answer = await client.fetchFeed(withCredentials(feed.url('/moved.ics')), null);
    expect(answer).toMatchObject({ kind: 'content' });
    const arrived = elsewhere.requests.slice(before);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]?.authorization).toBeUndefined();
    // The redirect was followed: the feed's own server saw the credentials, the other did not.
    expect(feed.requests.at(-1)?.authorization).toMatch(/^Basic /);
  });

  it('sends them no more once a redirect has left the origin, even back to it', async () => {
    feed.setRedirect('/away.ics', elsewhere.url('/back.ics'));
    elsewhere.setRedirect('/back.ics', feed.url('/feed.ics'));
    const before = feed.requests.length;
    const error = await client
      .fetchFeed(withCredentials(feed.url('/away.ics')), null)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth' });
    expect(feed.requests.slice(before).map((r) => r.authorization !== undefined)).toEqual([
      true,
      false,
    ]);
    expect(elsewhere.requests.at(-1)?.authorization).toBeUndefined();
  });

  it('never puts the password or the query in an error, its causes or the log', async () => {
    const url = 'http://alice:S3cretPassw0rd@127.0.0.1:1/private/feed.ics?token=qu3ryS3cret';
    const error = await client.fetchFeed(url, null).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient' });
    const logged = JSON.stringify(pino.stdSerializers.err(error as Error));
    for (const text of [(error as Error).message, logged]) {
      expect(text).not.toContain('S3cretPassw0rd');
      expect(text).not.toContain('qu3ryS3cret');
    }
  });

  it('masks token-like path segments of a redacted URL, keeping names', () => {
    expect(
      redactUrl(
        'https://calendar.google.com/calendar/ical/ana%40acme.com/private-0f3a9c2b7d1e4a6b8c5d/basic.ics',
      ),
    ).toBe('https://calendar.google.com/calendar/ical/ana%40acme.com/***/basic.ics');
    expect(
      redactUrl('webcal://p52-caldav.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4OTA'),
    ).toBe('webcal://p52-caldav.icloud.com/published/2/***');
    expect(redactUrl('https://feed.test/team-calendars/sales/feed.ics')).toBe(
      'https://feed.test/team-calendars/sales/feed.ics',
    );
  });

  it('redacts a URL that the fetch quotes in its own error to scheme, host and path', async () => {
    const secret = 'https://alice:S3cretPassw0rd@feed.test/private/x.ics?token=qu3ryS3cret';
    const failing = new IcsClient({
      timeoutMs: 1000,
      maxBytes: 1000,
      fetch: async () => {
        throw new TypeError(`fetch failed for ${secret}`, {
          cause: Object.assign(new Error(`connect refused: ${secret}`), { code: 'ECONNREFUSED' }),
        });
      },
    });
    const error = await failing.fetchFeed(secret, null).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient' });
    expect((error as Error).message).toContain('refused the connection (ECONNREFUSED)');
    const logged = JSON.stringify(pino.stdSerializers.err(error as Error));
    expect(logged).toContain('https://feed.test/private/x.ics');
    for (const text of [(error as Error).message, logged]) {
      expect(text).not.toContain('S3cretPassw0rd');
      expect(text).not.toContain('qu3ryS3cret');
      expect(text).not.toContain('alice');
    }
  });
});

describe('IcsClient decoding', () => {
  const answering = (body: Uint8Array, contentType: string) =>
    new IcsClient({
      timeoutMs: 500,
      maxBytes: 1000,
      fetch: async () =>
        new Response(body, { status: 200, headers: { 'content-type': contentType } }),
    });
  const latin1 = Buffer.from('SUMMARY:R\xe9union caf\xe9\r\n', 'latin1');

  it('reads the body in the charset the feed declares', async () => {
    const answer = await answering(latin1, 'text/calendar; charset=ISO-8859-1').fetchFeed(
      'https://feed.test/a.ics',
      null,
    );
    expect(answer).toMatchObject({
      kind: 'content',
      text: 'SUMMARY:Réunion café\r\n',
      contentType: 'text/calendar',
      charsetIssue: null,
    });
  });

  it('reads UTF-8 without a charset, joining a character a fold cut in two', async () => {
    const folded = Buffer.from('SUMMARY:Caf\xc3\r\n \xa9\r\n', 'latin1');
    const answer = await answering(folded, 'text/calendar').fetchFeed('https://feed.test/', null);
    expect(answer).toMatchObject({ text: 'SUMMARY:Caf\r\n \u00e9\r\n', charsetIssue: null });
  });

  it('reads a charset it does not know as UTF-8, and says so', async () => {
    const answer = await answering(latin1, 'text/calendar; charset=x-unheard-of').fetchFeed(
      'https://feed.test/',
      null,
    );
    expect(answer).toMatchObject({
      text: 'SUMMARY:R\ufffdunion caf\ufffd\r\n',
      charsetIssue: expect.stringContaining('"x-unheard-of", which calintel cannot read'),
    });
  });
});
