/**
 * The service's stored overlap conflicts are the maximal sets of meetings that all overlap: a
 * chain A-B-C (A and C do not meet) is stored as {A, B} and {B, C}, each keyed by its events, so
 * a decision on one sticks while a change to the other moves only that one.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  buildEvent,
  describeEachDialect,
  seedUser,
  type Tenant,
} from '../../../test/support/databases.js';
import { buildTestApi, type TestApi } from '../../../test/support/test-app.js';
import type { CalendarEvent } from '../../domain/event.js';
import type { Store } from '../../store/store.js';

const REP = 'rep@acme.test';
const attendees = [
  {
    email: REP,
    name: 'Rep',
    responseStatus: 'accepted' as const,
    optional: false,
    resource: false,
  },
  {
    email: 'colleague@acme.test',
    name: 'Colleague',
    responseStatus: 'accepted' as const,
    optional: false,
    resource: false,
  },
];
const meeting = (id: string, start: string, end: string): CalendarEvent =>
  buildEvent({
    providerEventId: id,
    iCalUid: `${id}@acme.test`,
    title: id,
    start: `2026-03-10T${start}:00.000Z`,
    end: `2026-03-10T${end}:00.000Z`,
    organizer: { email: REP, name: 'Rep' },
    attendees,
  });

async function put(store: Store, tenant: Tenant, events: CalendarEvent[]) {
  await store.events.applyPage(
    tenant.scope,
    tenant.calendar.id,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );
}

describeEachDialect('conflicts service: overlap conflicts are maximal cliques', (context) => {
  let api: TestApi;
  let tenant: Tenant;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${Math.random()}`,
      internalDomains: ['acme.test'],
    });
    tenant = await seedUser(store, org.id, REP);
  });

  afterAll(async () => api.close());

  const scan = async () => {
    await api.app.meetings.detectNow(tenant.scope);
    return api.app.conflicts.scan(tenant.scope);
  };
  const listed = async () =>
    (
      await api.app.conflicts.list(tenant.scope, { from: '2026-03-01T00:00:00Z', limit: 100 })
    ).items.map((c) => ({
      id: c.id,
      titles: c.events.map((e) => e.title).sort(),
      start: c.start,
      end: c.end,
      status: c.status,
    }));

  it('stores a chain as two conflicts; a dismissal of one sticks when the other changes', async () => {
    const { store } = context();
    await put(store, tenant, [
      meeting('A', '09:00', '10:30'),
      meeting('B', '10:00', '11:30'),
      meeting('C', '11:00', '12:30'),
    ]);
    await scan();
    const [ab, bc] = await listed();
    expect([ab, bc]).toEqual([
      {
        id: expect.any(String),
        titles: ['A', 'B'],
        start: '2026-03-10T10:00:00.000Z',
        end: '2026-03-10T10:30:00.000Z',
        status: 'open',
      },
      {
        id: expect.any(String),
        titles: ['B', 'C'],
        start: '2026-03-10T11:00:00.000Z',
        end: '2026-03-10T11:30:00.000Z',
        status: 'open',
      },
    ]);
    await api.app.conflicts.resolve(tenant.scope, ab!.id, { action: 'dismiss' });

    // C moves a little later: {B, C} is the same conflict over a new span, {A, B} is untouched.
    await put(store, tenant, [meeting('C', '11:15', '12:45')]);
    await scan();
    expect(await listed()).toEqual([
      { ...ab, status: 'dismissed' },
      { ...bc, start: '2026-03-10T11:15:00.000Z', status: 'open' },
    ]);

    // C moves over A and B at once: one conflict of three, a new one; {B, C} is gone.
    await put(store, tenant, [meeting('C', '10:15', '11:00')]);
    await scan();
    const now = await listed();
    expect(now.find((c) => c.status === 'open')).toMatchObject({
      titles: ['A', 'B', 'C'],
      start: '2026-03-10T10:15:00.000Z',
      end: '2026-03-10T10:30:00.000Z',
    });
    expect(now.find((c) => c.id === bc!.id)).toMatchObject({ status: 'cleared' });
  });
});
