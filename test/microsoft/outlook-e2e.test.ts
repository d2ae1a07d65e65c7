/**
 * Outlook end to end, through MSAL and the Graph SDK against the emulator (HTTPS, its certificate
 * trusted in-process through `microsoftFetch`): connect with the real code flow and PKCE, the
 * first sync, changes delivered as real change notifications to the service's webhook, the
 * validation handshake, forged notifications, a 410 recovered, a removed subscription recreated,
 * renewal by the task, invalid_grant, reconnect and disconnect.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type GraphEventInput,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { createApp, type App } from '../../src/app/app.js';
import { RENEW_WEBHOOK_CHANNELS, taskHandlers } from '../../src/app/tasks.js';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/config.js';
import { describeEachDialect, TEST_SECRET_KEY } from '../support/databases.js';
import { freePort, waitFor } from '../support/ports.js';
import { deleteKeys, REDIS_URL, redisProblem, uniquePrefix } from '../support/queues.js';
import { bearer } from '../support/test-app.js';
import { finishCallbackFetch } from '../support/oauth-callback.js';

const DANA = 'dana@northwind.io';
const CAL = 'cal-dana';
const WEBHOOK = '/api/v1/calendar/webhook/outlook/';
const TEAMS = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
const DAY_MS = 86_400_000;
const today = Date.UTC(
  new Date().getUTCFullYear(),
  new Date().getUTCMonth(),
  new Date().getUTCDate(),
);
/** Graph's dateTimeTimeZone in UTC, `days` from today at `hour`. */
const at = (days: number, hour: number) => ({
  dateTime: `${new Date(today + days * DAY_MS + hour * 3_600_000).toISOString().slice(0, 19)}.0000000`,
  timeZone: 'UTC',
});

function events(): GraphEventInput[] {
  return [
    {
      id: 'AAMkDiscovery',
      subject: 'Discovery call: Acme',
      start: at(1, 9),
      end: at(1, 10),
      attendees: [
        {
          emailAddress: { name: 'Buyer', address: 'buyer@acme.com' },
          type: 'required',
          status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        },
      ],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      onlineMeeting: { joinUrl: TEAMS },
    },
    { id: 'AAMkReview', subject: 'Pricing review', start: at(2, 13), end: at(2, 14) },
    {
      id: 'AAMkWeekly',
      subject: 'Acme weekly',
      start: at(-14, 15),
      end: at(-14, 16),
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 1,
          daysOfWeek: [weekday(-14)],
          firstDayOfWeek: 'sunday',
        },
        range: {
          type: 'numbered',
          numberOfOccurrences: 4,
          startDate: new Date(today - 14 * DAY_MS).toISOString().slice(0, 10),
          recurrenceTimeZone: 'UTC',
        },
      },
    },
  ];
}

function weekday(days: number): string {
  const names = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  return names[new Date(today + days * DAY_MS).getUTCDay()] ?? 'monday';
}

describeEachDialect('Outlook end to end', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let app: App;
  let server: FastifyInstance;
  let base: string;
  let token: string;
  let scope: { orgId: string; userId: string };
  const trusting = () => fetchTrusting(emulator.ca);

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...bearer(token), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const notify = (body: unknown, query = '') =>
    fetch(`${base}${WEBHOOK}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const stored = async () =>
    (await app.store.events.list(scope, { limit: 5000, cursor: null })).items
      .map((s) => `${s.event.providerEventId}|${s.event.title}|${s.event.start}`)
      .sort();
  /** What the mailbox's calendar view holds now: the truth the store must equal. */
  const truth = () =>
    emulator.state
      .listTruth(CAL)
      .map((e) => `${e.id}|${e.subject ?? ''}|${new Date(`${e.start.dateTime}Z`).toISOString()}`)
      .sort();
  const converged = async () => JSON.stringify(await stored()) === JSON.stringify(truth());
  const settle = async () => {
    await emulator.state.deliveriesSettled();
    await app.queue.drain();
  };
  const activeSubscriptions = () => emulator.state.subscriptions().filter((s) => !s.removed);
  const storedChannels = async (status?: 'active' | 'expired' | 'stopped') =>
    app.store.pushChannels.list(scope, status ? { status } : {});
  const calendarId = async () => (await app.store.calendars.list(scope))[0]?.id ?? '';

  const connectThroughSignIn = async (body: Record<string, unknown> = {}) => {
    const started = await call('POST', '/api/v1/calendar/providers/outlook/connect/', body);
    expect(started.status).toBe(200);
    const authorizationUrl = new URL(String(started.body['authorizationUrl']));
    // The emulator signs the user in at once (auto consent) and redirects to our callback.
    const consent = await trusting()(authorizationUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get('location') ?? '');
    const finished = await finishCallbackFetch(callback);
    return { authorizationUrl, callback, finished };
  };

  // Embedded shape on SQLite; BullMQ on Redis beside PostgreSQL when Redis answers.
  let redisPrefix: string | null = null;
  const scaledShape = (): Record<string, string> => {
    if (context().dialect !== 'postgres' || redisProblem) return {};
    redisPrefix = uniquePrefix();
    return { REDIS_URL, REDIS_PREFIX: redisPrefix };
  };

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      seed: {
        users: [
          {
            email: DANA,
            name: 'Dana Reyes',
            calendars: [{ id: CAL, name: 'Calendar', isDefaultCalendar: true, events: events() }],
          },
        ],
      },
      settings: { notificationRetryDelaysMs: [20, 40], deliveryTimeoutMs: 2_000 },
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-outlook-')),
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'silent',
      MICROSOFT_CLIENT_ID: emulator.clientId,
      MICROSOFT_CLIENT_SECRET: emulator.clientSecret,
      MICROSOFT_AUTHORITY_URL: emulator.url,
      MICROSOFT_GRAPH_API_URL: emulator.url,
      // Every subscription (at most 7 days) is then due, so that the renewal task has work.
      MICROSOFT_SUBSCRIPTION_RENEW_BEFORE_HOURS: '168',
      CALINTEL_PUBLIC_URL: base,
      API_RATE_LIMIT_PER_MINUTE: '100000',
      ...scaledShape(),
    });
    app = await createApp(config, {
      store: context().store,
      logger: pino({ level: 'silent' }),
      microsoftFetch: fetchTrusting(emulator.ca),
    });
    server = await buildServer(apiDepsFor(app));
    await server.listen({ port, host: '127.0.0.1' });
    app.queue.start(taskHandlers(app));
    const orgName = `Northwind Outlook e2e ${context().dialect}`;
    const created = await app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana Reyes',
      timeZone: 'Europe/Berlin',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: created.organisation.id, userId: created.user.id };
    token = (await app.admin.createToken({ email: DANA, orgName, name: 'e2e' })).token;
  });

  afterAll(async () => {
    await emulator?.state.deliveriesSettled();
    await server?.close();
    await app?.close();
    await emulator?.close();
    if (redisPrefix) await deleteKeys(`${redisPrefix}:*`);
  });

  it('connects through the code flow with PKCE, subscribes the calendar and syncs it in full', async () => {
    expect(app.queue.constructor.name).toBe(redisPrefix ? 'BullMqJobQueue' : 'LocalJobQueue');
    const { authorizationUrl, callback, finished } = await connectThroughSignIn({
      loginHint: DANA,
    });
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('scope')).toContain('Calendars.Read');
    expect(authorizationUrl.searchParams.get('scope')).not.toContain('Calendars.ReadWrite');
    expect(callback.pathname).toBe('/api/calendar/callback/outlook/');
    expect(finished.status).toBe(200);
    expect(await finished.text()).toContain('Outlook connected');
    // The state was single use.
    expect((await finishCallbackFetch(callback)).status).toBe(400);

    await settle();
    expect(await stored()).toEqual(truth());
    const discovery = (await app.store.events.list(scope, { limit: 50, cursor: null })).items.find(
      (s) => s.event.providerEventId === 'AAMkDiscovery',
    );
    expect(discovery?.event.conferenceUrl).toBe(TEAMS);
    const [connection] = await app.store.connections.list(scope);
    expect(connection).toMatchObject({ provider: 'microsoft', label: DANA, status: 'active' });
    // The subscription passed Graph's handshake against our webhook, and is stored by its id.
    const [subscription] = activeSubscriptions();
    expect(subscription?.notificationUrl).toBe(`${base}${WEBHOOK}`);
    expect((await storedChannels('active')).map((c) => c.id)).toEqual([subscription?.id]);
    const providers = await call('GET', '/api/v1/calendar/providers/');
    expect(providers.body['providers']).toContainEqual(
      expect.objectContaining({ provider: 'microsoft', connectable: true }),
    );
  });

  it('turns change notifications into delta syncs: created, updated, deleted', async () => {
    emulator.state.addEvent(CAL, {
      id: 'AAMkDemo',
      subject: 'Northwind demo for Acme',
      start: at(3, 11),
      end: at(3, 12),
    });
    emulator.state.updateEvent(CAL, 'AAMkReview', { subject: 'Pricing review (v2)' });
    emulator.state.deleteEvent(CAL, 'AAMkDiscovery');
    await waitFor('the notified changes to be stored', async () => {
      await settle();
      return converged();
    });
    const changes = emulator.state.deliveries().filter((d) => d.kind === 'change');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((d) => d.outcome === 'delivered')).toBe(true);
    expect(changes[0]?.attempts[0]?.status).toBe(202);
  });

  it('answers the validation handshake with the token as text/plain', async () => {
    const token =
      'Validation: Testing client application reachability for subscription Request-Id: 1 & 2';
    const answer = await fetch(`${base}${WEBHOOK}?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toBe(token);
  });

  it('refuses forged, unknown and malformed notifications, acts on none, and counts them', async () => {
    const [subscription] = activeSubscriptions();
    const [before] = await storedChannels('active');
    const entry = {
      subscriptionId: subscription?.id,
      changeType: 'updated',
      resource: 'Users/x/Events/AAMkReview',
      clientState: 'not-the-client-state',
    };
    expect((await notify({ value: [entry] })).status).toBe(401);
    expect((await notify({ value: [{ ...entry, clientState: null }] })).status).toBe(401);
    expect((await notify({ value: [{ ...entry, subscriptionId: 'unknown' }] })).status).toBe(401);
    expect((await notify({ nothing: true })).status).toBe(400);
    // Only a verified notification is recorded against its subscription.
    const [after] = await storedChannels('active');
    expect(after?.notifications).toBe(before?.notifications);
    const metric = await app.metrics.pushNotifications.get();
    const rejected = metric.values.find(
      (v) => v.labels.provider === 'microsoft' && v.labels.outcome === 'rejected',
    );
    expect(rejected?.value).toBe(4);

    // A batch mixing another subscription's entry with a genuine one: the genuine one is acted
    // on (Graph batches subscriptions together; refusing all would lose it).
    const mixed = await notify({
      value: [
        { ...entry, subscriptionId: 'deleted-elsewhere' },
        { ...entry, clientState: subscription?.clientState },
      ],
    });
    expect(mixed.status).toBe(202);
    const [counted] = await storedChannels('active');
    expect(counted?.notifications).toBe((before?.notifications ?? 0) + 1);
  });

  it('recovers from a 410 on the deltaLink with a snapshot of the window', async () => {
    await settle();
    const before = (await app.store.syncStatus.get(scope, await calendarId()))?.cursor;
    expect(emulator.state.expireDeltaTokens('resync', DANA)).toBeGreaterThan(0);
    const outcome = await app.engine.syncCalendar(scope, await calendarId());
    // A snapshot lists every event again (unchanged); a delta with nothing new lists none.
    expect(outcome.unchanged).toBe(truth().length);
    expect((await app.store.syncStatus.get(scope, await calendarId()))?.cursor).not.toBe(before);
    expect(await stored()).toEqual(truth());
  });

  it('recreates a subscription Graph removed, and resyncs', async () => {
    const [removed] = activeSubscriptions();
    emulator.state.lifecycle(removed?.id ?? '', 'subscriptionRemoved');
    await settle();
    const [replacement] = activeSubscriptions();
    expect(replacement?.id).toBeDefined();
    expect(replacement?.id).not.toBe(removed?.id);
    expect((await storedChannels('active')).map((c) => c.id)).toEqual([replacement?.id]);
    expect((await storedChannels('expired')).map((c) => c.id)).toContain(removed?.id);
    // The new subscription delivers.
    emulator.state.updateEvent(CAL, 'AAMkDemo', { subject: 'Northwind demo for Acme (final)' });
    await waitFor('the change after the recreation to be stored', async () => {
      await settle();
      return converged();
    });
  });

  it('renews subscriptions before they expire (renew_webhook_channels)', async () => {
    const [subscription] = activeSubscriptions();
    await app.queue.enqueue(RENEW_WEBHOOK_CHANNELS, {});
    await app.queue.drain();
    // Renewed in place (PATCH): the same subscription lives longer.
    const [renewed] = activeSubscriptions();
    expect(renewed?.id).toBe(subscription?.id);
    expect(renewed?.expirationMs).toBeGreaterThan(subscription?.expirationMs ?? Infinity);
    // Stored as Graph answered it, to the second.
    const [channel] = await storedChannels('active');
    expect(Date.parse(channel?.expiresAt ?? '')).toBe(
      Math.floor((renewed?.expirationMs ?? 0) / 1000) * 1000,
    );

    // Graph removes the subscription and creating its replacement fails: the calendar is left
    // without one, until the next renewal run gives it one back.
    emulator.state.addFault({
      match: { method: 'POST', pathIncludes: '/subscriptions' },
      fault: 'internalServerError',
      times: 1,
    });
    emulator.state.lifecycle(channel!.id, 'subscriptionRemoved');
    await settle();
    expect(await storedChannels('active')).toEqual([]);
    await app.queue.enqueue(RENEW_WEBHOOK_CHANNELS, {});
    await app.queue.drain();
    const [healed] = await storedChannels('active');
    expect(healed?.calendarId).toBe(channel?.calendarId);
    expect(healed?.id).not.toBe(channel?.id);
  });

  it('marks the connection reauth_required on invalid_grant; signing in again renews it', async () => {
    emulator.state.setGrantTrouble(DANA, 'revoked');
    emulator.state.expireAccessTokens(DANA);
    // The stored expiry says the token is still good: the 401 leads to one refresh, refused.
    await expect(app.engine.syncCalendar(scope, await calendarId())).rejects.toThrow(
      /invalid_grant/,
    );
    const [connection] = await app.store.connections.list(scope);
    expect(connection?.status).toBe('reauth_required');
    const checked = await call('GET', '/api/v1/calendar/providers/outlook/test/');
    expect(checked.body['connections']).toEqual([
      expect.objectContaining({ ok: false, status: 'reauth_required' }),
    ]);

    emulator.state.setGrantTrouble(DANA, null);
    const { finished } = await connectThroughSignIn();
    expect(finished.status).toBe(200);
    await settle();
    const connections = await app.store.connections.list(scope);
    expect(connections.map((c) => [c.id, c.status])).toEqual([[connection?.id, 'active']]);
    const again = await call('GET', '/api/v1/calendar/providers/outlook/test/');
    expect(again.body['connections']).toEqual([
      expect.objectContaining({ ok: true, status: 'active', calendars: 1 }),
    ]);
    expect(await stored()).toEqual(truth());
  });

  it('disconnects: deletes the subscriptions and the tokens, and the events when asked', async () => {
    const result = await call('POST', '/api/v1/calendar/providers/outlook/disconnect/', {
      keepEvents: false,
    });
    expect(result.status).toBe(200);
    expect((result.body['disconnected'] as string[]).length).toBe(1);
    expect(activeSubscriptions()).toEqual([]);
    expect(await app.store.connections.list(scope)).toEqual([]);
    expect(await stored()).toEqual([]);
  });
});
