/**
 * `calintel sync --dry-run` rolls its writes back, but not a refreshed token: Google may rotate
 * the refresh token on a refresh (the old one is dead from then on), so a dry run that rolled the
 * new one back left the connection with a dead grant, and the next real sync, in any process,
 * met invalid_grant and marked the connection reauth_required.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { finishCallbackInject } from '../support/oauth-callback.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const HOUR_MS = 3_600_000;
const soon = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();

describeEachDialect('a dry run that refreshes a rotating Google token', (context) => {
  let emulator: RunningGoogleEmulator;
  const apis: TestApi[] = [];
  let scope: { orgId: string; userId: string };

  const newProcess = async () => {
    const api = await buildTestApi(
      context().store,
      { ...googleEmulatorEnv(emulator), CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9' },
      () => new Date(),
    );
    apis.push(api);
    return api;
  };

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: {
        users: [
          {
            email: DANA,
            name: 'Dana Reyes',
            calendars: [
              {
                id: DANA,
                summary: 'Dana Reyes',
                timeZone: 'UTC',
                primary: true,
                events: [
                  {
                    id: 'call00001',
                    summary: 'Call',
                    start: { dateTime: soon(24) },
                    end: { dateTime: soon(25) },
                  },
                ],
              },
            ],
          },
        ],
      },
      settings: { rotateRefreshTokens: true },
    });
    const api = await newProcess();
    const orgName = `Northwind dry run ${context().dialect}`;
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana Reyes',
      timeZone: 'UTC',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: created.organisation.id, userId: created.user.id };
    const { token } = await api.app.admin.createToken({ email: DANA, orgName, name: 'dry' });
    const started = await api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/google/connect/',
      headers: bearer(token),
      payload: { loginHint: DANA },
    });
    const consent = await fetch(JSON.parse(started.body).authorizationUrl as string, {
      redirect: 'manual',
    });
    const callback = new URL(consent.headers.get('location') ?? '');
    const finished = await finishCallbackInject(api.server, callback.pathname + callback.search);
    expect(finished.statusCode).toBe(200);
  });

  afterAll(async () => {
    for (const api of apis) await api.close();
    await emulator?.close();
  });

  it('keeps the rotated refresh token, so the next real sync (another process) still works', async () => {
    const { store } = context();
    const [connection] = await store.connections.list(scope);
    const before = await store.connections.get(scope, connection?.id ?? '');
    // The access token has expired: the dry run's first request refreshes it, and Google
    // rotates the refresh token.
    emulator.state.expireAccessTokens(DANA);
    const cli = await newProcess();
    const dry = await cli.app.sync.runNow({ userId: null, provider: 'google', dryRun: true });
    expect(dry).toEqual([expect.objectContaining({ added: 1, error: null })]);
    // Nothing of the sync itself stayed...
    expect(await store.events.count(scope, {})).toBe(0);
    // ...but the new tokens did.
    const after = await store.connections.get(scope, connection?.id ?? '');
    expect(after?.secrets['refreshToken']).toBeTruthy();
    expect(after?.secrets['refreshToken']).not.toBe(before?.secrets['refreshToken']);

    // The service only has what is stored.
    emulator.state.expireAccessTokens(DANA);
    const service = await newProcess();
    const real = await service.app.sync.runNow({ userId: null, provider: 'google', dryRun: false });
    expect(real).toEqual([expect.objectContaining({ added: 1, error: null })]);
    expect((await store.connections.list(scope))[0]?.status).toBe('active');
  });
});
