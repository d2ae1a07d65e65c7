/**
 * Outlook shares the Google connect's refusal (oauth-connections.ts): the Microsoft account of
 * another calintel user of the organisation is theirs to connect, checked by the address Graph
 * names, since the account key Microsoft gives (its home account id) is no address: the sign-in
 * name (MSAL's username, often a UPN that is not the mailbox's address) and Graph's mail and
 * userPrincipalName.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import type { Scope } from '../../src/store/store.js';
import { consentCallbackPath, createUserWithToken } from '../support/colleague-accounts.js';
import { microsoftEmulatorEnv } from '../support/discovery-env.js';
import { describeEachDialect } from '../support/databases.js';
import { finishCallbackInject } from '../support/oauth-callback.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const LUKAS = 'lukas@northwind.io';
/** Mia signs in as mia.wong@northwind.onmicrosoft.com; her mail, and calintel address, differ. */
const MIA = 'mia@northwind.io';
const MIA_SIGN_IN = 'mia.wong@northwind.onmicrosoft.com';
const CONNECT = '/api/v1/calendar/providers/outlook/connect/';

function outlookUser(email: string, name: string) {
  return {
    email,
    name,
    calendars: [{ id: `cal-${name}`, name: 'Calendar', isDefaultCalendar: true, events: [] }],
  };
}

describeEachDialect("connecting a colleague's Outlook account", (context) => {
  let emulator: RunningMicrosoftEmulator;
  let api: TestApi;
  let dana: { scope: Scope; token: string };

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      seed: {
        users: [
          outlookUser(DANA, 'Dana Reyes'),
          outlookUser(LUKAS, 'Lukas Becker'),
          { ...outlookUser(MIA, 'Mia Wong'), userPrincipalName: MIA_SIGN_IN },
        ],
      },
    });
    api = await buildTestApi(
      context().store,
      {
        ...microsoftEmulatorEnv(emulator),
        CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
      },
      undefined,
      { microsoftFetch: fetchTrusting(emulator.ca) },
    );
    const orgName = `Northwind Outlook colleagues ${context().dialect}`;
    dana = await user(DANA, 'Dana Reyes', orgName);
    await user(LUKAS, 'Lukas Becker', orgName);
    await user(MIA, 'Mia Wong', orgName);
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const user = (email: string, name: string, orgName: string) =>
    createUserWithToken(api, email, name, orgName);

  async function connect(account: string) {
    const headers = bearer(dana.token);
    const trusting = fetchTrusting(emulator.ca);
    const callback = await consentCallbackPath(api, CONNECT, headers, account, trusting);
    return finishCallbackInject(api.server, callback);
  }

  it("refuses Lukas's account for Dana with 409 and stores nothing", async () => {
    const answer = await connect(LUKAS);
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('Lukas Becker (lukas@northwind.io)');
    expect(await api.app.store.connections.list(dana.scope)).toEqual([]);
    expect(emulator.state.subscriptions()).toEqual([]);
  });

  it("refuses Mia's account, whose sign-in name is not her address, by Graph's mail", async () => {
    const answer = await connect(MIA);
    expect(answer.statusCode, answer.body).toBe(409);
    expect(answer.body).toContain('Mia Wong (mia@northwind.io)');
    expect(await api.app.store.connections.list(dana.scope)).toEqual([]);
  });

  it('connects her own account', async () => {
    expect((await connect(DANA)).statusCode).toBe(200);
    const labels = (await api.app.store.connections.list(dana.scope)).map((c) => c.label);
    expect(labels).toEqual([DANA]);
  });
});
