/**
 * A list's `from` and `to` take a date alone (YYYY-MM-DD): midnight at its start in the request's
 * `timeZone`, else the user's zone, else UTC. Anything else is a 400 that names the forms taken,
 * and a value that would be a date-time had its space been a '+' says to send %2B.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildEvent, describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('date-only range bounds', (context) => {
  let api: TestApi;
  /** A user in New York, and one with no zone of their own. */
  const tokens: Record<'newYork' | 'noZone', string> = { newYork: '', noZone: '' };

  beforeAll(async () => {
    const { store } = context();
    api = await buildTestApi(store);
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

  it('meetings and conflicts take a date alone too', async () => {
    for (const list of ['meetings', 'conflicts']) {
      const response = await get('newYork', `/${list}/?from=2026-03-01&to=2026-03-02`);
      expect(response.statusCode, `${list}: ${response.body}`).toBe(200);
    }
  });

  it('a range whose end is not after its start is refused, dates read in the zone', async () => {
    const response = await get('newYork', '/events/?from=2026-03-02&to=2026-03-02');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('querystring.to: must be after from');
  });

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
