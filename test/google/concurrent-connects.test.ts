/**
 * Two Google connects finishing at the same moment, by users of different organisations. Each
 * lists its new account's calendars before the connection exists; that listing used a stand-in
 * connection whose id was always 'new', and the token keeper shares a refresh (and remembers the
 * newest tokens) per connection id, so two listings that both refreshed shared one account's
 * tokens: one user got the other's calendars, across organisations.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { finishCallbackInject } from '../support/oauth-callback.js';

const DANA = 'dana@northwind.io';
const EVE = 'eve@globex.test';
const CONNECT = '/api/v1/calendar/providers/google/connect/';
const DAY_MS = 86_400_000;

function meeting(id: string, summary: string) {
  const start = Date.now() + DAY_MS;
  return {
    id,
    summary,
    start: { dateTime: new Date(start).toISOString() },
    end: { dateTime: new Date(start + 3_600_000).toISOString() },
  };
}

describeEachDialect('two Google connects finishing at once', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: {
        users: [
          {
            email: DANA,
            name: 'Dana',
            calendars: [
              {
                id: DANA,
                summary: 'Dana',
                timeZone: 'UTC',
                primary: true,
                events: [meeting('danaevent1', 'Dana private')],
              },
            ],
          },
          {
            email: EVE,
            name: 'Eve',
            calendars: [
              {
                id: EVE,
                summary: 'Eve',
                timeZone: 'UTC',
                primary: true,
                events: [meeting('eveevent1', 'Eve private')],
              },
            ],
          },
        ],
      },
      // Inside the five-minute margin: the first listing of each new account refreshes.
      settings: { accessTokenLifetimeSeconds: 120 },
    });
    api = await buildTestApi(context().store, {
      ...googleEmulatorEnv(emulator),
      CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
    });
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  async function user(email: string, orgName: string) {
    const created = await api.app.admin.createUser({
      email,
      orgName: `${orgName} ${context().dialect}`,
      name: email,
      timeZone: 'UTC',
      internalDomains: [email.split('@')[1] ?? ''],
    });
    const scope = { orgId: created.organisation.id, userId: created.user.id };
    const token = (await api.app.store.apiTokens.create(scope, 'test')).token;
    return { scope, token };
  }

  async function consentedCallback(token: string, loginHint: string): Promise<string> {
    const started = await api.server.inject({
      method: 'POST',
      url: CONNECT,
      headers: bearer(token),
      payload: { loginHint },
    });
    expect(started.statusCode).toBe(200);
    const answer = await fetch(started.json().authorizationUrl, { redirect: 'manual' });
    const callback = new URL(answer.headers.get('location') ?? '');
    return `${callback.pathname}${callback.search}`;
  }

  it("gives each user their own account's calendars and events", async () => {
    const dana = await user(DANA, 'Northwind');
    const eve = await user(EVE, 'Globex');
    const danaCallback = await consentedCallback(dana.token, DANA);
    const eveCallback = await consentedCallback(eve.token, EVE);

    const answers = await Promise.all([
      finishCallbackInject(api.server, danaCallback),
      finishCallbackInject(api.server, eveCallback),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);

    for (const [who, scope, title] of [
      [DANA, dana.scope, 'Dana private'],
      [EVE, eve.scope, 'Eve private'],
    ] as const) {
      const connections = await api.app.store.connections.list(scope);
      expect(connections.map((c) => c.label)).toEqual([who]);
      const calendars = await api.app.store.calendars.list(scope);
      expect(calendars.map((c) => c.providerCalendarId)).toEqual([who]);
      for (const calendar of calendars) await api.app.engine.syncCalendar(scope, calendar.id);
      const events = await api.app.store.events.list(scope, { limit: 100, cursor: null });
      expect(events.items.map((e) => e.event.title)).toEqual([title]);
    }
  });

  it('keeps the tokens the listing refreshed (a rotated refresh token) on the new connection', async () => {
    // Google may rotate the refresh token on a refresh: the one the code exchange gave is then
    // dead, and a connection stored with it could never refresh again.
    emulator.state.updateSettings({ rotateRefreshTokens: true });
    try {
      const dana = await user(DANA, 'Northwind again');
      const answer = await finishCallbackInject(
        api.server,
        await consentedCallback(dana.token, DANA),
      );
      expect(answer.statusCode).toBe(200);
      const [calendar] = await api.app.store.calendars.list(dana.scope);
      const outcome = await api.app.engine.syncCalendar(dana.scope, calendar?.id ?? '');
      expect(outcome.added).toBe(1);
      const connections = await api.app.store.connections.list(dana.scope);
      expect(connections.map((c) => c.status)).toEqual(['active']);
    } finally {
      emulator.state.updateSettings({ rotateRefreshTokens: false });
    }
  });
});
