/**
 * CalendarDiscovery's handling of trouble, with providers that answer as told: one connection
 * whose listing fails is logged by its id and changes nothing, a refused one is marked for
 * reconnecting, and neither keeps the other connections from being reconciled. A removal that
 * took events asks for the organisation's meetings to be detected again.
 */
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { CalendarDiscovery } from '../../src/app/services/calendar-discovery.js';
import { ProviderError, type RemoteCalendar } from '../../src/providers/provider.js';
import type { Scope, Store } from '../../src/store/store.js';
import { buildEvent, describeEachDialect, seedTenant } from '../support/databases.js';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const DAY_MS = 24 * 3_600_000;

const remote = (id: string): RemoteCalendar => ({
  providerCalendarId: id,
  name: id,
  timeZone: 'UTC',
  isPrimary: false,
});

async function caldavConnection(store: Store, scope: Scope, label: string, calendars: string[]) {
  const connection = await store.connections.create(scope, {
    provider: 'caldav',
    label,
    secrets: { username: label, password: 'pw' },
    settings: {},
  });
  for (const id of calendars) await store.calendars.upsert(scope, connection.id, remote(id));
  return connection;
}

function harness(store: Store, listings: Map<string, () => Promise<RemoteCalendar[]>>) {
  const lines: Array<Record<string, unknown>> = [];
  const queued: string[] = [];
  const redetected: string[] = [];
  const discovery = new CalendarDiscovery({
    store,
    providers: new Map([
      [
        'caldav',
        {
          listCalendars: (connection) =>
            (listings.get(connection.id) ?? (async () => [] as RemoteCalendar[]))(),
        },
      ],
    ]),
    sync: { queueCalendar: async (_scope, calendarId) => queued.push(calendarId) },
    logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }),
    clock: () => NOW,
    redetect: async ({ orgId }) => redetected.push(orgId),
  });
  return { discovery, lines, queued, redetected };
}

describeEachDialect('calendar discovery with troubled providers', (context) => {
  it('a failing listing changes nothing and is logged; the other connections go on', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'discovery-failing');
    const broken = await caldavConnection(store, scope, 'broken', ['b1']);
    const refused = await caldavConnection(store, scope, 'refused', ['r1']);
    const fine = await caldavConnection(store, scope, 'fine', ['f1', 'f2']);
    const { discovery, lines, queued } = harness(
      store,
      new Map([
        [broken.id, () => Promise.reject(new Error('socket hang up'))],
        [refused.id, () => Promise.reject(new ProviderError('caldav', 'auth', '401 refused'))],
        [fine.id, async () => [remote('f1'), remote('f3')]],
      ]),
    );
    const results = await discovery.refreshUser(scope);
    expect(Object.fromEntries(results.map((r) => [r.connectionId, r.outcome]))).toEqual({
      [broken.id]: 'failed',
      [refused.id]: 'revoked',
      [fine.id]: 'reconciled',
    });
    // The broken one: logged by its id, its calendar neither marked nor touched.
    expect(lines).toContainEqual(
      expect.objectContaining({
        connectionId: broken.id,
        msg: expect.stringMatching(/not refreshed/),
      }),
    );
    const calendarsOf = (connectionId: string) => store.calendars.list(scope, { connectionId });
    expect((await calendarsOf(broken.id)).map((c) => c.missingSince)).toEqual([null]);
    // The refused one: marked as the connection check marks it.
    expect(await store.connections.get(scope, refused.id)).toMatchObject({
      status: 'reauth_required',
      lastError: '401 refused',
    });
    // The fine one: f3 new and queued, f2 marked missing.
    const mine = await calendarsOf(fine.id);
    expect(mine.map((c) => [c.providerCalendarId, c.missingSince]).sort()).toEqual([
      ['f1', null],
      ['f2', NOW.toISOString()],
      ['f3', null],
    ]);
    expect(queued).toEqual([mine.find((c) => c.providerCalendarId === 'f3')?.id]);
  });

  it('a rename or a new zone at the provider is taken in; an unchanged calendar is not written', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'discovery-rename');
    const connection = await caldavConnection(store, scope, 'rename', ['same', 'renamed']);
    const before = await store.calendars.list(scope, { connectionId: connection.id });
    const { discovery } = harness(
      store,
      new Map([
        [
          connection.id,
          async () => [
            remote('same'),
            { ...remote('renamed'), name: 'Renamed', timeZone: 'Asia/Tokyo' },
          ],
        ],
      ]),
    );
    await discovery.refreshUser(scope);
    const after = await store.calendars.list(scope, { connectionId: connection.id });
    const byRemote = (list: typeof after, id: string) =>
      list.find((c) => c.providerCalendarId === id);
    expect(byRemote(after, 'renamed')).toMatchObject({ name: 'Renamed', timeZone: 'Asia/Tokyo' });
    expect(byRemote(after, 'same')?.updatedAt).toBe(byRemote(before, 'same')?.updatedAt);
  });

  it('a removal that took events asks for detection again; one without events does not', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'discovery-removal');
    const connection = await caldavConnection(store, scope, 'removal', ['keep', 'full', 'empty']);
    const [full, empty] = await Promise.all(
      ['full', 'empty'].map(async (id) =>
        (await store.calendars.list(scope)).find((c) => c.providerCalendarId === id),
      ),
    );
    await store.events.applyPage(
      scope,
      full!.id,
      { upserts: [{ event: buildEvent(), raw: {} }], deletions: [] },
      0,
    );
    const yesterday = new Date(NOW.getTime() - DAY_MS);
    await store.calendars.markMissing(scope, full!.id, yesterday);
    await store.calendars.markMissing(scope, empty!.id, yesterday);
    const { discovery, redetected } = harness(
      store,
      new Map([[connection.id, async () => [remote('keep')]]]),
    );
    const [result] = await discovery.refreshUser(scope);
    expect(result).toMatchObject({ outcome: 'reconciled', removed: 2 });
    expect((await store.calendars.list(scope, { connectionId: connection.id })).length).toBe(1);
    expect(redetected).toEqual([scope.orgId]);
  });
});
