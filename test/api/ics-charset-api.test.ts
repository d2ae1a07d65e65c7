/**
 * An ICS feed or upload is read in the charset its Content-Type declares (UTF-8 when it declares
 * none, RFC 5545's default), and a fold that cuts a UTF-8 character in two is joined again
 * (RFC 5545 §3.1), in every way a calendar reaches the API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const CONNECT = `${BASE}/providers/ics/connect/`;

/** A calendar of one event titled `summary`, as octets (`summary` written in latin1 bytes). */
function calendarBytes(uid: string, summary: string): Buffer {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//charset//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260310T150000Z',
    'DTEND:20260310T160000Z',
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** Serves each path's bytes with its Content-Type. */
function startBytesServer(
  feeds: Record<string, { type: string; body: Buffer }>,
): Promise<{ server: Server; url: (path: string) => string }> {
  const server = createServer((request, response) => {
    const feed = feeds[request.url ?? ''];
    if (!feed) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': feed.type }).end(feed.body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: (path) => `http://127.0.0.1:${port}${path}` });
    }),
  );
}

describeEachDialect('ICS charsets and folds', (context) => {
  let api: TestApi;
  let token: string;
  let feeds: Awaited<ReturnType<typeof startBytesServer>>;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    const tenant = await seedTenant(context().store, 'charsets');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
    feeds = await startBytesServer({
      '/latin1.ics': {
        type: 'text/calendar; charset=ISO-8859-1',
        body: calendarBytes('latin1-feed@t', 'R\xe9union caf\xe9 feed'),
      },
      '/folded.ics': {
        type: 'text/calendar',
        body: calendarBytes('folded-feed@t', 'Caf\xc3\r\n \xa9 feed \xe6\x97\r\n \xa5'),
      },
      '/undeclared-latin1.ics': {
        type: 'text/calendar',
        body: calendarBytes('undeclared-feed@t', 'R\xe9union caf\xe9 undeclared'),
      },
      '/unknown.ics': {
        type: 'text/calendar; charset=x-unheard-of',
        body: calendarBytes('unknown-feed@t', 'plain feed'),
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => feeds?.server.close(resolve));
  });

  const connect = (headers: Record<string, string>, payload: Buffer | object, query = '') =>
    api.server.inject({
      method: 'POST',
      url: `${CONNECT}${query}`,
      headers: { ...bearer(token), ...headers },
      payload: payload as Buffer,
    });
  const titleOf = async (uid: string) => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&limit=500`,
      headers: bearer(token),
    });
    const items = response.json().items as { providerEventId: string; title: string }[];
    return items.find((item) => item.providerEventId === uid)?.title;
  };

  it('a feed declaring ISO-8859-1 is read in it', async () => {
    const response = await connect({}, { url: feeds.url('/latin1.ics'), label: 'latin1' });
    expect(response.statusCode).toBe(201);
    expect(await titleOf('latin1-feed@t')).toBe('Réunion café feed');
  });

  it('a raw upload declaring ISO-8859-1 is read in it', async () => {
    const body = calendarBytes('latin1-raw@t', 'R\xe9union caf\xe9 raw');
    const response = await connect(
      { 'content-type': 'text/calendar; charset=iso-8859-1' },
      body,
      '?label=raw',
    );
    expect(response.statusCode).toBe(201);
    expect(await titleOf('latin1-raw@t')).toBe('Réunion café raw');
  });

  it('a raw upload declaring a charset nobody knows is a 400 naming it', async () => {
    const response = await connect(
      { 'content-type': 'text/calendar; charset=x-unheard-of' },
      calendarBytes('never@t', 'x'),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/charset "x-unheard-of" is not one/);
  });

  it('a feed declaring a charset nobody knows is read as UTF-8, with an issue saying so', async () => {
    const response = await connect({}, { url: feeds.url('/unknown.ics'), label: 'unknown' });
    expect(response.statusCode).toBe(201);
    expect(await titleOf('unknown-feed@t')).toBe('plain feed');
    const status = await api.server.inject({
      method: 'GET',
      url: `${BASE}/sync/status/`,
      headers: bearer(token),
    });
    const calendar = (
      status.json().calendars as { calendarName: string; issues: { message: string }[] }[]
    ).find((c) => c.calendarName === 'unknown');
    expect(calendar?.issues).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/"x-unheard-of".*read as UTF-8/) }),
    ]);
  });

  it('a fold inside a UTF-8 character is joined, in a feed, a raw upload and a multipart upload', async () => {
    const folded = (uid: string, what: string) =>
      calendarBytes(uid, `Caf\xc3\r\n \xa9 ${what} \xe6\x97\r\n \xa5`);
    expect((await connect({}, { url: feeds.url('/folded.ics'), label: 'folded' })).statusCode).toBe(
      201,
    );
    expect(await titleOf('folded-feed@t')).toBe('Café feed 日');

    const raw = await connect(
      { 'content-type': 'text/calendar' },
      folded('folded-raw@t', 'raw'),
      '?label=folded-raw',
    );
    expect(raw.statusCode).toBe(201);
    expect(await titleOf('folded-raw@t')).toBe('Café raw 日');

    const multipart = Buffer.concat([
      Buffer.from(
        '--XX\r\nContent-Disposition: form-data; name="file"; filename="f.ics"\r\n' +
          'Content-Type: text/calendar\r\n\r\n',
      ),
      folded('folded-multipart@t', 'multipart'),
      Buffer.from('\r\n--XX--\r\n'),
    ]);
    const uploaded = await connect(
      { 'content-type': 'multipart/form-data; boundary=XX' },
      multipart,
    );
    expect(uploaded.statusCode).toBe(201);
    expect(await titleOf('folded-multipart@t')).toBe('Café multipart 日');
  });

  it('a multipart part or a feed without a charset that is not UTF-8 is read as windows-1252, said', async () => {
    // Before, its accented letters became U+FFFD, for good and without a word.
    const issuesOf = async (name: string) => {
      const status = await api.server.inject({
        method: 'GET',
        url: `${BASE}/sync/status/`,
        headers: bearer(token),
      });
      const calendars = status.json().calendars as {
        calendarName: string;
        issues: { message: string }[];
      }[];
      return calendars.find((c) => c.calendarName === name)?.issues.map((i) => i.message);
    };
    const multipart = Buffer.concat([
      Buffer.from(
        '--XX\r\nContent-Disposition: form-data; name="label"\r\n\r\nlegacy\r\n' +
          '--XX\r\nContent-Disposition: form-data; name="file"; filename="old.ics"\r\n' +
          'Content-Type: text/calendar; charset=ISO-8859-1\r\n\r\n',
      ),
      calendarBytes('latin1-multipart@t', 'R\xe9union caf\xe9 multipart'),
      Buffer.from('\r\n--XX--\r\n'),
    ]);
    const uploaded = await connect(
      { 'content-type': 'multipart/form-data; boundary=XX' },
      multipart,
    );
    expect(uploaded.statusCode).toBe(201);
    expect(await titleOf('latin1-multipart@t')).toBe('Réunion café multipart');
    expect(await issuesOf('legacy')).toEqual([
      expect.stringMatching(/^the file names no charset and is not valid UTF-8: .*windows-1252/),
    ]);

    const feed = await connect({}, { url: feeds.url('/undeclared-latin1.ics'), label: 'plain' });
    expect(feed.statusCode).toBe(201);
    expect(await titleOf('undeclared-feed@t')).toBe('Réunion café undeclared');
    expect(await issuesOf('plain')).toEqual([
      expect.stringMatching(/^the feed names no charset and is not valid UTF-8/),
    ]);
  });
});
