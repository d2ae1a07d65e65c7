import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

describeEachDialect('events API', (context) => {
  let api: TestApi;
  let alice: Tenant;
  let bob: Tenant;
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    const { store } = context();
    api = await buildTestApi(store);
    alice = await seedTenant(store, 'alice');
    bob = await seedTenant(store, 'bob');
    aliceToken = (await store.apiTokens.create(alice.scope, 'test')).token;
    bobToken = (await store.apiTokens.create(bob.scope, 'test')).token;
    const aliceEvents = [
      buildEvent({
        providerEventId: 'a3',
        start: '2026-03-06T09:00:00.000Z',
        title: 'Acme pricing review',
      }),
      buildEvent({
        providerEventId: 'a1',
        start: '2026-03-04T09:00:00.000Z',
        title: 'Globex discovery',
      }),
      buildEvent({
        providerEventId: 'a2',
        start: '2026-03-05T09:00:00.000Z',
        title: 'Initech demo',
        status: 'cancelled',
      }),
      // Same start as a1: the cursor must still give each event exactly once.
      buildEvent({
        providerEventId: 'a0',
        start: '2026-03-04T09:00:00.000Z',
        title: 'Tie breaker',
      }),
    ];
    await store.events.applyPage(
      alice.scope,
      alice.calendar.id,
      { upserts: aliceEvents.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    await store.events.applyPage(
      bob.scope,
      bob.calendar.id,
      {
        upserts: [{ event: buildEvent({ providerEventId: 'b1', title: 'Bob secret' }), raw: {} }],
        deletions: [],
      },
      1,
    );
  });

  afterAll(async () => api.close());

  it('refuses a request without a token, with the error shape', async () => {
    const response = await api.server.inject({ method: 'GET', url: `${BASE}/events/` });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: { code: 'unauthorized', message: expect.stringContaining('bearer') },
    });
  });

  it('refuses an unknown token', async () => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/`,
      headers: bearer('cit_not-a-real-token'),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorized');
  });

  it("lists only the caller's events, sorted by start, with and without the trailing slash", async () => {
    for (const url of [`${BASE}/events/`, `${BASE}/events`]) {
      const response = await api.server.inject({ method: 'GET', url, headers: bearer(aliceToken) });
      expect(response.statusCode).toBe(200);
      const items = response.json().items as Array<{ title: string; start: string }>;
      expect(items.map((e) => e.title)).not.toContain('Bob secret');
      expect(items.map((e) => e.start)).toEqual([...items.map((e) => e.start)].sort());
      expect(items).toHaveLength(4);
    }
  });

  it('pages with a cursor and returns every event exactly once, ties included', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=1&cursor=${encodeURIComponent(cursor)}` : 'limit=1';
      const response = await api.server.inject({
        method: 'GET',
        url: `${BASE}/events/?${query}`,
        headers: bearer(aliceToken),
      });
      expect(response.statusCode).toBe(200);
      const page = response.json() as {
        items: Array<{ providerEventId: string }>;
        nextCursor: string | null;
      };
      seen.push(...page.items.map((e) => e.providerEventId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('filters by time range, status and text', async () => {
    const get = async (query: string) =>
      (
        await api.server.inject({
          method: 'GET',
          url: `${BASE}/events/?${query}`,
          headers: bearer(aliceToken),
        })
      ).json().items as Array<{ providerEventId: string }>;
    const range = await get('from=2026-03-05T00:00:00Z&to=2026-03-07T00:00:00Z');
    expect(range.map((e) => e.providerEventId).sort()).toEqual(['a2', 'a3']);
    const cancelled = await get('status=cancelled');
    expect(cancelled.map((e) => e.providerEventId)).toEqual(['a2']);
    const text = await get('q=PRICING');
    expect(text.map((e) => e.providerEventId)).toEqual(['a3']);
    const provider = await get('provider=google');
    expect(provider).toEqual([]);
  });

  it('says which field is wrong', async () => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/?limit=0`,
      headers: bearer(aliceToken),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('limit'),
    });
    const badCursor = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/?cursor=garbage`,
      headers: bearer(aliceToken),
    });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.message).toContain('cursor');
  });

  it("filters all-day events by the dates the range covers in the viewer's zone: timeZone, else the user's, else UTC", async () => {
    const { store } = context();
    const org = await store.organisations.create({ name: 'zones', internalDomains: [] });
    const listing = async (email: string, timeZone: string | null) => {
      const user = await store.users.create(org.id, { email, timeZone });
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
      const day = (id: string, startDate: string, endDate: string) =>
        buildEvent({
          providerEventId: id,
          allDay: true,
          startDate,
          endDate,
          start: `${startDate}T00:00:00.000Z`,
          end: `${endDate}T00:00:00.000Z`,
          timeZone: null,
        });
      const events = [
        day('first-day', '2026-03-02', '2026-03-03'),
        day('day-after', '2026-03-09', '2026-03-10'),
        buildEvent({ providerEventId: 'timed', start: '2026-03-09T03:00:00.000Z' }),
      ];
      await store.events.applyPage(
        scope,
        calendar!.id,
        { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
        1,
      );
      const token = (await store.apiTokens.create(scope, 'test')).token;
      // Monday 2 to Sunday 8 March 2026 in New York.
      return async (query = '') => {
        const response = await api.server.inject({
          method: 'GET',
          url: `${BASE}/events/?from=2026-03-02T05:00:00Z&to=2026-03-09T04:00:00Z${query}`,
          headers: bearer(token),
        });
        expect(response.statusCode).toBe(200);
        return (response.json().items as Array<{ providerEventId: string }>).map(
          (e) => e.providerEventId,
        );
      };
    };
    const newYorker = await listing('ny@zones.test', 'America/New_York');
    const unzoned = await listing('utc@zones.test', null);
    const inNewYork = ['first-day', 'timed'];
    expect(await newYorker()).toEqual(inNewYork);
    expect(await newYorker('&timeZone=America/New_York')).toEqual(inNewYork);
    expect(await unzoned('&timeZone=America/New_York')).toEqual(inNewYork);
    // The same instants cover 2 to 9 March in UTC, and in Tokyo (to 13:00 on the 9th there).
    const withDayAfter = ['first-day', 'day-after', 'timed'];
    expect(await unzoned()).toEqual(withDayAfter);
    expect(await newYorker('&timeZone=UTC')).toEqual(withDayAfter);
    expect(await newYorker('&timeZone=Asia/Tokyo')).toEqual(withDayAfter);
  });

  it('refuses a timeZone that is not an IANA zone, with the error shape', async () => {
    for (const zone of ['Mars%2FOlympus_Mons', '%2B05%3A00', 'local']) {
      const response = await api.server.inject({
        method: 'GET',
        url: `${BASE}/events/?from=2026-03-02T00:00:00Z&timeZone=${zone}`,
        headers: bearer(aliceToken),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: { code: 'invalid_input', message: expect.stringContaining('timeZone') },
      });
    }
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const parameter = (
      docs.paths[`${BASE}/events/`].get.parameters as Array<{
        name: string;
        description?: string;
      }>
    ).find((p) => p.name === 'timeZone');
    expect(parameter?.description).toMatch(/IANA/);
  });

  it("answers 404 for another tenant's event, never its data", async () => {
    const bobsEvents = (
      await api.server.inject({ method: 'GET', url: `${BASE}/events/`, headers: bearer(bobToken) })
    ).json().items as Array<{ id: string }>;
    const bobsId = bobsEvents[0]?.id ?? '';
    const own = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/${bobsId}/`,
      headers: bearer(bobToken),
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().title).toBe('Bob secret');
    const foreign = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/${bobsId}`,
      headers: bearer(aliceToken),
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Bob secret');
    expect(foreign.json().error.code).toBe('not_found');
  });

  it('lists providers with whether each is configured', async () => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/providers/`,
      headers: bearer(aliceToken),
    });
    expect(response.statusCode).toBe(200);
    const providers = response.json().providers as Array<{
      provider: string;
      configured: boolean;
      connections: unknown[];
    }>;
    expect(providers.find((p) => p.provider === 'ics')).toMatchObject({ configured: true });
    expect(providers.find((p) => p.provider === 'google')).toMatchObject({
      configured: false,
      connections: [],
    });
    expect(providers.find((p) => p.provider === 'ics')?.connections).toHaveLength(1);
  });

  it('reports per-calendar sync status', async () => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/sync/status`,
      headers: bearer(aliceToken),
    });
    expect(response.statusCode).toBe(200);
    const calendars = response.json().calendars as Array<{ calendarId: string }>;
    expect(calendars.map((c) => c.calendarId)).toEqual([alice.calendar.id]);
  });

  it('serves health, readiness, metrics and the OpenAPI document without a token', async () => {
    expect((await api.server.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
    });
    const ready = await api.server.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
    const metrics = await api.server.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('calintel_http_requests_total');
    const docs = await api.server.inject({ method: 'GET', url: '/api/docs/json' });
    expect(Object.keys(docs.json().paths)).toEqual(
      expect.arrayContaining([
        `${BASE}/events/`,
        `${BASE}/providers/ics/connect/`,
        `${BASE}/sync/status/`,
      ]),
    );
  });

  it('answers unknown routes with the error shape', async () => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/nope`,
      headers: bearer(aliceToken),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
