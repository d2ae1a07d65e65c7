/**
 * Connecting an Exchange mailbox with NTLM through the API, against the EWS emulator over HTTPS
 * with its own CA given to the app, as the demo runs it, and NTLM the only scheme it offers: a
 * wrong password is the documented 400 (it was a 502 "ErrorInternalServerError: Cannot read
 * properties of undefined (reading 'headers')": the NTLM handshake did not trust the CA), the
 * right one connects, and once the password changes on the server a sync marks the connection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('Exchange connect with NTLM through the API (HTTPS, private CA)', (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };

  beforeAll(async () => {
    emulator = await startExchangeEmulator({
      protocol: 'https',
      seed: buildSeed([
        buildItem({
          id: 'AAMkDiscovery',
          subject: 'Acme discovery call',
          start: '2026-03-10T15:00:00Z',
          end: '2026-03-10T16:00:00Z',
        }),
      ]),
      // NTLM only, so that no answer can have come from the Basic header the library also sets.
      settings: { authSchemes: ['ntlm'] },
    });
    api = await buildTestApi(
      context().store,
      { EXCHANGE_SERVER_URL: emulator.ewsUrl, EXCHANGE_VERSION: 'Exchange2013_SP1' },
      () => TEST_NOW,
      { exchangeCa: emulator.ca ?? undefined },
    );
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    ({ token, ...scope } = await seedNorthwind(context().store));
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const connect = (username: string, password: string) =>
    api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/exchange/connect/',
      headers: bearer(token),
      payload: { email: ALICE, username, password, authType: 'ntlm' },
    });

  it.each([ALICE, 'CONTOSO\\alice'])('a wrong password for %s is a 400', async (username) => {
    const response = await connect(username, 'wrong');
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.message).toMatch(/Exchange refused the credentials/);
    expect(await api.app.store.connections.list(scope)).toEqual([]);
  });

  it('the right one connects; a sync after the password changed asks to reconnect', async () => {
    const response = await connect(ALICE, ALICE_PASSWORD);
    expect(response.statusCode, response.body).toBe(201);
    await api.app.queue.drain();
    const titles = (await api.app.store.events.list(scope, { limit: 50 })).items.map(
      (e) => e.event.title,
    );
    expect(titles).toEqual(['Acme discovery call']);

    emulator.state.setPassword(ALICE, 'Changed-Password-2');
    const sync = await api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/sync/',
      headers: bearer(token),
    });
    expect(sync.statusCode, sync.body).toBeLessThan(300);
    await api.app.queue.drain();
    const [after] = await api.app.store.connections.list(scope);
    expect(after?.status).toBe('reauth_required');
  });
});
