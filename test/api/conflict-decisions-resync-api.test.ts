/**
 * A decision on a conflict belongs to its meetings, not to their rows: turning a calendar off and
 * on again (which deletes its events and syncs them from scratch under new row ids), a
 * reconnect or a re-import must not bring a dismissed or resolved conflict back as a new open
 * one, nor leave the old one behind without its events, nor add a cleared conflict each time.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { Calendar, Store } from '../../src/store/store.js';
import { buildEvent, describeEachDialect, seedUser, type Tenant } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';
import { BUYER, colleague, me, REP } from '../support/conflict-people.js';

/** A customer demo over a team sync, a hold under a customer call (2026-03-10). */
function day(): CalendarEvent[] {
  const customer = { organizer: { email: BUYER.email, name: 'Buyer' }, attendees: [BUYER, me] };
  return [
    buildEvent({
      ...customer,
      iCalUid: 'demo@globex.test',
      title: 'Globex product demo',
      start: '2026-03-10T10:00:00.000Z',
      end: '2026-03-10T11:00:00.000Z',
      conferenceUrl: 'https://globex.zoom.us/j/1',
    }),
    buildEvent({
      title: 'Team sync',
      start: '2026-03-10T10:30:00.000Z',
      end: '2026-03-10T11:30:00.000Z',
      organizer: { email: REP, name: 'Rep' },
      attendees: [me, colleague],
    }),
    buildEvent({
      ...customer,
      title: 'Globex pricing call',
      start: '2026-03-10T15:00:00.000Z',
      end: '2026-03-10T15:45:00.000Z',
      conferenceUrl: 'https://globex.zoom.us/j/2',
    }),
    buildEvent({
      // Exchange may send no UID: such an event is known by its calendar and provider id.
      iCalUid: null,
      title: 'Hold',
      start: '2026-03-10T15:00:00.000Z',
      end: '2026-03-10T16:00:00.000Z',
      organizer: { email: REP, name: 'Rep' },
      attendees: [],
    }),
  ];
}

/** The events as a snapshot sync of the calendar stores them (a generation of its own). */
async function put(store: Store, tenant: Tenant, calendarId: string, events: CalendarEvent[]) {
  const generation = await store.syncStatus.nextGeneration(tenant.scope, calendarId);
  await store.events.applyPage(
    tenant.scope,
    calendarId,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    generation ?? 1,
  );
}

describeEachDialect('conflict decisions when a calendar is synced from scratch', (context) => {
  let api: TestApi;
  let tenant: Tenant;
  let events: CalendarEvent[];

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `Acme ${Math.random()}`,
      internalDomains: ['acme.test'],
    });
    tenant = await seedUser(store, org.id, REP, 'admin');
    events = day();
    await put(store, tenant, tenant.calendar.id, events);
  });

  const scan = async () => {
    await api.app.meetings.detectNow(tenant.scope);
    return api.app.conflicts.scan(tenant.scope);
  };
  const all = async (): Promise<ConflictView[]> =>
    (await api.app.conflicts.list(tenant.scope, { from: '2026-03-01T00:00:00Z', limit: 100 }))
      .items;
  const summary = async () =>
    (await all()).map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      titles: c.events.map((e) => e.title).sort(),
    }));
  /** Ticking the calendar off and on, as the Connections page does, and the sync that follows. */
  const untickAndTick = async (calendar: Calendar, synced: CalendarEvent[]) => {
    await api.app.calendars.select(tenant.scope, calendar.id, false);
    await scan();
    await api.app.calendars.select(tenant.scope, calendar.id, true);
    await put(context().store, tenant, calendar.id, synced);
    await scan();
  };
  const rowIds = async (calendarId: string) =>
    (await context().store.events.list(tenant.scope, { calendarId, limit: 50 })).items
      .map((e) => e.id)
      .sort();

  it('a dismissed and a resolved conflict stay decided, with their events, and nothing is added', async () => {
    await scan();
    const [overlap, hold] = await all();
    expect(hold!.events.map((e) => e.title).sort()).toEqual(['Globex pricing call', 'Hold']);
    const reschedule = overlap!.suggestions.find((s) => s.action === 'reschedule')!;
    await api.app.conflicts.resolve(tenant.scope, overlap!.id, {
      action: 'apply',
      suggestionId: reschedule.id,
    });
    await api.app.conflicts.resolve(tenant.scope, hold!.id, {
      action: 'dismiss',
      note: 'rep: internal, ignore',
    });
    const decided = await summary();
    expect(decided.map((c) => c.status)).toEqual(['resolved', 'dismissed']);
    const rowsBefore = await rowIds(tenant.calendar.id);

    await untickAndTick(tenant.calendar, events);
    expect(await rowIds(tenant.calendar.id)).not.toEqual(rowsBefore);
    expect(await summary()).toEqual(decided);
    await untickAndTick(tenant.calendar, events);
    expect(await summary()).toEqual(decided);
    const [, dismissed] = await all();
    expect(dismissed!.resolution).toMatchObject({ note: 'rep: internal, ignore' });
  });

  it('an open conflict is cleared once while its calendar is off and open again, the same one, after', async () => {
    await scan();
    const open = await summary();
    expect(open.map((c) => c.status)).toEqual(['open', 'open']);

    await api.app.calendars.select(tenant.scope, tenant.calendar.id, false);
    await scan();
    expect((await summary()).map((c) => [c.id, c.status])).toEqual(
      open.map((c) => [c.id, 'cleared']),
    );
    await api.app.calendars.select(tenant.scope, tenant.calendar.id, true);
    await put(context().store, tenant, tenant.calendar.id, events);
    await scan();
    expect(await summary()).toEqual(open);
    await untickAndTick(tenant.calendar, events);
    expect(await summary()).toEqual(open);
  });

  it('a dismissed duplicate stays dismissed when the calendar of one copy is synced again', async () => {
    const { store } = context();
    const second = await store.calendars.upsert(tenant.scope, tenant.connection.id, {
      providerCalendarId: 'second',
      name: 'Second',
      timeZone: 'UTC',
      isPrimary: false,
    });
    const copy = [{ ...events[0]!, providerEventId: 'copy-of-demo' }];
    await put(store, tenant, second!.id, copy);
    await scan();
    const duplicate = (await all()).find((c) => c.kind === 'duplicate')!;
    await api.app.conflicts.resolve(tenant.scope, duplicate.id, { action: 'dismiss' });
    const decided = await summary();
    expect(decided.filter((c) => c.kind === 'duplicate')).toEqual([
      {
        id: duplicate.id,
        kind: 'duplicate',
        status: 'dismissed',
        titles: ['Globex product demo', 'Globex product demo'],
      },
    ]);

    await untickAndTick(second!, copy);
    expect(await summary()).toEqual(decided);
  });

  it('a dismissed conflict opens again when its events come back at another time', async () => {
    await scan();
    const [, hold] = await all();
    await api.app.conflicts.resolve(tenant.scope, hold!.id, { action: 'dismiss' });
    const moved = events.map((e) =>
      e.title === 'Hold' ? { ...e, start: '2026-03-10T15:15:00.000Z' } : e,
    );
    await untickAndTick(tenant.calendar, moved);
    const again = (await summary()).find((c) => c.id === hold!.id);
    expect(again).toMatchObject({ status: 'open', titles: ['Globex pricing call', 'Hold'] });
    expect(await all()).toHaveLength(2);
  });
});
