/**
 * A local ICS feed server that honours ETag / If-None-Match, and counts what it was asked; it can
 * require HTTP Basic credentials and redirect a path elsewhere.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedServer {
  url(path?: string): string;
  /** Replaces the feed's body; its ETag changes with it. */
  setBody(body: string): void;
  /** Answers every request with this status instead (null: serve the feed). */
  setStatus(status: number | null): void;
  /** The Content-Type the feed is served with (default: text/calendar; charset=utf-8). */
  setContentType(type: string): void;
  /** Answers requests for `path` with a 302 to `location` (null: stop redirecting it). */
  setRedirect(path: string, location: string | null): void;
  /** Each request's headers and path, in order. */
  requests: IncomingHttpHeaders[];
  paths: string[];
  responses: number[];
  close(): Promise<void>;
}

export interface FeedServerOptions {
  /** Every request must carry these in `Authorization: Basic` (401 otherwise, redirects too). */
  basicAuth?: { user: string; password: string };
}

export async function startFeedServer(
  initialBody: string,
  options: FeedServerOptions = {},
): Promise<FeedServer> {
  let body = initialBody;
  let forcedStatus: number | null = null;
  let contentType = 'text/calendar; charset=utf-8';
  const redirects = new Map<string, string>();
  const requests: IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  const responses: number[] = [];
  const expectedAuth = options.basicAuth
    ? `Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`
    : null;
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    paths.push(request.url ?? '/');
    if (expectedAuth && request.headers.authorization !== expectedAuth) {
      responses.push(401);
      response.writeHead(401, { 'www-authenticate': 'Basic realm="feed"' });
      response.end('sign in');
      return;
    }
    const location = redirects.get(request.url ?? '/');
    if (location) {
      responses.push(302);
      response.writeHead(302, { location });
      response.end();
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    const status = forcedStatus ?? (request.headers['if-none-match'] === etag ? 304 : 200);
    responses.push(status);
    if (status !== 200) {
      response.writeHead(status, status === 304 ? { etag } : { 'content-type': 'text/plain' });
      response.end(status === 304 ? undefined : 'no');
      return;
    }
    response.writeHead(200, { 'content-type': contentType, etag });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/feed.ics') => `http://127.0.0.1:${port}${path}`,
    setBody: (next) => {
      body = next;
    },
    setStatus: (status) => {
      forcedStatus = status;
    },
    setContentType: (type) => {
      contentType = type;
    },
    setRedirect: (path, location) => {
      if (location === null) redirects.delete(path);
      else redirects.set(path, location);
    },
    requests,
    paths,
    responses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A small calendar with one single event and one weekly series, near `day`. */
export function sampleFeed(
  options: { day?: string; extraSummary?: string; withoutSingle?: boolean } = {},
): string {
  const day = (options.day ?? '20260310').replace(/-/g, '');
  const single = options.withoutSingle
    ? []
    : [
        'BEGIN:VEVENT',
        'UID:single@feed.test',
        'DTSTAMP:20260101T000000Z',
        `DTSTART:${day}T150000Z`,
        `DTEND:${day}T160000Z`,
        `SUMMARY:Acme discovery${options.extraSummary ?? ''}`,
        'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
        'ATTENDEE;CN=Jane Doe;PARTSTAT=ACCEPTED:mailto:JDoe@Acme.com',
        'LOCATION:https://acme.zoom.us/j/123456789',
        'END:VEVENT',
      ];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    'X-WR-CALNAME:Sales feed',
    ...single,
    'BEGIN:VEVENT',
    'UID:weekly@feed.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${day}T090000Z`,
    `DTEND:${day}T093000Z`,
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'SUMMARY:Pipeline review',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
