import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCalendar, buildEvent as vevent } from '../conformance/ics-builder.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

interface ChangeItem {
  cursor: string;
  kind: string;
  eventId: string | null;
  providerEventId: string;
  calendarId: string;
  seriesId: string | null;
  occurredAt: string;
  details: Record<string, unknown>;
}

/** The file a user imports twice: the second time one event moved, one lost an attendee, one went. */
function salesCalendar(version: 1 | 2): string {
  const attendee = (email: string) => `mailto:${email}`;
  const moved = version === 1 ? '20260310' : '20260317';
  return buildCalendar([
    vevent({
      UID: 'moved@sales.test',
      DTSTAMP: '20260101T000000Z',
      DTSTART: `${moved}T150000Z`,
      DTEND: `${moved}T160000Z`,
      SUMMARY: 'Acme discovery',
      'ATTENDEE;PARTSTAT=ACCEPTED': attendee('jdoe@acme.com'),
    }),
    vevent({
      UID: 'lost@sales.test',
      DTSTAMP: '20260101T000000Z',
      DTSTART: '20260311T090000Z',
      DTEND: '20260311T100000Z',
      SUMMARY: 'Globex pricing',
      'ATTENDEE;PARTSTAT=ACCEPTED':
        version === 1
          ? [attendee('buyer@globex.com'), attendee('CFO@globex.com')]
          : [attendee('buyer@globex.com')],
    }),
    ...(version === 1
      ? [
          vevent({
            UID: 'removed@sales.test',
            DTSTAMP: '20260101T000000Z',
            DTSTART: '20260312T090000Z',
            DTEND: '20260312T100000Z',
            SUMMARY: 'Initech demo',
          }),
        ]
      : []),
    // Re-sent with a new DTSTAMP and SEQUENCE only: its row is rewritten, but nothing changed.
    vevent({
      UID: 'same@sales.test',
      DTSTAMP: version === 1 ? '20260101T000000Z' : '20260201T000000Z',
      SEQUENCE: String(version),
      DTSTART: '20260313T090000Z',
      DTEND: '20260313T100000Z',
      SUMMARY: 'Umbrella check-in',
    }),
    vevent({
      UID: 'weekly@sales.test',
      DTSTAMP: '20260101T000000Z',
      DTSTART: '20260309T080000Z',
      DTEND: '20260309T083000Z',
      RRULE: 'FREQ=WEEKLY;COUNT=3',
      SUMMARY: 'Pipeline review',
    }),
  ]);
}

describeEachDialect('changes API', (context) => {
  let api: TestApi;
  let alice: Tenant;
  let aliceToken: string;
  let bobToken: string;
  /** Alice's log after the first import, and after the second. */
  let firstImport: ChangeItem[];
  let afterFirst: string;

  const importFile = (token: string, body: string) =>
    api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/?label=Work`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: body,
    });
  const changes = (token: string, query = '') =>
    api.server.inject({
      method: 'GET',
      url: `${BASE}/events/changes/${query}`,
      headers: bearer(token),
    });
  const readAll = async (token: string, limit: number) => {
    const items: ChangeItem[] = [];
    let since = '';
    for (;;) {
      const response = await changes(token, `?limit=${limit}${since ? `&since=${since}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { items: ChangeItem[]; nextCursor: string };
      if (page.items.length === 0) return items;
      items.push(...page.items);
      since = page.nextCursor;
    }
  };

  beforeAll(async () => {
    const { store } = context();
    api = await buildTestApi(store);
    alice = await seedTenant(store, 'alice');
    const bob = await seedTenant(store, 'bob');
    aliceToken = (await store.apiTokens.create(alice.scope, 'test')).token;
    bobToken = (await store.apiTokens.create(bob.scope, 'test')).token;
    expect((await importFile(aliceToken, salesCalendar(1))).statusCode).toBe(201);
    const first = (await changes(aliceToken)).json() as { items: ChangeItem[]; nextCursor: string };
    firstImport = first.items;
    afterFirst = first.nextCursor;
    expect((await importFile(aliceToken, salesCalendar(2))).statusCode).toBe(201);
    // Bob imports the same file: his changes must never show in Alice's log, nor hers in his.
    expect((await importFile(bobToken, salesCalendar(1))).statusCode).toBe(201);
  });

  afterAll(async () => api.close());

  it('the first import logs one created change per event', () => {
    expect(firstImport).toHaveLength(7);
    expect(new Set(firstImport.map((c) => c.kind))).toEqual(new Set(['created']));
    expect(firstImport.filter((c) => c.seriesId === 'weekly@sales.test')).toHaveLength(3);
  });

  it('a re-import logs exactly what moved, who left and what was removed', async () => {
    const response = await changes(aliceToken, `?since=${afterFirst}`);
    expect(response.statusCode).toBe(200);
    const { items, nextCursor } = response.json() as { items: ChangeItem[]; nextCursor: string };
    const byKind = items.map((c) => [c.providerEventId, c.kind]).sort();
    expect(byKind).toEqual([
      ['lost@sales.test', 'attendee_removed'],
      ['moved@sales.test', 'rescheduled'],
      ['removed@sales.test', 'deleted'],
    ]);
    const find = (kind: string) => items.find((c) => c.kind === kind);
    expect(find('rescheduled')?.details).toEqual({
      previous: {
        start: '2026-03-10T15:00:00.000Z',
        end: '2026-03-10T16:00:00.000Z',
        allDay: false,
        startDate: null,
        endDate: null,
      },
      current: {
        start: '2026-03-17T15:00:00.000Z',
        end: '2026-03-17T16:00:00.000Z',
        allDay: false,
        startDate: null,
        endDate: null,
      },
    });
    expect(find('attendee_removed')?.details).toEqual({ email: 'cfo@globex.com' });
    expect(find('deleted')?.details).toEqual({
      title: 'Initech demo',
      start: '2026-03-12T09:00:00.000Z',
      end: '2026-03-12T10:00:00.000Z',
    });
    // The event ids are the API's own: the moved event can be read, the deleted one was known.
    const moved = find('rescheduled');
    const event = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/${moved?.eventId}/`,
      headers: bearer(aliceToken),
    });
    expect(event.json()).toMatchObject({ providerEventId: 'moved@sales.test' });
    const removedAtFirst = firstImport.find((c) => c.providerEventId === 'removed@sales.test');
    expect(find('deleted')?.eventId).toBe(removedAtFirst?.eventId);
    expect(new Set(items.map((c) => c.calendarId))).toEqual(new Set([moved?.calendarId]));

    // Nothing newer: the same cursor comes back, to poll with.
    const idle = (await changes(aliceToken, `?since=${nextCursor}`)).json();
    expect(idle).toEqual({ items: [], nextCursor });
  });

  it('a tenant reads only its own changes, whatever cursor or calendar it passes', async () => {
    const bobs = await readAll(bobToken, 1000);
    expect(bobs).toHaveLength(7);
    const alices = await readAll(aliceToken, 1000);
    expect(alices).toHaveLength(10);
    const aliceCursors = new Set(alices.map((c) => c.cursor));
    expect(bobs.some((c) => aliceCursors.has(c.cursor))).toBe(false);
    const aliceCalendar = alices[0]?.calendarId;
    // Alice's calendar names none of Bob's: a 400 that shows nothing of hers.
    const filtered = await changes(bobToken, `?calendarId=${aliceCalendar}`);
    expect(filtered.statusCode).toBe(400);
    expect(filtered.json().error.code).toBe('invalid_input');
    // A cursor is bound to the user it was given to: Alice's is refused to Bob.
    const fromAlice = await changes(bobToken, `?since=${alices[0]?.cursor}&limit=1000`);
    expect(fromAlice.statusCode).toBe(400);
    expect(fromAlice.json().error.code).toBe('invalid_cursor');
  });

  it('paging with a small limit returns each change once, in order', async () => {
    const all = await readAll(aliceToken, 1000);
    const paged = await readAll(aliceToken, 3);
    expect(paged).toEqual(all);
    expect(new Set(paged.map((c) => c.cursor)).size).toBe(paged.length);
  });

  it('filters by calendar', async () => {
    const all = await readAll(aliceToken, 1000);
    const calendarId = all[0]?.calendarId ?? '';
    const inIt = (await changes(aliceToken, `?calendarId=${calendarId}&limit=1000`)).json();
    expect(inIt.items).toEqual(all);
    const other = (
      await changes(aliceToken, `?calendarId=${alice.calendar.id}&since=${afterFirst}`)
    ).json();
    expect(other).toEqual({ items: [], nextCursor: afterFirst });
  });

  it('a malformed cursor or limit is a 400 with the error shape', async () => {
    for (const [query, code] of [
      ['?since=not-a-cursor', 'invalid_cursor'],
      ['?since=Y2hnOi0x', 'invalid_cursor'],
      ['?limit=0', 'invalid_input'],
      ['?limit=1001', 'invalid_input'],
    ]) {
      const response = await changes(aliceToken, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code, query).toBe(code);
    }
    expect((await changes(aliceToken, '?since=nope')).json().error.message).toContain('since');
  });

  it('needs a token, and "changes" is never taken for an event id', async () => {
    const anonymous = await api.server.inject({ method: 'GET', url: `${BASE}/events/changes/` });
    expect(anonymous.statusCode).toBe(401);
    const withoutSlash = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/changes`,
      headers: bearer(aliceToken),
    });
    expect(withoutSlash.statusCode).toBe(200);
    expect(withoutSlash.json()).toHaveProperty('nextCursor');
  });

  it('is documented in the OpenAPI document', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const operation = docs.paths[`${BASE}/events/changes/`]?.get;
    expect(operation?.summary).toMatch(/changes/i);
    const names = (operation?.parameters ?? []).map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['since', 'limit', 'calendarId']));
    expect(JSON.stringify(operation?.responses?.['200'])).toContain('nextCursor');
  });
});
