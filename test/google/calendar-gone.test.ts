/**
 * One Google calendar that Google no longer shows us (deleted, or a teammate unshared it: 404)
 * is that calendar's trouble: the connection stays active, and its other calendars keep their
 * schedule, their push channels and their notifications. Before, the connection was marked
 * `error`, which took every calendar of the account out of polling, renewal and push.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { finishCallbackFetch } from '../support/oauth-callback.js';

const DANA = 'dana@northwind.io';
const HOUR_MS = 3_600_000;
const soon = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();

describeEachDialect('a Google calendar gone from a working connection', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let base: string;
  let token: string;
  let scope: { orgId: string; userId: string };

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: bearer(token) });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
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
                timeZone: 'Europe/Berlin',
                primary: true,
                events: [
                  {
                    id: 'discovery1',
                    summary: 'Discovery call: Acme',
                    start: { dateTime: soon(24), timeZone: 'Europe/Berlin' },
                    end: { dateTime: soon(25), timeZone: 'Europe/Berlin' },
                  },
                ],
              },
            ],
          },
        ],
      },
      pushRetryDelaysMs: [20, 40],
    });
    // Channels live two hours: inside the day before expiry in which they are renewed.
    emulator.state.updateSettings({ channelMaxLifetimeMs: 2 * HOUR_MS });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await buildTestApi(
      context().store,
      {
        ...googleEmulatorEnv(emulator),
        CALINTEL_PUBLIC_URL: base,
        API_RATE_LIMIT_PER_MINUTE: '100000',
      },
      () => new Date(),
    );
    await api.server.listen({ port, host: '127.0.0.1' });
    api.app.queue.start(taskHandlers(api.app));
    const orgName = `Northwind gone ${context().dialect}`;
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana Reyes',
      timeZone: 'Europe/Berlin',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: created.organisation.id, userId: created.user.id };
    token = (await api.app.admin.createToken({ email: DANA, orgName, name: 'gone' })).token;
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  it('marks that calendar only; the connection and its primary calendar go on', async () => {
    // Connect through the real OAuth flow: the primary is listed, watched and synced.
    const started = await fetch(`${base}/api/v1/calendar/providers/google/connect/`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: '{}',
    });
    const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    expect((await finishCallbackFetch(new URL(consent.headers.get('location') ?? ''))).status).toBe(
      200,
    );
    await api.app.queue.drain();
    const store = api.app.store;
    const [connection] = await store.connections.list(scope);
    const [primary] = await store.calendars.list(scope);
    if (!connection || !primary) throw new Error('the connection was not made');
    expect((await store.syncStatus.get(scope, primary.id))?.state).toBe('ok');

    // A team calendar the account could read once, deleted or unshared since: Google says 404.
    const team = await store.calendars.upsert(scope, connection.id, {
      providerCalendarId: 'team-gone@group.calendar.google.com',
      name: 'Team',
      timeZone: 'Europe/Berlin',
      isPrimary: false,
    });
    if (!team) throw new Error('no team calendar');
    await expect(api.app.engine.syncCalendar(scope, team.id)).rejects.toMatchObject({
      kind: 'gone',
    });

    // The connection is untouched...
    expect(await store.connections.get(scope, connection.id)).toMatchObject({
      status: 'active',
      lastError: null,
    });
    const providers = (await get('/api/v1/calendar/providers/'))['providers'] as {
      provider: string;
      connections: { status: string; lastError: string | null }[];
    }[];
    expect(providers.find((p) => p.provider === 'google')?.connections).toEqual([
      expect.objectContaining({ status: 'active', lastError: null }),
    ]);
    // ...and the team calendar says what is wrong with it, tried again in a day, not sooner.
    const statuses = (await get('/api/v1/calendar/sync/status/'))['calendars'] as {
      calendarId: string;
      state: string;
      nextRunAt: string | null;
      lastError: { kind: string; message: string } | null;
    }[];
    const teamStatus = statuses.find((s) => s.calendarId === team.id);
    expect(teamStatus).toMatchObject({ state: 'error', lastError: { kind: 'gone' } });
    expect(teamStatus?.lastError?.message).toMatch(/404.*no longer shared/);
    expect(Date.parse(teamStatus?.nextRunAt ?? '')).toBeGreaterThan(Date.now() + 23 * HOUR_MS);
    expect(statuses.find((s) => s.calendarId === primary.id)).toMatchObject({
      state: 'ok',
      lastError: null,
    });

    // The primary stays due on its schedule; the team calendar is not retried before its day.
    const due = async (hours: number) =>
      (await store.syncStatus.listDue(new Date(Date.now() + hours * HOUR_MS)))
        .filter((d) => d.scope.userId === scope.userId)
        .map((d) => d.calendarId);
    expect(await due(0.5)).toEqual([primary.id]);
    expect((await due(25)).sort()).toEqual([primary.id, team.id].sort());

    // The primary's channel is renewed, and a notification on the new one queues a sync.
    const renewal = await api.app.google.channels.renewChannels();
    expect(renewal).toEqual({ renewed: 1, opened: 0, failed: 0 });
    const [live] = await store.pushChannels.list(scope, { status: 'active' });
    expect(live?.calendarId).toBe(primary.id);
    const watched = emulator.state.channels().find((c) => c.id === live?.id);
    const outcome = await api.app.google.handleNotification({
      'x-goog-channel-id': watched?.id ?? '',
      'x-goog-channel-token': watched?.token ?? '',
      'x-goog-resource-id': watched?.resourceId ?? '',
      'x-goog-resource-state': 'exists',
      'x-goog-message-number': '7',
    });
    expect(outcome.outcome).toBe('accepted');
    await api.app.queue.drain();
    expect((await store.syncStatus.get(scope, primary.id))?.state).toBe('ok');
  });
});
