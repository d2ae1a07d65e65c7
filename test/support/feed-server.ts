/** A local ICS feed server that honours ETag / If-None-Match, and counts what it was asked. */
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
  requests: IncomingHttpHeaders[];
  responses: number[];
  close(): Promise<void>;
}

export async function startFeedServer(initialBody: string): Promise<FeedServer> {
  let body = initialBody;
  let forcedStatus: number | null = null;
  let contentType = 'text/calendar; charset=utf-8';
  const requests: IncomingHttpHeaders[] = [];
  const responses: number[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
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
    requests,
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
