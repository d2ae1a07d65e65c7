/**
 * One Google calendar that Google no longer shows us (deleted, or a teammate unshared it: 404)
 * is that calendar's trouble: the connection stays active, and its other calendars keep their
 * schedule, their push channels and their notifications. Before, the connection was marked
 * `error`, which took every calendar of the account out of polling, renewal and push.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { DANA, discoveryApp } from '../support/discovery-env.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import type { TestApi } from '../support/test-app.js';

const HOUR_MS = 3_600_000;
const soon = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();

describeEachDialect('a Google calendar gone from a working connection', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: Scope;

  const app = discoveryApp();
  const get = async (path: string) => {
    const response = await app.call('GET', path);
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
    ({ api, scope } = await app.start({
      store: context().store,
      env: googleEmulatorEnv(emulator),
      orgName: `Northwind gone ${context().dialect}`,
      tokenName: 'gone',
    }));
  });

  afterAll(async () => {
    await app.close();
    await emulator?.close();
  });

  it('marks that calendar only; the connection and its primary calendar go on', async () => {
    // Connect through the real OAuth flow: the primary is listed, watched and synced.
    await app.connect('google');
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
