/**
 * A Google connection started from the dashboard is bound to the browser session that started
 * it: the consent link, sent to someone else, cannot connect their account to the sender's user.
 * One started with an API token (an integration hands its user the link) stays unbound.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { finishCallbackInject } from '../support/oauth-callback.js';

const DANA = 'dana@northwind.io';
const PASSWORD = 'a long enough password';
const CONNECT = '/api/v1/calendar/providers/google/connect/';

describeEachDialect('Google connect from the dashboard', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let apiToken: string;

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: { users: [{ email: DANA, name: 'Dana Reyes', calendars: [] }] },
    });
    api = await buildTestApi(context().store, {
      ...googleEmulatorEnv(emulator),
      CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
    });
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName: `Northwind oauth ${context().dialect}`,
      name: 'Dana Reyes',
      timeZone: 'UTC',
      internalDomains: ['northwind.io'],
    });
    const scope = { orgId: created.organisation.id, userId: created.user.id };
    await api.app.webAuth.setPassword(scope, PASSWORD);
    apiToken = (await api.app.store.apiTokens.create(scope, 'integration')).token;
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const response = await api.server.inject({
      method: 'POST',
      url: '/auth/sign-in',
      payload: { email: DANA, password: PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === 'calintel_session')!.value;
    return { cookie: `calintel_session=${cookie}`, csrf: response.json().csrfToken };
  }

  /** Where the emulator's (automatic) consent sends the browser back: the callback path. */
  async function consent(authorizationUrl: string): Promise<string> {
    const answer = await fetch(authorizationUrl, { redirect: 'manual' });
    const callback = new URL(answer.headers.get('location') ?? '');
    return `${callback.pathname}${callback.search}`;
  }

  async function startFromDashboard(session: { cookie: string; csrf: string }) {
    const started = await api.server.inject({
      method: 'POST',
      url: CONNECT,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: {},
    });
    expect(started.statusCode).toBe(200);
    return consent(started.json().authorizationUrl);
  }

  it('refuses a callback that comes back without the session that started it', async () => {
    const callback = await startFromDashboard(await signIn());
    const elsewhere = await api.server.inject({ url: callback });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('started in another browser session');
    expect(await api.app.store.connections.list((await signInScope()).scope)).toEqual([]);
  });

  it('refuses it in another signed-in session of the same user too', async () => {
    const callback = await startFromDashboard(await signIn());
    const other = await signIn();
    const response = await api.server.inject({ url: callback, headers: { cookie: other.cookie } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/connections?connect_error=expired');
  });

  it('sends the dashboard a code for a failure, never text of its own', async () => {
    const session = await signIn();
    const callback = new URL(await startFromDashboard(session), 'http://callback.invalid');
    callback.searchParams.delete('code');
    callback.searchParams.set('error', 'access_denied: your account is suspended, call us');
    const url = `${callback.pathname}${callback.search}`;
    const denied = await api.server.inject({ url, headers: { cookie: session.cookie } });
    expect(denied.statusCode).toBe(303);
    expect(denied.headers.location).toBe('/connections?connect_error=denied');
    // The state is used up: coming back with it again has expired.
    callback.searchParams.delete('error');
    callback.searchParams.set('code', 'a-code');
    const again = await api.server.inject({
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: session.cookie },
    });
    expect(again.headers.location).toBe('/connections?connect_error=expired');
  });

  it('finishes in the browser that started it, back on the connections page', async () => {
    const session = await signIn();
    const callback = await startFromDashboard(session);
    const response = await api.server.inject({
      url: callback,
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/connections?connected=google');
    const connections = await api.app.store.connections.list((await signInScope()).scope);
    expect(connections.map((c) => c.provider)).toEqual(['google']);
  });

  it('asks before finishing a connection started with an API token, in any browser', async () => {
    const started = await api.server.inject({
      method: 'POST',
      url: CONNECT,
      headers: bearer(apiToken),
      payload: {},
    });
    const callback = await consent(started.json().authorizationUrl);
    const asked = await api.server.inject({ url: callback });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Connect Google Calendar to calintel?');
    expect(asked.body).not.toContain('Google Calendar connected');
    const response = await finishCallbackInject(api.server, callback);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Google Calendar connected');
  });

  async function signInScope() {
    const [found] = await api.app.store.users.findByEmail(DANA);
    return { scope: { orgId: found!.organisation.id, userId: found!.user.id } };
  }
});
