import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import {
  CaldavClient,
  encodePath,
  normaliseHref,
  normaliseServerUrl,
  readHref,
  type CaldavClientOptions,
} from './caldav-client.js';

const CALENDAR = 'https://dav.example.test/cal/work/';

function multistatus(responses: string, syncToken?: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${responses}${
    syncToken ? `<d:sync-token>${syncToken}</d:sync-token>` : ''
  }</d:multistatus>`;
}

function member(href: string, etag: string, data?: string): string {
  const calendarData = data === undefined ? '' : `<c:calendar-data>${data}</c:calendar-data>`;
  return `<d:response><d:href>${href}</d:href><d:propstat><d:prop><d:getetag>${etag}</d:getetag>${calendarData}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
}

function gone(href: string, status = '404 Not Found'): string {
  return `<d:response><d:href>${href}</d:href><d:status>HTTP/1.1 ${status}</d:status></d:response>`;
}

/** A server that answers each request with the next scripted answer, and notes what it got. */
function scripted(
  answers: Array<{ status: number; body: string | Uint8Array; type?: string } | Error>,
  options: Partial<CaldavClientOptions> = {},
) {
  const seen: Array<{ method: string; body: string; authorization: string | null }> = [];
  const fetchImpl = (async (_input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    seen.push({
      method: init?.method ?? 'GET',
      body: String(init?.body ?? ''),
      authorization: headers.get('authorization'),
    });
    const next = answers.shift();
    if (!next) throw new Error('no more answers scripted');
    if (next instanceof Error) throw next;
    return new Response(next.body, {
      status: next.status,
      headers: { 'content-type': next.type ?? 'application/xml; charset=utf-8' },
    });
  }) as typeof fetch;
  const session = new CaldavClient({ timeoutMs: 1_000, ...options, fetch: fetchImpl }).session({
    serverUrl: 'https://dav.example.test/',
    username: 'alice',
    password: 'secret',
  });
  return { session, seen };
}

describe('CaldavSession.syncCollection', () => {
  it('continues a listing cut short by 507 with the token it ended on, merging the rounds', async () => {
    const { session, seen } = scripted([
      {
        status: 207,
        body: multistatus(
          member('/cal/work/a.ics', '"1"') +
            member('/cal/work/b.ics', '"1"') +
            gone('/cal/work/', '507 Insufficient Storage'),
          'tok-2',
        ),
      },
      {
        status: 207,
        body: multistatus(gone('/cal/work/a.ics') + member('/cal/work/c%20d.ics', '"3"'), 'tok-3'),
      },
    ]);
    const answer = await session.syncCollection(CALENDAR, 'tok-1');
    expect(answer).toEqual({
      kind: 'changes',
      changed: [
        { href: '/cal/work/b.ics', etag: '"1"' },
        { href: '/cal/work/c d.ics', etag: '"3"' },
      ],
      removed: ['/cal/work/a.ics'],
      syncToken: 'tok-3',
      malformed: [],
    });
    expect(seen[0]!.body).toContain('<d:sync-token>tok-1</d:sync-token>');
    expect(seen[1]!.body).toContain('<d:sync-token>tok-2</d:sync-token>');
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('alice:secret').toString('base64')}`);
  });

  it.each([
    [403, '<error xmlns="DAV:"><valid-sync-token/></error>'],
    [409, '<d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>'],
    [409, ''],
  ])('reads %s %j as an invalid token', async (status, body) => {
    const { session } = scripted([{ status, body }]);
    expect(await session.syncCollection(CALENDAR, 'old')).toEqual({ kind: 'invalid_token' });
  });

  it('reads a refused REPORT without the precondition as no sync-collection', async () => {
    const { session } = scripted([{ status: 403, body: 'no', type: 'text/plain' }]);
    expect(await session.syncCollection(CALENDAR, '')).toEqual({ kind: 'unsupported' });
  });

  it('throws 401 as auth and 5xx as transient, with Retry-After on 429', async () => {
    const unauthorised = scripted([{ status: 401, body: '' }]).session;
    await expect(unauthorised.syncCollection(CALENDAR, 't')).rejects.toMatchObject({
      kind: 'auth',
    });
    const down = scripted([{ status: 502, body: '' }]).session;
    await expect(down.syncCollection(CALENDAR, 't')).rejects.toMatchObject({ kind: 'transient' });
    const limited = scripted([{ status: 429, body: '' }]).session;
    await expect(limited.syncCollection(CALENDAR, 't')).rejects.toMatchObject({
      kind: 'rate_limit',
    });
  });

  it('turns a connection that fails before any answer into a transient error', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    const { session } = scripted([reset]);
    const error = await session.syncCollection(CALENDAR, 't').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'transient' });
    expect((error as Error).message).toMatch(/could not reach.*ECONNRESET/);
  });
});

/** The 507 response a server puts in a multistatus it cut short (for the request-URI). */
const cutShort = (href = '/cal/work/') =>
  `<d:response><d:href>${href}</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status>` +
  '<d:error><d:number-of-matches-within-limits/></d:error></d:response>';

/** The time-range a calendar-query body asked for. */
const rangeOf = (body: string) => /time-range start="(\w+)" end="(\w+)"/.exec(body)?.slice(1);

const MARCH = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-31T00:00:00Z') };

describe('CaldavSession.objectsInRange', () => {
  it('asks again for each half of a range whose answer was cut short (507), and merges them', async () => {
    const { session, seen } = scripted([
      {
        status: 207,
        body: multistatus(member('/cal/work/a.ics', '"1"') + cutShort()),
      },
      { status: 207, body: multistatus(member('/cal/work/a.ics', '"1"')) },
      {
        status: 207,
        body: multistatus(member('/cal/work/b.ics', '"2"') + member('/cal/work/a.ics', '"1"')),
      },
    ]);
    const listed = await session.objectsInRange(CALENDAR, MARCH);
    expect(listed.versions).toEqual([
      { href: '/cal/work/a.ics', etag: '"1"' },
      { href: '/cal/work/b.ics', etag: '"2"' },
    ]);
    expect(seen.map((request) => rangeOf(request.body))).toEqual([
      ['20260301T000000Z', '20260331T000000Z'],
      ['20260301T000000Z', '20260316T000000Z'],
      ['20260316T000000Z', '20260331T000000Z'],
    ]);
  });

  it('splits a range the server refused whole with 507 too', async () => {
    const { session, seen } = scripted([
      { status: 507, body: '', type: 'text/plain' },
      { status: 207, body: multistatus(member('/cal/work/a.ics', '"1"')) },
      { status: 207, body: multistatus('') },
    ]);
    expect(await session.objectsInRange(CALENDAR, MARCH)).toEqual({
      versions: [{ href: '/cal/work/a.ics', etag: '"1"' }],
      malformed: [],
    });
    expect(seen).toHaveLength(3);
  });

  it('fails as transient when a part is still cut short after the last split', async () => {
    const truncatedEveryTime = Array.from({ length: 7 }, () => ({
      status: 207,
      body: multistatus(cutShort()),
    }));
    const { session, seen } = scripted(truncatedEveryTime, { maxRangeSplits: 2 });
    const error = await session.objectsInRange(CALENDAR, MARCH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'transient' });
    expect((error as Error).message).toMatch(/507/);
    // The range and its two halves, then the first quarter, cut short after two halvings.
    expect(seen).toHaveLength(4);
    expect(rangeOf(seen[3]!.body)).toEqual(['20260301T000000Z', '20260308T120000Z']);
  });
});

describe('CaldavSession.listObjects', () => {
  it('fails as transient when the server cuts the listing short, instead of leaving members out', async () => {
    const { session } = scripted([
      {
        status: 207,
        body: multistatus(member('/cal/work/a.ics', '"1"') + cutShort()),
      },
    ]);
    const error = await session.listObjects(CALENDAR).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'transient' });
  });
});

describe('CaldavSession.multiget', () => {
  it('returns the data of the objects found and names those gone or not answered', async () => {
    const ics = 'BEGIN:VCALENDAR&#13;\nEND:VCALENDAR';
    const { session } = scripted([
      {
        status: 207,
        body: multistatus(member('/cal/work/a.ics', '"1"', ics) + gone('/cal/work/b.ics')),
      },
    ]);
    const answer = await session.multiget(CALENDAR, [
      '/cal/work/a.ics',
      '/cal/work/b.ics',
      '/cal/work/c.ics',
    ]);
    expect(answer.found).toEqual([
      { href: '/cal/work/a.ics', etag: '"1"', data: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' },
    ]);
    expect(answer.missing).toEqual(['/cal/work/b.ics', '/cal/work/c.ics']);
    expect(answer.unanswered).toEqual([]);
  });

  it('joins a UTF-8 character that a fold in the calendar data cuts in two (RFC 5545 3.1)', async () => {
    // "Café" folded between the two octets of é; before, both halves became U+FFFD.
    const ics = Buffer.from(
      'BEGIN:VCALENDAR\r\nSUMMARY:Caf\xc3\r\n \xa9\r\nEND:VCALENDAR',
      'latin1',
    );
    const [head, tail] = multistatus(member('/cal/work/a.ics', '"1"', '@')).split('@');
    const { session } = scripted([
      { status: 207, body: Buffer.concat([Buffer.from(head!), ics, Buffer.from(tail!)]) },
    ]);
    const answer = await session.multiget(CALENDAR, ['/cal/work/a.ics']);
    expect(answer.found[0]?.data).toBe('BEGIN:VCALENDAR\r\nSUMMARY:Caf\r\n é\r\nEND:VCALENDAR');
  });
});

/** An href no URL can be made of: an IPv6 host whose bracket is never closed. */
const BAD = 'http://[::1/cal/work/b.ics';

describe('hrefs that are not URLs', () => {
  it('sync-collection names them apart and reads every other change', async () => {
    const { session } = scripted([
      {
        status: 207,
        body: multistatus(
          member('/cal/work/a.ics', '"1"') + member(BAD, '"2"') + gone('https://[x/c.ics'),
          'tok-2',
        ),
      },
    ]);
    expect(await session.syncCollection(CALENDAR, 'tok-1')).toEqual({
      kind: 'changes',
      changed: [{ href: '/cal/work/a.ics', etag: '"1"' }],
      removed: [],
      syncToken: 'tok-2',
      malformed: [BAD, 'https://[x/c.ics'],
    });
  });

  it('PROPFIND and time-range listings name them apart', async () => {
    const answer = { status: 207, body: multistatus(member(BAD, '"2"') + member('c.ics', '"3"')) };
    const { session } = scripted([answer, answer]);
    const expected = { versions: [{ href: '/cal/work/c.ics', etag: '"3"' }], malformed: [BAD] };
    expect(await session.listObjects(CALENDAR)).toEqual(expected);
    expect(await session.objectsInRange(CALENDAR, MARCH)).toEqual(expected);
  });

  it('a fetch answered under one takes nothing it asked for as gone', async () => {
    const ics = 'BEGIN:VCALENDAR&#13;\nEND:VCALENDAR';
    const { session } = scripted([
      {
        status: 207,
        body: multistatus(member('/cal/work/a.ics', '"1"', ics) + member(BAD, '"2"', ics)),
      },
    ]);
    const answer = await session.multiget(CALENDAR, ['/cal/work/a.ics', '/cal/work/b.ics']);
    expect(answer.found.map((object) => object.href)).toEqual(['/cal/work/a.ics']);
    expect(answer).toMatchObject({
      missing: [],
      malformed: [BAD],
      unanswered: ['/cal/work/b.ics'],
    });
  });
});

describe('addresses', () => {
  it('reads a bare domain as its https site and keeps a full URL', () => {
    expect(normaliseServerUrl('fastmail.com')).toBe('https://fastmail.com/');
    expect(normaliseServerUrl(' https://caldav.icloud.com ')).toBe('https://caldav.icloud.com/');
    expect(() => normaliseServerUrl('ftp://example.com')).toThrow(ProviderError);
  });

  it('refuses credentials inside the URL, which would reach error messages and logs', () => {
    const attempt = () => normaliseServerUrl('https://alice:s3cret@dav.example.test/');
    expect(attempt).toThrow(/own fields/);
    try {
      attempt();
    } catch (error) {
      expect((error as ProviderError).kind).toBe('invalid_input');
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('encodes an href one segment at a time, so # and ? in a file name survive', () => {
    expect(encodePath('/cal/work/a#b ?.ics')).toBe('/cal/work/a%23b%20%3F.ics');
    expect(encodePath('/cal/work/plain.ics')).toBe('/cal/work/plain.ics');
  });

  it('reads an href that is not a URL as none, and spells the others as normaliseHref does', () => {
    expect(readHref(BAD, CALENDAR)).toBeNull();
    expect(readHref('https://example.test:99999/cal/work/b.ics', CALENDAR)).toBeNull();
    expect(readHref('b%20c.ics', CALENDAR)).toBe('/cal/work/b c.ics');
  });

  it('spells an href one way however the server encoded it', () => {
    expect(normaliseHref('/cal/work/a%40b.ics', CALENDAR)).toBe('/cal/work/a@b.ics');
    expect(normaliseHref('https://dav.example.test/cal/work/a@b.ics', CALENDAR)).toBe(
      '/cal/work/a@b.ics',
    );
  });
});
