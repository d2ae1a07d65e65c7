/**
 * Connecting an Exchange mailbox through the API against the EWS emulator: a wrong password is a
 * 400 and stores nothing; the right one stores the connection sealed, syncs the calendar, and a
 * pull subscription polled by the scheduled task turns a change on the server into a sync.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { POLL_EXCHANGE_SUBSCRIPTIONS, taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('Exchange connect through the API', (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };
  let now = TEST_NOW;

  beforeAll(async () => {
    emulator = await startExchangeEmulator({
      protocol: 'http',
      seed: buildSeed([
        buildItem({
          id: 'AAMkDiscovery',
          subject: 'Acme discovery call',
          start: '2026-03-10T15:00:00Z',
          end: '2026-03-10T16:00:00Z',
        }),
      ]),
    });
    api = await buildTestApi(
      context().store,
      { EXCHANGE_SERVER_URL: emulator.ewsUrl, EXCHANGE_VERSION: 'Exchange2013_SP1' },
      () => now,
    );
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    ({ token, ...scope } = await seedNorthwind(context().store));
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const connect = (password: string, authType = 'basic') =>
    api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/exchange/connect/',
      headers: bearer(token),
      payload: { email: ALICE, username: 'alice', password, authType },
    });
  const titles = async () =>
    (await api.app.store.events.list(scope, { limit: 50 })).items.map((e) => e.event.title);

  it('a wrong password is a clear 400 and stores nothing', async () => {
    const response = await connect('not-the-password');
    expect(response.statusCode, response.body).toBe(400);
    expect(await api.app.store.connections.list(scope)).toEqual([]);
  });

  it('the right one stores the mailbox sealed, syncs it, and the subscription brings changes', async () => {
    const response = await connect(ALICE_PASSWORD, 'ntlm');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ provider: 'exchange', status: 'active' });
    const [stored] = await api.app.store.connections.list(scope);
    const full = await api.app.store.connections.get(scope, stored!.id);
    expect(full?.secrets).toEqual({
      authType: 'ntlm',
      username: 'alice',
      password: ALICE_PASSWORD,
    });
    expect(full?.settings['subscription']).toMatchObject({ subscriptionId: expect.any(String) });
    await api.app.queue.drain();
    expect(await titles()).toEqual(['Acme discovery call']);

    emulator.state.addItem(ALICE, {
      id: 'AAMkDemo',
      subject: 'Acme demo',
      start: '2026-03-12T15:00:00Z',
      end: '2026-03-12T16:00:00Z',
    });
    const poll = taskHandlers(api.app, () => TEST_NOW).get(POLL_EXCHANGE_SUBSCRIPTIONS);
    await poll?.({}, { jobId: 'poll', attempt: 1, signal: new AbortController().signal });
    await api.app.queue.drain();
    expect((await titles()).sort()).toEqual(['Acme demo', 'Acme discovery call']);

    // ErrorServerBusy on a poll: the mailbox is left alone for the back-off the server asked.
    emulator.state.addFault({
      fault: 'serverBusy',
      times: 1,
      backOffMs: 120_000,
      match: { operation: 'GetEvents' },
    });
    expect((await api.app.exchange.pollAll()).polled).toBe(1);
    expect((await api.app.exchange.pollAll()).polled).toBe(0);
    now = new Date(TEST_NOW.getTime() + 121_000);
    expect(await api.app.exchange.pollAll()).toEqual({ polled: 1, changed: 0 });

    // The password changes on the server: one refused poll marks the connection, and polling
    // stops (a directory would lock the account out after a few tries).
    emulator.state.setPassword(ALICE, 'Changed-Password-2');
    await poll?.({}, { jobId: 'poll', attempt: 1, signal: new AbortController().signal });
    const [after] = await api.app.store.connections.list(scope);
    expect(after?.status).toBe('reauth_required');
    const outcome = await api.app.exchange.pollAll();
    expect(outcome.polled).toBe(0);
  });
});
