import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { Store } from '../../src/store/store.js';
import { buildEvent, describeEachDialect, seedUser, type Tenant } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { BUYER, me, REP } from '../support/conflict-people.js';

/** A customer demo, copied onto a second calendar: a duplicate, worded with calendar names. */
const DEMO = buildEvent({
  iCalUid: 'demo@globex.test',
  title: 'Globex product demo',
  start: '2026-03-10T10:00:00.000Z',
  end: '2026-03-10T11:00:00.000Z',
  organizer: { email: BUYER.email, name: 'Buyer' },
  attendees: [BUYER, me],
  conferenceUrl: 'https://globex.zoom.us/j/1',
});

async function put(store: Store, tenant: Tenant, calendarId: string, events: CalendarEvent[]) {
  await store.events.applyPage(
    tenant.scope,
    calendarId,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );
}

describeEachDialect('conflicts API: duplicates name calendars', (context) => {
  let api: TestApi;
  let tenant: Tenant;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${Math.random()}`,
      internalDomains: ['acme.test'],
    });
    tenant = await seedUser(store, org.id, REP, 'admin');
    token = (await store.apiTokens.create(tenant.scope, 'test')).token;
    await put(store, tenant, tenant.calendar.id, [DEMO]);
  });

  afterAll(async () => api.close());

  const duplicate = async (): Promise<ConflictView | undefined> => {
    await api.app.meetings.detectNow(tenant.scope);
    await api.app.conflicts.scan(tenant.scope);
    const response = await api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/conflicts/?from=2026-03-01T00:00:00Z&kind=duplicate`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as ConflictView[])[0];
  };

  it('says which calendars the copies are on by their names, never by ids', async () => {
    const { store } = context();
    const calendar = await store.calendars.upsert(tenant.scope, tenant.connection.id, {
      providerCalendarId: 'second',
      name: 'Second',
      timeZone: 'UTC',
      isPrimary: false,
    });
    await put(store, tenant, calendar!.id, [{ ...DEMO, providerEventId: 'copy-of-demo' }]);
    const found = await duplicate();
    expect(found?.reasons).toContain(
      "the same meeting is on 2 of your calendars: ICS calendar 'Work' and ICS calendar 'Second'",
    );
    expect(found?.reasons.join(' ')).not.toMatch(/UID|@/);
    // Each event says the calendar it is on by its own name, as GET /calendars/ does.
    expect(found?.events.map((e) => e.calendarName).sort()).toEqual(['Second', 'Work']);
    expect(found?.suggestions[0]?.why).toBe(
      "the same meeting twice: keep the copy on ICS calendar 'Work' and remove this one on ICS calendar 'Second'",
    );
    const text = JSON.stringify([found?.reasons, found?.suggestions.map((s) => s.why)]);
    for (const id of [calendar!.id, tenant.calendar.id, ...found!.events.map((e) => e.id)])
      expect(text).not.toContain(id);
  });

  it('two calendars of one name are told apart by their connections', async () => {
    const { store } = context();
    const other = await store.connections.create(tenant.scope, {
      provider: 'ics',
      label: 'Team feed',
      settings: {},
      secrets: {},
    });
    const calendar = await store.calendars.upsert(tenant.scope, other.id, {
      providerCalendarId: 'team',
      name: 'Work',
      timeZone: 'UTC',
      isPrimary: false,
    });
    await put(store, tenant, calendar!.id, [{ ...DEMO, providerEventId: 'copy-of-demo' }]);
    const found = await duplicate();
    expect(found?.reasons).toContain(
      "the same meeting is on 2 of your calendars: ICS calendar 'Work' (Work) and ICS calendar 'Work' (Team feed)",
    );
    // Only the two of one name get their connections' labels.
    expect(found?.events.map((e) => e.calendarName).sort()).toEqual([
      'Work (Team feed)',
      'Work (Work)',
    ]);
  });
});
