/**
 * A Google account that is another calintel user's own mailbox, in the caller's organisation,
 * is not connected to the caller: the colleague connects it. Connected under Dana, Lukas's
 * calendar listed every meeting they share twice and made his own meetings her "conflicts".
 * Her own account (again: a reconnect), an address no user has, and the address of a user of
 * another organisation are connected as before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { Scope } from '../../src/store/store.js';
import { consentCallbackPath, createUserWithToken } from '../support/colleague-accounts.js';
import { describeEachDialect } from '../support/databases.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { finishCallbackInject } from '../support/oauth-callback.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const LUKAS = 'lukas@northwind.io';
/** A mailbox of the organisation's domain that is no calintel user. */
const SALES = 'sales@northwind.io';
/** A calintel user of another organisation. */
const EVE = 'eve@globex.test';
const PASSWORD = 'a long enough password';
const CONNECT = '/api/v1/calendar/providers/google/connect/';

function googleUser(email: string, name: string) {
  return {
    email,
    name,
    calendars: [{ id: email, summary: name, timeZone: 'UTC', primary: true, events: [] }],
  };
}

describeEachDialect("connecting a colleague's Google account", (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let dana: { scope: Scope; token: string };
  let lukas: { scope: Scope; token: string };

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: {
        users: [
          googleUser(DANA, 'Dana Reyes'),
          googleUser(LUKAS, 'Lukas Becker'),
          googleUser(SALES, 'Sales'),
          googleUser(EVE, 'Eve Moreau'),
        ],
      },
    });
    api = await buildTestApi(context().store, {
      ...googleEmulatorEnv(emulator),
      CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
    });
    const northwind = `Northwind colleagues ${context().dialect}`;
    dana = await user(DANA, 'Dana Reyes', northwind);
    lukas = await user(LUKAS, 'Lukas Becker', northwind);
    await user(EVE, 'Eve Moreau', `Globex colleagues ${context().dialect}`);
    await api.app.webAuth.setPassword(dana.scope, PASSWORD);
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const user = (email: string, name: string, orgName: string) =>
    createUserWithToken(api, email, name, orgName);

  /** The callback path the emulator's consent for `account` sends the browser back to. */
  const consent = (headers: Record<string, string>, account: string) =>
    consentCallbackPath(api, CONNECT, headers, account);

  async function connectWithToken(token: string, account: string) {
    return finishCallbackInject(api.server, await consent(bearer(token), account));
  }

  const accountsOf = async (scope: Scope) =>
    (await api.app.store.connections.list(scope)).map((c) => c.settings['account']);

  it("refuses Lukas's account for Dana with 409, naming him, and stores nothing", async () => {
    const answer = await connectWithToken(dana.token, LUKAS);
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('Lukas Becker (lukas@northwind.io)');
    expect(answer.body).toContain('theirs to connect');
    expect(await accountsOf(dana.scope)).toEqual([]);
    expect(await api.app.store.calendars.list(dana.scope)).toEqual([]);
  });

  it('sends the dashboard back to the connections page with connect_error=colleague', async () => {
    const signedIn = await api.server.inject({
      method: 'POST',
      url: '/auth/sign-in',
      payload: { email: DANA, password: PASSWORD },
    });
    const cookie = `calintel_session=${signedIn.cookies.find((c) => c.name === 'calintel_session')!.value}`;
    const session = { cookie, 'x-csrf-token': signedIn.json<{ csrfToken: string }>().csrfToken };
    const callback = await consent(session, LUKAS);
    const answer = await api.server.inject({ url: callback, headers: { cookie } });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/connections?connect_error=colleague');
    expect(await accountsOf(dana.scope)).toEqual([]);
  });

  it('connects her own account, and connecting it again renews that one connection', async () => {
    expect((await connectWithToken(dana.token, DANA)).statusCode).toBe(200);
    const first = await api.app.store.connections.list(dana.scope);
    expect((await connectWithToken(dana.token, DANA)).statusCode).toBe(200);
    const again = await api.app.store.connections.list(dana.scope);
    expect(again.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(again.map((c) => [c.settings['account'], c.status])).toEqual([[DANA, 'active']]);
  });

  it('connects an account no calintel user has, and one of a user of another organisation', async () => {
    expect((await connectWithToken(dana.token, SALES)).statusCode).toBe(200);
    const answer = await connectWithToken(dana.token, EVE);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).not.toContain('Eve Moreau');
    expect(await accountsOf(dana.scope)).toEqual([DANA, SALES, EVE]);
  });

  it('lets Lukas connect his own account after Dana was refused it', async () => {
    expect((await connectWithToken(lukas.token, LUKAS)).statusCode).toBe(200);
    expect(await accountsOf(lukas.scope)).toEqual([LUKAS]);
  });
});
