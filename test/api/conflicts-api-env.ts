/**
 * The conflicts API tests' set-up (conflicts-api*.test.ts): an organisation whose admin, a rep,
 * has a day with a customer demo over a team sync and a hold under a customer call, and the
 * requests and scans the tests make.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { Store } from '../../src/store/store.js';
import { buildEvent, seedUser, type StoreContext, type Tenant } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';
import { BUYER, colleague, me, REP } from '../support/conflict-people.js';

/** A rep's day on 2026-03-10: a customer demo over a team sync, a hold under a customer call. */
export function day(): Record<string, CalendarEvent> {
  return {
    demo: buildEvent({
      iCalUid: 'demo@globex.test',
      title: 'Globex product demo',
      start: '2026-03-10T10:00:00.000Z',
      end: '2026-03-10T11:00:00.000Z',
      organizer: { email: BUYER.email, name: 'Buyer' },
      attendees: [BUYER, me],
      conferenceUrl: 'https://globex.zoom.us/j/1',
    }),
    sync: buildEvent({
      title: 'Team sync',
      start: '2026-03-10T10:30:00.000Z',
      end: '2026-03-10T11:30:00.000Z',
      organizer: { email: REP, name: 'Rep' },
      attendees: [me, colleague],
    }),
    call: buildEvent({
      title: 'Globex pricing call',
      start: '2026-03-10T15:00:00.000Z',
      end: '2026-03-10T15:45:00.000Z',
      organizer: { email: BUYER.email, name: 'Buyer' },
      attendees: [BUYER, me],
      conferenceUrl: 'https://globex.zoom.us/j/2',
    }),
    hold: buildEvent({
      title: 'Hold',
      start: '2026-03-10T15:00:00.000Z',
      end: '2026-03-10T16:00:00.000Z',
      organizer: { email: REP, name: 'Rep' },
      attendees: [],
    }),
  };
}

export async function put(
  store: Store,
  tenant: Tenant,
  calendarId: string,
  events: CalendarEvent[],
) {
  await store.events.applyPage(
    tenant.scope,
    calendarId,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );
}

/**
 * A new organisation whose first user, and so its admin, is the rep, with an API token and her
 * day() stored in her calendar (not yet scanned).
 */
export async function seedRepWithDay(
  store: Store,
): Promise<{ tenant: Tenant; token: string; events: Record<string, CalendarEvent> }> {
  const org = await store.organisations.create({
    name: `Acme ${Math.random()}`,
    internalDomains: ['acme.test'],
  });
  const tenant = await seedUser(store, org.id, REP, 'admin');
  const token = (await store.apiTokens.create(tenant.scope, 'test')).token;
  const events = day();
  await put(store, tenant, tenant.calendar.id, Object.values(events));
  return { tenant, token, events };
}

export interface ConflictsApiState {
  api: TestApi;
  tenant: Tenant;
  token: string;
  events: Record<string, CalendarEvent>;
}

/**
 * Registers the file's hooks; `current()` is the test's state once they have run. The app's
 * clock reads TEST_NOW at the start of each test until `setNow` moves it.
 */
export function useConflictsApi(context: () => StoreContext) {
  let api: TestApi;
  let now = TEST_NOW;
  let tenant: Tenant;
  let token: string;
  let events: Record<string, CalendarEvent>;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {}, () => now);
  });

  beforeEach(async () => {
    now = TEST_NOW;
    ({ tenant, token, events } = await seedRepWithDay(context().store));
  });

  afterAll(async () => api.close());

  const request = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, as = token) =>
    api.server.inject({
      method,
      url: `${CALENDAR_BASE}${url}`,
      headers: bearer(as),
      ...(payload ? { payload } : {}),
    });
  const conflicts = async (query = ''): Promise<ConflictView[]> => {
    const response = await request('GET', `/conflicts/?from=2026-03-01T00:00:00Z${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const scan = async () => {
    await api.app.meetings.detectNow(tenant.scope);
    return api.app.conflicts.scan(tenant.scope);
  };
  const titles = (c: ConflictView) => c.events.map((e) => e.title).sort();

  return {
    current: (): ConflictsApiState => ({ api, tenant, token, events }),
    setNow: (instant: Date) => {
      now = instant;
    },
    request,
    conflicts,
    scan,
    titles,
  };
}
