/**
 * A Google account whose calendar list marks no calendar primary: its address is then unknown,
 * and the first calendar listed (here Lukas's, shared into Dana's account) is not taken for it.
 * Taken for it, Dana was refused her own account as Lukas's, on the first connect and on every
 * reconnect.
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
const CONNECT = '/api/v1/calendar/providers/google/connect/';

describeEachDialect('connecting a Google account without a primary calendar', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let dana: { scope: Scope; token: string };

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: {
        users: [
          {
            email: DANA,
            name: 'Dana Reyes',
            calendars: [
              { id: LUKAS, summary: 'Lukas Becker', accessRole: 'reader', events: [] },
              { id: DANA, summary: 'Dana Reyes', events: [] },
            ],
          },
        ],
      },
    });
    api = await buildTestApi(context().store, {
      ...googleEmulatorEnv(emulator),
      CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
    });
    const orgName = `Northwind no primary ${context().dialect}`;
    dana = await user(DANA, 'Dana Reyes', orgName);
    await user(LUKAS, 'Lukas Becker', orgName);
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const user = (email: string, name: string, orgName: string) =>
    createUserWithToken(api, email, name, orgName);

  async function connect() {
    const callback = await consentCallbackPath(api, CONNECT, bearer(dana.token), DANA);
    return finishCallbackInject(api.server, callback);
  }

  it('connects her own account, and connecting it again renews that one connection', async () => {
    const first = await connect();
    expect(first.statusCode, first.body).toBe(200);
    const connected = await api.app.store.connections.list(dana.scope);
    expect(connected).toHaveLength(1);
    const again = await connect();
    expect(again.statusCode, again.body).toBe(200);
    const renewed = await api.app.store.connections.list(dana.scope);
    expect(renewed.map((c) => [c.id, c.status])).toEqual([[connected[0]!.id, 'active']]);
  });
});
