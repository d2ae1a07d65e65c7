/**
 * When Graph removes a subscription (lifecycle `subscriptionRemoved`), a queued job creates its
 * replacement. A replacement Graph refused for passing trouble (a 5xx, throttling) ended the job
 * as if done: the calendar stayed without notifications until the hourly renewal. The job now
 * fails, and the queue tries again with its backoff; a repeated notification, or the renewal
 * running beside the retry, still leaves one subscription for the calendar.
 *
 * Through the Microsoft emulator (MSAL, the Graph SDK, its validation handshake and lifecycle
 * deliveries), the real store and the embedded queue on a clock the test moves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import {
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { StoreJobAdapter } from '../../src/app/job-store-adapter.js';
import type { MicrosoftServiceDeps } from '../../src/app/services/microsoft-deps.js';
import { MicrosoftNotifications } from '../../src/app/services/microsoft-notifications.js';
import {
  MicrosoftSubscriptions,
  OUTLOOK_SUBSCRIPTION_LIFECYCLE,
} from '../../src/app/services/microsoft-subscriptions.js';
import { OAuthConnections } from '../../src/app/services/oauth-connections.js';
import type { SyncService } from '../../src/app/services/sync.service.js';
import type { MicrosoftSettings } from '../../src/config/config.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import { MicrosoftProvider } from '../../src/providers/microsoft/microsoft-provider.js';
import { tokensToSecrets } from '../../src/providers/microsoft/microsoft-tokens.js';
import { describeEachDialect } from '../support/databases.js';
import { clientFor, signIn } from './harness.js';

const ALICE = 'alice@contoso.test';
const CAL = 'cal-alice';
const DAY_MS = 86_400_000;
const SUBSCRIPTIONS = { method: 'POST', pathIncludes: '/subscriptions' };

describeEachDialect('recreating a subscription Graph removed', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let webhook: Server;
  let queue: LocalJobQueue;
  let subscriptions: MicrosoftSubscriptions;
  let notifications: MicrosoftNotifications;
  let scope: { orgId: string; userId: string };
  let calendarId: string;
  let connectionId: string;
  let now = Date.now();
  const jobErrors: unknown[] = [];

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      seed: {
        users: [
          {
            email: ALICE,
            name: 'Alice',
            calendars: [{ id: CAL, name: 'Calendar', isDefaultCalendar: true }],
          },
        ],
      },
      settings: { notificationRetryDelaysMs: [20], deliveryTimeoutMs: 2_000 },
    });
    webhook = await startWebhook((body) => notifications.handle({ query: {}, body }));
    const store = context().store;
    const org = await store.organisations.create({
      name: `Contoso recreate ${context().dialect}`,
      internalDomains: ['contoso.test'],
    });
    const user = await store.users.create(org.id, { email: ALICE, name: 'Alice' });
    scope = { orgId: org.id, userId: user.id };
    const provider = new MicrosoftProvider(clientFor(emulator));
    const { tokens } = await signIn(provider.client, emulator, { user: ALICE });
    const connection = await store.connections.create(scope, {
      provider: 'microsoft',
      label: 'Outlook',
      secrets: tokensToSecrets(tokens),
      settings: {},
    });
    const [remote] = await provider.listCalendars({
      id: connection.id,
      secrets: tokensToSecrets(tokens),
      settings: {},
    });
    const calendar = remote && (await store.calendars.upsert(scope, connection.id, remote));
    if (!calendar) throw new Error('the calendar was not listed');
    calendarId = calendar.id;
    connectionId = connection.id;

    const clock = () => new Date(now);
    queue = new LocalJobQueue(new StoreJobAdapter(store), {
      concurrency: 2,
      // Polled only by drain(): the test decides when time passes.
      pollIntervalMs: 3_600_000,
      lockMs: 60_000,
      clock,
      onError: (error) => jobErrors.push(error),
      random: () => 0,
    });
    const deps: MicrosoftServiceDeps = {
      store,
      sync: { queueCalendar: vi.fn(async () => {}) } as unknown as SyncService,
      queue,
      provider,
      settings: { subscriptionRenewBeforeMs: DAY_MS } as MicrosoftSettings,
      publicUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`,
      logger: pino({ level: 'silent' }),
      clock,
      redetect: async () => {},
    };
    const oauth = new OAuthConnections(store, 'microsoft', 'Microsoft', clock, async () => {});
    subscriptions = new MicrosoftSubscriptions(deps, oauth);
    notifications = new MicrosoftNotifications(deps, subscriptions);
    queue.start(
      new Map([
        [OUTLOOK_SUBSCRIPTION_LIFECYCLE, (payload) => subscriptions.runLifecycleJob(payload)],
      ]),
    );
  });
  // Each test starts from the calendar subscribed once.
  beforeEach(async () => {
    await subscriptions.subscribeAll(scope, connectionId);
    expect(live()).toHaveLength(1);
    jobErrors.length = 0;
  });
  afterEach(() => emulator.state.clearFaults());
  afterAll(async () => {
    await queue?.stop();
    await new Promise((resolve) => webhook?.close(resolve));
    await emulator?.close();
  });

  const live = () =>
    emulator.state
      .subscriptions()
      .filter((s) => !s.removed)
      .map((s) => s.id);
  const stored = async (status: 'active' | 'expired') =>
    (await context().store.pushChannels.list(scope, { calendarId, status })).map((c) => c.id);
  /** Graph removes the calendar's subscription and tells the lifecycle URL. */
  async function removeAtGraph(): Promise<string> {
    const [current] = await stored('active');
    if (!current) throw new Error('no active subscription');
    emulator.state.lifecycle(current, 'subscriptionRemoved');
    await emulator.state.deliveriesSettled();
    return current;
  }

  it('is retried by the queue when Graph fails to create the replacement', async () => {
    // Before the removal: its job starts as soon as the notification has queued it.
    emulator.state.addFault({ fault: 'internalServerError', times: 1, match: SUBSCRIPTIONS });
    const removed = await removeAtGraph();
    await queue.drain();
    expect(live()).toEqual([]);
    expect(jobErrors).toHaveLength(1);

    // The queue's backoff has passed: the job runs again, and the calendar has a subscription.
    now += 60_000;
    await queue.drain();
    expect(live()).toHaveLength(1);
    expect(await stored('active')).toEqual(live());
    expect(await stored('expired')).toContain(removed);
  });

  it('leaves one subscription when the notification repeats and the renewal races the retry', async () => {
    emulator.state.addFault({ fault: 'internalServerError', times: 10, match: SUBSCRIPTIONS });
    const removed = await removeAtGraph();
    // Graph delivers the same lifecycle notification again.
    const clientState = emulator.state.subscriptions().find((s) => s.id === removed)?.clientState;
    const entry = { subscriptionId: removed, clientState, lifecycleEvent: 'subscriptionRemoved' };
    await notifications.handle({ query: {}, body: { value: [entry] } });
    await queue.drain();
    expect(live()).toEqual([]);
    expect(jobErrors.length).toBeGreaterThan(0);

    // Graph is back, slowly: the retries and the hourly renewal all find the calendar without
    // a subscription and ask Graph for one at once.
    emulator.state.clearFaults();
    emulator.state.addFault({ fault: 'slow', delayMs: 300, times: 3, match: SUBSCRIPTIONS });
    now += 60_000;
    await Promise.all([queue.drain(), subscriptions.renewExpiring()]);
    await queue.drain();
    expect(live()).toHaveLength(1);
    expect(await stored('active')).toEqual(live());
  });
});

/** Answers Graph's validation handshake, and hands every notification batch to `handle`. */
async function startWebhook(handle: (body: unknown) => Promise<unknown>): Promise<Server> {
  const server = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://webhook').searchParams.get('validationToken');
    if (token !== null) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        .then(() => response.writeHead(202).end())
        .catch(() => response.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
