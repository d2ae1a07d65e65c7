/**
 * A list's `from` and `to` take a date alone (YYYY-MM-DD): midnight at its start in the request's
 * `timeZone`, else the user's zone, else UTC (conflicts: the user's zone, else UTC); a date-time
 * may write its T and Z in lower case, as RFC 3339 allows. Anything else is a 400 that names the forms taken,
 * and a value that would be a date-time had its space been a '+' says to send %2B.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { buildEvent, describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, putAcmeCrm } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

/**
 * Two Acme calls around midnight in New York (UTC-5 until 8 March): one on the evening of
 * 1 March there (2 March in UTC), one early on 2 March there.
 */
const ACME_CALLS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//calintel//test//EN',
  ...[
    ['late-mar-1', '20260302T030000Z', '20260302T033000Z'],
    ['early-mar-2', '20260302T060000Z', '20260302T063000Z'],
  ].flatMap(([uid, start, end]) => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:Acme call ${uid}`,
    'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
    'END:VEVENT',
  ]),
  'END:VCALENDAR',
  '',
].join('\r\n');

describeEachDialect('date-only range bounds', (context) => {
  let api: TestApi;
  /**
   * A user in New York, and one with no zone of their own; and a seller in New York whose two
   * Acme calls are imported twice (two calendars), so that each is a meeting and a conflict.
   */
  const tokens: Record<'newYork' | 'noZone' | 'seller', string> = {
    newYork: '',
    noZone: '',
    seller: '',
  };

  beforeAll(async () => {
    const { store } = context();
    api = await buildTestApi(store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    await seedSeller();
    const org = await store.organisations.create({ name: 'bounds', internalDomains: [] });
    for (const [who, timeZone] of [
      ['newYork', 'America/New_York'],
      ['noZone', null],
    ] as const) {
      const user = await store.users.create(org.id, { email: `${who}@bounds.test`, timeZone });
      const scope = { orgId: org.id, userId: user.id };
      const connection = await store.connections.create(scope, {
        provider: 'ics',
        label: 'Work',
        secrets: { url: 'https://calendar.example.test/feed.ics' },
        settings: {},
      });
      const calendar = await store.calendars.upsert(scope, connection.id, {
        providerCalendarId: 'primary',
        name: 'Work',
        timeZone: null,
        isPrimary: true,
      });
      const events = [
        // 28 February, 23:00 in New York; 1 March in UTC.
        buildEvent({
          providerEventId: 'late-feb-28',
          start: '2026-03-01T04:00:00.000Z',
          end: '2026-03-01T04:30:00.000Z',
        }),
        // 1 March, 01:00 in New York.
        buildEvent({
          providerEventId: 'early-mar-1',
          start: '2026-03-01T06:00:00.000Z',
          end: '2026-03-01T06:30:00.000Z',
        }),
      ];
      await store.events.applyPage(
        scope,
        calendar!.id,
        { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
        1,
      );
      tokens[who] = (await store.apiTokens.create(scope, 'test')).token;
    }
  });

  async function seedSeller(): Promise<void> {
    const { store } = context();
    const org = await store.organisations.create({
      name: `sellers ${Math.random().toString(36).slice(2)}`,
      internalDomains: ['northwind.io'],
    });
    const user = await store.users.create(org.id, {
      email: 'ana@northwind.io',
      timeZone: 'America/New_York',
    });
    tokens.seller = (await store.apiTokens.create({ orgId: org.id, userId: user.id }, 't')).token;
    await putAcmeCrm(api.server, tokens.seller);
    for (const label of ['Work', 'Home']) {
      const response = await api.server.inject({
        method: 'POST',
        url: `${CALENDAR_BASE}/providers/ics/connect/?label=${label}`,
        headers: { ...bearer(tokens.seller), 'content-type': 'text/calendar' },
        payload: ACME_CALLS,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    await api.app.queue.drain();
  }

  afterAll(async () => api?.close());

  const get = (who: keyof typeof tokens, path: string) =>
    api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}${path}`,
      headers: bearer(tokens[who]),
    });
  const listed = async (who: keyof typeof tokens, query: string) => {
    const response = await get(who, `/events/?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as { providerEventId: string }[]).map((e) => e.providerEventId);
  };

  it("a date alone is midnight in the request's timeZone, else the user's, else UTC", async () => {
    expect(await listed('newYork', 'from=2026-03-01')).toEqual(['early-mar-1']);
    expect(await listed('noZone', 'from=2026-03-01')).toEqual(['late-feb-28', 'early-mar-1']);
    expect(await listed('noZone', 'from=2026-03-01&timeZone=America/New_York')).toEqual([
      'early-mar-1',
    ]);
    expect(await listed('newYork', 'from=2026-03-01&timeZone=UTC')).toEqual([
      'late-feb-28',
      'early-mar-1',
    ]);
    expect(await listed('newYork', 'to=2026-03-01')).toEqual(['late-feb-28']);
    expect(await listed('newYork', 'from=2026-02-28&to=2026-03-01')).toEqual(['late-feb-28']);
  });

  /** The UIDs of the events of what `list` answers (meetings: their event, conflicts: both). */
  const sellerListed = async (list: 'meetings' | 'conflicts', query: string) => {
    const response = await get('seller', `/${list}/?${query}`);
    expect(response.statusCode, `${list}: ${response.body}`).toBe(200);
    const items = response.json().items as { title?: string; events?: { title: string }[] }[];
    const titles = items.flatMap((item) =>
      list === 'meetings' ? [item.title ?? ''] : (item.events ?? []).map((e) => e.title),
    );
    return [...new Set(titles)].sort();
  };

  it("meetings and conflicts take a date alone too, read in the user's zone", async () => {
    // 2 March in New York starts at 05:00 UTC: the call at 03:00 UTC was on 1 March there.
    for (const list of ['meetings', 'conflicts'] as const) {
      expect(await sellerListed(list, 'from=2026-03-02&to=2026-03-03'), list).toEqual([
        'Acme call early-mar-2',
      ]);
      expect(await sellerListed(list, 'from=2026-03-01&to=2026-03-02'), list).toEqual([
        'Acme call late-mar-1',
      ]);
    }
    // Meetings take a timeZone of the request's own.
    expect(await sellerListed('meetings', 'from=2026-03-02&to=2026-03-03&timeZone=UTC')).toEqual([
      'Acme call early-mar-2',
      'Acme call late-mar-1',
    ]);
  });

  it.each(['events', 'meetings', 'conflicts'])(
    'a %s range whose end is not after its start is refused, dates read in the zone',
    async (list) => {
      // 2 March in New York is 05:00 UTC: after 04:00 UTC there, before it in UTC.
      const query = 'from=2026-03-02&to=2026-03-02T04:00:00Z';
      const refused = await get('seller', `/${list}/?${query}`);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error.message).toBe('querystring.to: must be after from');
      const reversed = await get('seller', `/${list}/?from=2026-03-01T04:00:00Z&to=2026-03-01`);
      expect(reversed.statusCode, reversed.body).toBe(200);
    },
  );

  it.each(['2026-03-01t00:00:00Z', '2026-03-01T00:00:00z', '2026-02-28t19:00:00-05:00'])(
    'a date-time with a lower-case t or z, as RFC 3339 allows, is taken: from=%s',
    async (from) => {
      expect(await listed('noZone', `from=${encodeURIComponent(from)}`)).toEqual([
        'late-feb-28',
        'early-mar-1',
      ]);
      expect(await listed('noZone', `to=${encodeURIComponent(from)}`)).toEqual([]);
      for (const list of ['meetings', 'conflicts']) {
        const response = await get('seller', `/${list}/?from=${encodeURIComponent(from)}`);
        expect(response.statusCode, `${list}: ${response.body}`).toBe(200);
      }
    },
  );

  it.each(['events', 'meetings', 'conflicts'])(
    'a %s bound in another form is a 400 naming the forms taken',
    async (list) => {
      for (const value of ['01/03/2026', '2026-02-30', 'tomorrow', '2026-03-01T10:00:00']) {
        const response = await get('newYork', `/${list}/?from=${encodeURIComponent(value)}`);
        expect(response.statusCode, value).toBe(400);
        expect(response.json()).toEqual({
          error: {
            code: 'invalid_input',
            message: `querystring.from: "${value}" is not a date (YYYY-MM-DD, the start of that day in the time zone) or an RFC 3339 date-time with an offset (such as 2026-03-01T09:00:00Z or 2026-03-01T09:00:00+01:00)`,
          },
        });
      }
    },
  );

  it("a '+' sent unencoded (read as a space) is named: send it as %2B", async () => {
    const response = await get('newYork', '/events/?from=2026-03-01T10:00:00+01:00');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('must be sent as %2B');
    const encoded = await get('newYork', '/events/?from=2026-03-01T00:00:00%2B01:00');
    expect(encoded.statusCode).toBe(200);
  });

  it('the OpenAPI document says a date alone is taken, and where it starts', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const from = (path: string) =>
      (docs.paths[path].get.parameters as { name: string; description?: string }[]).find(
        (p) => p.name === 'from',
      )?.description;
    expect(from(`${CALENDAR_BASE}/events/`)).toMatch(/YYYY-MM-DD.*midnight.*`timeZone`/);
    expect(from(`${CALENDAR_BASE}/meetings/`)).toMatch(/YYYY-MM-DD.*midnight.*`timeZone`/);
    expect(from(`${CALENDAR_BASE}/conflicts/`)).toMatch(/YYYY-MM-DD.*midnight.*user's time zone/);
  });
});
