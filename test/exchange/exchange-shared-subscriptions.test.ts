/**
 * Another person's Calendar on an Exchange connection gets its changes as fast as the mailbox's
 * own folders (exchange-shared-watch.ts), through the API against the EWS emulator: the poll
 * after it is added subscribes to it in its owner's mailbox, and a change the exec makes queues a
 * sync of the assistant's shared calendar at the next poll, not of her own. Before, a
 * subscription watched the connection's own mailbox only and the shared calendar waited for its
 * schedule. A permission withdrawn: the subscription is refused, the calendar synced once and
 * `gone`, and later polls ask Exchange nothing for it until a sync reads it again; a server that
 * has no delegate subscriptions is asked once an hour; removed: its subscription ends at the next
 * poll, and nothing is asked after.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { describeEachDialect } from '../support/databases.js';
import {
  addSharedCalendar,
  BOSS,
  bossMailbox,
  connectAliceExchange,
  sharedCalendarsPath,
} from '../support/exchange-shared.js';
import { bearer, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('Exchange shared calendar subscriptions', (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };
  let connectionId: string;
  let now = TEST_NOW.getTime();

  const calendarOf = async (remoteId: string) => {
    const calendars = await api.app.store.calendars.list(scope);
    const found = calendars.find((c) => c.providerCalendarId === remoteId);
    if (!found) throw new Error(`no calendar ${remoteId}`);
    return found;
  };
  const sharedSubscriptions = async () =>
    (await api.app.store.connections.get(scope, connectionId))?.settings['sharedSubscriptions'];
  const poll = async () => {
    now += 60_000;
    const outcome = await api.app.exchange.pollAll();
    await api.app.queue.drain();
    return outcome;
  };
  const titles = async () =>
    (await api.app.store.events.list(scope, { limit: 50 })).items.map((e) => e.event.title).sort();
  const shared = () => sharedCalendarsPath(connectionId);

  beforeAll(async () => {
    const seed = buildSeed([buildItem({ id: 'AAMkOwn', subject: 'Own standup' })]);
    seed.mailboxes.push(
      bossMailbox([buildItem({ id: 'AAMkBoard', subject: 'Acme board review' })]),
    );
    emulator = await startExchangeEmulator({ protocol: 'http', seed });
    const connected = await connectAliceExchange(context().store, emulator, () => new Date(now));
    ({ api, token, scope, connectionId } = connected);
    await addSharedCalendar(connected, BOSS);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await api?.close();
    await emulator?.close();
  });

  it("subscribes to the added Calendar in its owner's mailbox at the next poll", async () => {
    expect(await titles()).toEqual(['Acme board review', 'Own standup']);
    await poll();
    expect(Object.keys((await sharedSubscriptions()) ?? {})).toEqual([BOSS]);
    // The mailbox's own subscription still watches its own folders alone.
    const full = await api.app.store.connections.get(scope, connectionId);
    expect(full?.settings['subscription']).toMatchObject({ calendarIds: ['calendar'] });
  });

  it("a change in the exec's Calendar queues a sync of the shared calendar at the next poll", async () => {
    const queued = vi.spyOn(api.app.sync, 'queueCalendar');
    emulator.state.addItem(BOSS, buildItem({ id: 'AAMkRenewal', subject: 'Acme renewal' }));
    expect(await poll()).toEqual({ polled: 1, changed: 1 });
    const sharedCalendar = await calendarOf(BOSS);
    expect(queued.mock.calls.map(([, id]) => id)).toEqual([sharedCalendar.id]);
    expect(await titles()).toEqual(['Acme board review', 'Acme renewal', 'Own standup']);
    // And one in her own Calendar syncs her own, not the exec's.
    queued.mockClear();
    emulator.state.addItem(ALICE, buildItem({ id: 'AAMkOwn2', subject: 'Own retro' }));
    await poll();
    expect(queued.mock.calls.map(([, id]) => id)).toEqual([(await calendarOf('calendar')).id]);
    queued.mockRestore();
  });

  it('a permission withdrawn: refused once, the calendar `gone`, then nothing asked', async () => {
    emulator.state.revokeDelegate(BOSS, ALICE);
    emulator.state.addItem(BOSS, buildItem({ id: 'AAMkSecret', subject: 'Private offsite' }));
    emulator.state.resetOperationCounts();
    expect(await poll()).toEqual({ polled: 1, changed: 1 });
    expect(await sharedSubscriptions()).toEqual({});
    const sharedCalendar = await calendarOf(BOSS);
    const status = await api.app.store.syncStatus.get(scope, sharedCalendar.id);
    expect(status).toMatchObject({ state: 'error', lastError: { kind: 'gone' } });
    expect(emulator.state.operationCounts()['Subscribe']).toBe(1);

    const queued = vi.spyOn(api.app.sync, 'queueCalendar');
    emulator.state.resetOperationCounts();
    for (let i = 0; i < 3; i++) expect(await poll()).toEqual({ polled: 1, changed: 0 });
    expect(queued).not.toHaveBeenCalled();
    // The mailbox's own GetEvents each minute; nothing for the exec's.
    expect(emulator.state.operationCounts()).toEqual({ GetEvents: 3 });
    const [connection] = await api.app.store.connections.list(scope);
    expect(connection?.status).toBe('active');
    queued.mockRestore();

    // Shared again, read again by a sync (its daily retry): the next poll subscribes again.
    emulator.state.grantDelegate(BOSS, ALICE, 'reviewer');
    await api.app.sync.queueCalendar(scope, sharedCalendar.id);
    await api.app.queue.drain();
    await poll();
    expect(Object.keys((await sharedSubscriptions()) ?? {})).toEqual([BOSS]);
  });

  it('a server without delegate subscriptions (Exchange 2007): asked once an hour', async () => {
    emulator.state.updateSettings({ delegateSubscriptions: false });
    emulator.state.expireSubscriptions(BOSS);
    emulator.state.resetOperationCounts();
    expect(await poll()).toEqual({ polled: 1, changed: 1 });
    expect(await sharedSubscriptions()).toEqual({});
    const sharedCalendar = await calendarOf(BOSS);
    // Its sync reads it: it syncs on its schedule, unwatched.
    expect(await api.app.store.syncStatus.get(scope, sharedCalendar.id)).toMatchObject({
      state: 'ok',
    });
    expect(emulator.state.operationCounts()['Subscribe']).toBe(1);
    emulator.state.resetOperationCounts();
    for (let i = 0; i < 3; i++) expect(await poll()).toEqual({ polled: 1, changed: 0 });
    expect(emulator.state.operationCounts()).toEqual({ GetEvents: 3 });

    // An hour on it is asked again; once the server allows it, it is watched again.
    emulator.state.updateSettings({ delegateSubscriptions: true });
    now += 60 * 60_000;
    await poll();
    expect(Object.keys((await sharedSubscriptions()) ?? {})).toEqual([BOSS]);
  });

  it('removed: its subscription ends at the next poll, and nothing is asked after', async () => {
    const url = `${shared()}${encodeURIComponent(BOSS)}/`;
    const removed = await api.server.inject({ method: 'DELETE', url, headers: bearer(token) });
    expect(removed.statusCode, removed.body).toBe(204);
    emulator.state.resetOperationCounts();
    await poll();
    expect(await sharedSubscriptions()).toEqual({});
    expect(emulator.state.operationCounts()).toEqual({ GetEvents: 1, Unsubscribe: 1 });
    emulator.state.resetOperationCounts();
    emulator.state.addItem(BOSS, buildItem({ id: 'AAMkLater', subject: 'Later board call' }));
    for (let i = 0; i < 2; i++) expect(await poll()).toEqual({ polled: 1, changed: 0 });
    expect(emulator.state.operationCounts()).toEqual({ GetEvents: 2 });
    // No subscription to the exec's mailbox is left on the server.
    expect(emulator.state.expireSubscriptions(BOSS)).toBe(0);
  });
});
