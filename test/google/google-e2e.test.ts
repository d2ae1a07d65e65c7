/**
 * Google Calendar end to end, through the official clients against the emulator: connect with
 * the real OAuth code flow, the first (full) sync, push notifications turning into incremental
 * syncs, a 410 recovered by a full resync, token refresh and invalid_grant, forged
 * notifications, channel renewal and disconnect.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleSeed } from '../../emulators/google/types.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { dateDaysFromToday, isoDaysFromToday } from '../support/days.js';
import { freePort, waitFor } from '../support/ports.js';
import { deleteKeys, REDIS_URL, redisProblem, uniquePrefix } from '../support/queues.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { confirmationFields, finishCallbackFetch } from '../support/oauth-callback.js';

const DANA = 'dana@northwind.io';
const at = isoDaysFromToday;
const dateAt = dateDaysFromToday;

function seed(): GoogleSeed {
  return {
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
                start: { dateTime: at(1, 9), timeZone: 'Europe/Berlin' },
                end: { dateTime: at(1, 10), timeZone: 'Europe/Berlin' },
                attendees: [
                  { email: DANA, self: true, organizer: true, responseStatus: 'accepted' },
                  { email: 'buyer@acme.com', responseStatus: 'needsAction' },
                ],
                hangoutLink: 'https://meet.google.com/abc-defg-hij',
              },
              {
                id: 'offsite1',
                summary: 'Team offsite',
                start: { date: dateAt(3) },
                end: { date: dateAt(5) },
              },
              {
                id: 'weekly1',
                summary: 'Acme weekly',
                start: { dateTime: at(-14, 14), timeZone: 'Europe/Berlin' },
                end: { dateTime: at(-14, 15), timeZone: 'Europe/Berlin' },
                recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
              },
            ],
          },
        ],
      },
    ],
  };
}

describeEachDialect('Google Calendar end to end', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let base: string;
  let token: string;
  let scope: { orgId: string; userId: string };

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: bearer(token) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const post = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const storedEvents = async () => {
    const page = await api.app.store.events.list(scope, { limit: 5000, cursor: null });
    return page.items;
  };
  /** What Google lists now, by id and title: the truth the store must equal. */
  const truth = () =>
    emulator.state
      .listTruth(DANA, { singleEvents: true })
      .filter((e) => e.status !== 'cancelled')
      .map((e) => `${e.id}|${e.summary ?? ''}|${e.start?.dateTime ?? e.start?.date}`)
      .sort();
  const stored = async () =>
    (await storedEvents())
      .map(
        (s) =>
          `${s.event.providerEventId}|${s.event.title}|${s.event.allDay ? s.event.startDate : s.event.start}`,
      )
      .sort();
  const normalisedTruth = () =>
    truth().map((line) => {
      const [id, title, start] = line.split('|');
      const when = start && start.length > 10 ? new Date(start).toISOString() : start;
      return `${id}|${title}|${when}`;
    });

  const followConsent = async (authorizationUrl: URL) => {
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    return new URL(consent.headers.get('location') ?? '');
  };
  const connectThroughOAuth = async () => {
    const started = await post('/api/v1/calendar/providers/google/connect/', {});
    const callback = await followConsent(new URL(String(started.body['authorizationUrl'])));
    expect((await finishCallbackFetch(callback)).status).toBe(200);
  };

  // The embedded shape on SQLite; the scaled shape (BullMQ on Redis) beside PostgreSQL, so that
  // one suite proves both. Without Redis (outside CI) the PostgreSQL run keeps the jobs table.
  let redisPrefix: string | null = null;
  const scaledShape = (): Record<string, string> => {
    if (context().dialect !== 'postgres' || redisProblem) return {};
    redisPrefix = uniquePrefix();
    return { REDIS_URL, REDIS_PREFIX: redisPrefix };
  };

  beforeAll(async () => {
    emulator = await startGoogleEmulator({ seed: seed(), pushRetryDelaysMs: [20, 40] });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await buildTestApi(
      context().store,
      {
        ...googleEmulatorEnv(emulator),
        CALINTEL_PUBLIC_URL: base,
        API_RATE_LIMIT_PER_MINUTE: '100000',
        ...scaledShape(),
      },
      () => new Date(),
    );
    await api.server.listen({ port, host: '127.0.0.1' });
    api.app.queue.start(taskHandlers(api.app));
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName: `Northwind e2e ${context().dialect}`,
      name: 'Dana Reyes',
      timeZone: 'Europe/Berlin',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: created.organisation.id, userId: created.user.id };
    token = (
      await api.app.admin.createToken({
        email: DANA,
        orgName: `Northwind e2e ${context().dialect}`,
        name: 'e2e',
      })
    ).token;
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
    if (redisPrefix) await deleteKeys(`${redisPrefix}:*`);
  });

  it('connects through the OAuth code flow and syncs the calendar in full', async () => {
    expect(api.app.queue.constructor.name).toBe(redisPrefix ? 'BullMqJobQueue' : 'LocalJobQueue');
    const started = await post('/api/v1/calendar/providers/google/connect/', { loginHint: DANA });
    expect(started.status).toBe(200);
    const authorizationUrl = new URL(String(started.body['authorizationUrl']));
    expect(authorizationUrl.searchParams.get('access_type')).toBe('offline');
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('scope')).toContain('calendar.readonly');

    const callback = await followConsent(authorizationUrl);
    expect(callback.pathname).toBe('/api/calendar/callback/google/');
    // Started with an API token: the callback only asks, naming the user, and stores nothing.
    const asked = await fetch(callback);
    expect(asked.status).toBe(200);
    expect(asked.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const question = await asked.text();
    expect(question).toContain('Connect Google Calendar to calintel?');
    expect(question).toContain(DANA);
    expect(await api.app.store.connections.list(scope)).toEqual([]);
    // A form POSTed from another site does not finish it.
    const fields = confirmationFields(question);
    const forged = await fetch(new URL(callback.pathname, callback), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.test' },
      body: new URLSearchParams(fields ?? {}).toString(),
    });
    expect(forged.status).toBe(403);
    const finished = await finishCallbackFetch(callback);
    expect(finished.status).toBe(200);
    expect(await finished.text()).toContain('Google Calendar connected');
    // The state was single use.
    expect((await finishCallbackFetch(callback)).status).toBe(400);

    await api.app.queue.drain();
    expect(await stored()).toEqual(normalisedTruth());
    const events = await storedEvents();
    const discovery = events.find((e) => e.event.providerEventId === 'discovery1');
    expect(discovery?.event).toMatchObject({
      conferenceUrl: 'https://meet.google.com/abc-defg-hij',
      attendees: expect.arrayContaining([expect.objectContaining({ email: 'buyer@acme.com' })]),
    });
    expect(events.filter((e) => e.event.seriesId === 'weekly1')).toHaveLength(6);
    const providers = await get('/api/v1/calendar/providers/');
    const google = (
      providers.body['providers'] as { provider: string; connections: unknown[] }[]
    ).find((p) => p.provider === 'google');
    expect(google?.connections).toHaveLength(1);
    expect(emulator.state.channels().filter((c) => !c.stopped)).toHaveLength(1);
  });

  it('turns push notifications into incremental syncs: created, moved, cancelled, deleted', async () => {
    emulator.state.addEvent(DANA, {
      id: 'demo1',
      summary: 'Northwind demo for Acme',
      start: { dateTime: at(2, 11), timeZone: 'Europe/Berlin' },
      end: { dateTime: at(2, 12), timeZone: 'Europe/Berlin' },
    });
    const weeklyInstance = emulator.state
      .listTruth(DANA, { singleEvents: true })
      .filter((e) => e.recurringEventId === 'weekly1')[3];
    emulator.state.moveEvent(DANA, weeklyInstance?.id ?? '', {
      start: { dateTime: at(20, 16), timeZone: 'Europe/Berlin' },
      end: { dateTime: at(20, 17), timeZone: 'Europe/Berlin' },
    });
    emulator.state.updateEvent(DANA, 'discovery1', {
      summary: 'Discovery call: Acme (moved)',
      start: { dateTime: at(1, 13) },
      end: { dateTime: at(1, 14) },
    });
    emulator.state.deleteEvent(DANA, 'offsite1');
    await waitFor('the pushed changes to be stored', async () => {
      await api.app.queue.drain();
      return JSON.stringify(await stored()) === JSON.stringify(normalisedTruth());
    });
    const moved = (await storedEvents()).find(
      (e) => e.event.providerEventId === weeklyInstance?.id,
    );
    expect(moved?.event.start).toBe(at(20, 16));
    expect(moved?.event.originalStart).toBe(
      new Date(weeklyInstance?.originalStartTime?.dateTime ?? '').toISOString(),
    );
    const delivered = emulator.state.deliveries();
    expect(delivered.some((d) => d.resourceState === 'sync')).toBe(true);
    expect(delivered.some((d) => d.resourceState === 'exists')).toBe(true);
  });

  it('recovers from a 410 with a full resync that also removes what vanished', async () => {
    emulator.state.deleteEvent(DANA, 'demo1', { purge: true });
    emulator.state.invalidateSyncTokens(DANA);
    const [calendar] = await api.app.store.calendars.list(scope);
    await api.app.engine.syncCalendar(scope, calendar?.id ?? '');
    expect(await stored()).toEqual(normalisedTruth());
    expect((await storedEvents()).some((e) => e.event.providerEventId === 'demo1')).toBe(false);
  });

  it('removes every instance of a series that is cancelled as a whole', async () => {
    expect((await storedEvents()).some((e) => e.event.seriesId === 'weekly1')).toBe(true);
    emulator.state.cancelEvent(DANA, 'weekly1');
    await waitFor('the series to be gone', async () => {
      await api.app.queue.drain();
      return !(await storedEvents()).some((e) => e.event.seriesId === 'weekly1');
    });
    expect(await stored()).toEqual(normalisedTruth());
  });

  it('rejects forged and unknown notifications, and counts them', async () => {
    const [channel] = emulator.state.channels().filter((c) => !c.stopped);
    const forged = await fetch(`${base}/api/v1/calendar/webhook/google/`, {
      method: 'POST',
      headers: {
        'x-goog-channel-id': channel?.id ?? '',
        'x-goog-channel-token': 'not-the-token',
        'x-goog-resource-id': channel?.resourceId ?? '',
        'x-goog-resource-state': 'exists',
        'x-goog-message-number': '99',
      },
    });
    expect(forged.status).toBe(401);
    const unknown = await fetch(`${base}/api/v1/calendar/webhook/google/`, { method: 'POST' });
    expect(unknown.status).toBe(401);
    const metric = await api.app.metrics.pushNotifications.get();
    expect(
      metric.values.find((v) => v.labels.outcome === 'rejected')?.value,
    ).toBeGreaterThanOrEqual(2);
  });

  it('refreshes an expired access token, and marks the connection for reauthorisation on invalid_grant', async () => {
    emulator.state.updateSettings({ rotateRefreshTokens: true });
    emulator.state.expireAccessTokens(DANA);
    const [calendar] = await api.app.store.calendars.list(scope);
    const [connection] = await api.app.store.connections.list(scope);
    const before = await api.app.store.connections.get(scope, connection?.id ?? '');
    // The stored expiry says the token is still good: the 401 must trigger one refresh.
    await api.app.engine.syncCalendar(scope, calendar?.id ?? '');
    const afterRefresh = await api.app.store.connections.get(scope, connection?.id ?? '');
    expect(afterRefresh?.status).toBe('active');
    // Google rotated the refresh token: the new one is saved (the old one no longer works).
    expect(afterRefresh?.secrets['refreshToken']).not.toBe(before?.secrets['refreshToken']);
    emulator.state.expireAccessTokens(DANA);
    await api.app.engine.syncCalendar(scope, calendar?.id ?? '');
    emulator.state.updateSettings({ rotateRefreshTokens: false });

    emulator.state.invalidateRefreshTokens(DANA);
    emulator.state.expireAccessTokens(DANA);
    await expect(api.app.engine.syncCalendar(scope, calendar?.id ?? '')).rejects.toThrow(
      /invalid_grant/,
    );
    const checked = await get('/api/v1/calendar/providers/google/test/');
    const [check] = checked.body['connections'] as { ok: boolean; status: string; error: string }[];
    expect(check).toMatchObject({ ok: false, status: 'reauth_required' });
    expect(check?.error).toMatch(/reconnect/);
    const status = await get('/api/v1/calendar/sync/status/');
    expect(JSON.stringify(status.body)).toMatch(/invalid_grant/);
  });

  it('reconnecting the same account renews its grant instead of adding a connection', async () => {
    await connectThroughOAuth();
    const connections = await api.app.store.connections.list(scope);
    expect(connections).toHaveLength(1);
    expect(connections[0]?.status).toBe('active');
    await api.app.queue.drain();
    const checked = await get('/api/v1/calendar/providers/google/test/');
    expect(checked.body['connections']).toEqual([
      expect.objectContaining({ ok: true, status: 'active', calendars: 1 }),
    ]);
  });

  it('disconnects keeping the events: no tokens, no channels, no more syncs, events still there', async () => {
    const before = (await storedEvents()).length;
    const result = await post('/api/v1/calendar/providers/google/disconnect/', {});
    expect(result.body).toMatchObject({ eventsKept: true });
    const [connection] = await api.app.store.connections.list(scope);
    expect(connection?.status).toBe('disconnected');
    expect((await api.app.store.connections.get(scope, connection?.id ?? ''))?.secrets).toEqual({});
    expect(emulator.state.channels().every((c) => c.stopped)).toBe(true);
    expect((await storedEvents()).length).toBe(before);
    expect(
      await api.app.store.syncStatus.listDue(new Date(Date.now() + 86_400_000)),
    ).not.toContainEqual(expect.objectContaining({ connectionId: connection?.id }));
    // Connecting again brings the same connection back to life.
    await connectThroughOAuth();
    await api.app.queue.drain();
    expect((await api.app.store.connections.list(scope)).map((c) => c.status)).toEqual(['active']);
  });

  it('disconnects: stops the channels, revokes, and removes the events when asked', async () => {
    const result = await post('/api/v1/calendar/providers/google/disconnect/', {
      keepEvents: false,
    });
    expect(result.status).toBe(200);
    expect((result.body['disconnected'] as string[]).length).toBe(1);
    expect(emulator.state.channels().every((c) => c.stopped)).toBe(true);
    expect(await storedEvents()).toEqual([]);
  });
});
