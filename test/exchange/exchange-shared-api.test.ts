/**
 * Another person's Calendar added to an Exchange connection through the API, against the EWS
 * emulator's permission table: a typo is a 404 `mailbox_not_found` and no permission (or
 * free/busy only) a 403 `calendar_access_denied`, nothing kept; a Calendar shared with Reviewer
 * is stored named with its owner's address, synced with its own cursor and listed; the owner
 * withdrawing the permission makes that calendar alone `gone` (the connection and its own
 * Calendar go on); removing it takes its events and the address away.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { describeEachDialect } from '../support/databases.js';
import {
  BOSS,
  bossMailbox,
  connectAliceExchange,
  sharedCalendarsPath,
} from '../support/exchange-shared.js';
import { bearer, TEST_NOW, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

describeEachDialect('Exchange shared calendars through the API', (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };
  let connectionId: string;

  beforeAll(async () => {
    const seed = buildSeed([
      buildItem({
        id: 'AAMkOwn',
        subject: 'Own standup',
        start: '2026-03-10T09:00:00Z',
        end: '2026-03-10T09:30:00Z',
      }),
    ]);
    seed.mailboxes.push(
      bossMailbox([
        buildItem({
          id: 'AAMkBoard',
          subject: 'Acme board review',
          start: '2026-03-11T15:00:00Z',
          end: '2026-03-11T16:00:00Z',
        }),
      ]),
    );
    emulator = await startExchangeEmulator({ protocol: 'http', seed });
    ({ api, token, scope, connectionId } = await connectAliceExchange(
      context().store,
      emulator,
      () => TEST_NOW,
    ));
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const shared = () => sharedCalendarsPath(connectionId);
  const add = (email: string) =>
    api.server.inject({
      method: 'POST',
      url: shared(),
      headers: bearer(token),
      payload: { email },
    });
  const get = async <T>(url: string): Promise<T> => {
    const response = await api.server.inject({ method: 'GET', url, headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  };
  const titles = async () =>
    (await api.app.store.events.list(scope, { limit: 50 })).items.map((e) => e.event.title).sort();

  it('refuses a typo, an address that is none, and a Calendar not shared, keeping nothing', async () => {
    const typo = await add('boss@contoso.tset');
    expect(typo.statusCode).toBe(404);
    expect(typo.json()).toMatchObject({ error: { code: 'mailbox_not_found' } });
    const notShared = await add('bob@contoso.test');
    expect(notShared.statusCode).toBe(403);
    expect(notShared.json()).toMatchObject({ error: { code: 'calendar_access_denied' } });
    emulator.state.grantDelegate('bob@contoso.test', ALICE, 'freeBusy');
    const freeBusy = await add('bob@contoso.test');
    expect(freeBusy.statusCode).toBe(403);
    expect(freeBusy.json()).toMatchObject({
      error: { message: expect.stringMatching(/free\/busy only/) },
    });
    expect((await add('Bea Boss <boss@contoso.test>')).statusCode).toBe(400);
    expect((await api.app.store.calendars.list(scope)).map((c) => c.name)).toEqual(['Calendar']);
  });

  it('stores a Calendar shared with Reviewer, syncs it, and a withdrawn permission stops only it', async () => {
    const added = await add(' Boss@Contoso.test ');
    expect(added.statusCode, added.body).toBe(201);
    const calendar = added.json() as { calendarId: string; ownerEmail: string; name: string };
    expect(calendar).toMatchObject({ ownerEmail: BOSS, name: `Calendar (${BOSS})` });
    await api.app.queue.drain();
    expect(await titles()).toEqual(['Acme board review', 'Own standup']);
    const list = await get<{ items: { ownerEmail: string }[] }>(shared());
    expect(list.items.map((i) => i.ownerEmail)).toEqual([BOSS]);
    const calendars = await get<{ items: { name: string }[] }>(`${BASE}/calendars/`);
    expect(calendars.items.map((c) => c.name)).toContain(`Calendar (${BOSS})`);

    emulator.state.revokeDelegate(BOSS, ALICE);
    for (const c of await api.app.store.calendars.list(scope))
      await api.app.sync.queueCalendar(scope, c.id);
    await api.app.queue.drain();
    const { calendars: status } = await get<{
      calendars: { calendarName: string; state: string; lastError: { kind: string } | null }[];
    }>(`${BASE}/sync/status/`);
    const byName = new Map(status.map((s) => [s.calendarName, s]));
    expect(byName.get(`Calendar (${BOSS})`)).toMatchObject({
      state: 'error',
      lastError: { kind: 'gone' },
    });
    expect(byName.get('Calendar')?.lastError).toBeNull();
    const [connection] = await api.app.store.connections.list(scope);
    expect(connection?.status).toBe('active');
  });

  it('removes it with its events, and forgets the address', async () => {
    const url = `${shared()}${encodeURIComponent(BOSS)}/`;
    const removed = await api.server.inject({ method: 'DELETE', url, headers: bearer(token) });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await titles()).toEqual(['Own standup']);
    expect((await get<{ items: unknown[] }>(shared())).items).toEqual([]);
    const full = await api.app.store.connections.get(scope, connectionId);
    expect(full?.settings['sharedMailboxes']).toEqual([]);
    const again = await api.server.inject({ method: 'DELETE', url, headers: bearer(token) });
    expect(again.statusCode).toBe(404);
  });
});
