/**
 * An Exchange mailbox that is another calintel user's own, in the caller's organisation, is not
 * connected to the caller (as for Google and Outlook): the colleague connects it, whatever address
 * the caller types, since EWS syncs the mailbox of the credentials (its address is asked with
 * ConvertId). The caller's own mailbox, however its address is written, still connects.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildSeed } from '../../emulators/exchange/test-kit.js';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect("connecting a colleague's Exchange mailbox", (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let ana: { orgId: string; userId: string; token: string };
  let alice: { orgId: string; userId: string; token: string };

  beforeAll(async () => {
    emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed([]) });
    api = await buildTestApi(context().store, {
      EXCHANGE_SERVER_URL: emulator.ewsUrl,
      EXCHANGE_VERSION: 'Exchange2013_SP1',
    });
    ana = await seedNorthwind(context().store);
    const user = await api.app.store.users.create(ana.orgId, { email: ALICE, name: 'Alice Ng' });
    const scope = { orgId: ana.orgId, userId: user.id };
    alice = { ...scope, token: (await api.app.store.apiTokens.create(scope, 'test')).token };
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const connect = (token: string, email: string) =>
    api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/exchange/connect/',
      headers: bearer(token),
      payload: { email, username: 'alice', password: ALICE_PASSWORD, authType: 'basic' },
    });

  it("refuses Alice's mailbox for Ana with 409 account_belongs_to_colleague", async () => {
    const response = await connect(ana.token, 'Alice+calendar@Contoso.test');
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'account_belongs_to_colleague',
      message: expect.stringContaining('Alice Ng (alice@contoso.test)'),
    });
    expect(await api.app.store.connections.list(ana)).toEqual([]);
  });

  it("refuses Alice's credentials for Ana under Ana's own address: the mailbox synced is Alice's", async () => {
    const response = await connect(ana.token, 'ana@northwind.io');
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'account_belongs_to_colleague',
      message: expect.stringContaining('alice@contoso.test is the calendar of Alice Ng'),
    });
    expect(await api.app.store.connections.list(ana)).toEqual([]);
  });

  it('connects it for Alice herself', async () => {
    const response = await connect(alice.token, ALICE);
    expect(response.statusCode, response.body).toBe(201);
    expect((await api.app.store.connections.list(alice)).map((c) => c.label)).toEqual([ALICE]);
  });
});
