/**
 * A reauthorizationRequired lifecycle notification queues a job that renews the subscription.
 * When Graph throttles (429) or is down (503) the job must fail, so that the queue tries it
 * again (after Retry-After when Graph gave one), instead of counting as done while Graph stops
 * delivering. The hourly renewal keeps going past such a failure. Real store and embedded queue
 * on a clock the test moves; the Graph calls are a stand-in for the provider.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { StoreJobAdapter } from '../../src/app/job-store-adapter.js';
import type { MicrosoftServiceDeps } from '../../src/app/services/microsoft-deps.js';
import {
  MicrosoftSubscriptions,
  OUTLOOK_SUBSCRIPTION_LIFECYCLE,
} from '../../src/app/services/microsoft-subscriptions.js';
import { OAuthConnections } from '../../src/app/services/oauth-connections.js';
import type { SyncService } from '../../src/app/services/sync.service.js';
import type { MicrosoftSettings } from '../../src/config/config.js';
import { RetryLater } from '../../src/jobs/job-queue.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import type { MicrosoftProvider } from '../../src/providers/microsoft/microsoft-provider.js';
import { ProviderError } from '../../src/providers/provider.js';
import type { PushChannel } from '../../src/store/store.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const T0 = new Date('2026-03-01T12:00:00.000Z').getTime();
const DAY_MS = 86_400_000;

const throttled = () =>
  new ProviderError('microsoft', 'rate_limit', 'Microsoft answered 429 (throttled)', 30_000);
const outage = () =>
  new ProviderError('microsoft', 'transient', 'Microsoft answered 503 ServiceUnavailable');
const refused = () =>
  new ProviderError('microsoft', 'permanent', 'Microsoft answered 403 ErrorAccessDenied');

describeEachDialect('Outlook lifecycle jobs retry passing trouble', (context) => {
  let now: number;
  let tenant: Tenant;
  let queue: LocalJobQueue;
  let subscriptions: MicrosoftSubscriptions;
  let renewSubscription: ReturnType<typeof vi.fn>;
  const errors: unknown[] = [];

  beforeEach(async () => {
    now = T0;
    errors.length = 0;
    const store = context().store;
    tenant = await seedTenant(store, 'outlook lifecycle');
    const clock = () => new Date(now);
    queue = new LocalJobQueue(new StoreJobAdapter(store), {
      concurrency: 1,
      // Polled only by drain(): the test decides when time passes.
      pollIntervalMs: 3_600_000,
      lockMs: 60_000,
      clock,
      onError: (error) => errors.push(error),
      random: () => 0,
    });
    renewSubscription = vi.fn();
    const deps: MicrosoftServiceDeps = {
      store,
      sync: { queueCalendar: vi.fn(async () => {}) } as unknown as SyncService,
      queue,
      provider: { renewSubscription, subscribe: vi.fn() } as unknown as MicrosoftProvider,
      settings: { subscriptionRenewBeforeMs: DAY_MS } as MicrosoftSettings,
      publicUrl: 'https://calintel.test',
      logger: pino({ level: 'silent' }),
      clock,
      redetect: async () => {},
    };
    const oauth = new OAuthConnections(store, 'microsoft', 'Microsoft', clock, async () => {});
    subscriptions = new MicrosoftSubscriptions(deps, oauth);
    queue.start(
      new Map([
        [OUTLOOK_SUBSCRIPTION_LIFECYCLE, (payload) => subscriptions.runLifecycleJob(payload)],
      ]),
    );
  });

  afterEach(async () => {
    await queue.stop();
  });

  const channel = async (expiresInMs: number): Promise<PushChannel> =>
    context().store.pushChannels.create(
      tenant.scope,
      {
        id: `sub-${Math.random().toString(36).slice(2)}`,
        provider: 'microsoft',
        connectionId: tenant.connection.id,
        calendarId: tenant.calendar.id,
        resourceId: 'r',
        token: 'client-state',
        expiresAt: new Date(now + expiresInMs),
      },
      new Date(now),
    );
  const stored = async (id: string) =>
    (await context().store.pushChannels.list(tenant.scope)).find((c) => c.id === id);
  const renewed = (days: number) => async () => ({
    id: 'ignored',
    resource: 'r',
    expiresAt: now + days * DAY_MS,
  });

  it('throws throttling as RetryLater at the Retry-After, and an outage as it is', async () => {
    const subscription = await channel(3 * DAY_MS);
    const job = { ...tenant.scope, subscriptionId: subscription.id, action: 'renew' };
    renewSubscription.mockImplementationOnce(async () => {
      throw throttled();
    });
    const later = await subscriptions.runLifecycleJob(job).catch((error: unknown) => error);
    expect(later).toBeInstanceOf(RetryLater);
    expect((later as RetryLater).at.getTime()).toBe(T0 + 30_000);
    renewSubscription.mockImplementationOnce(async () => {
      throw outage();
    });
    await expect(subscriptions.runLifecycleJob(job)).rejects.toThrow(/503/);
    // Retrying cannot help a refusal: the job ends, and the subscription is left as it was.
    renewSubscription.mockImplementationOnce(async () => {
      throw refused();
    });
    await expect(subscriptions.runLifecycleJob(job)).resolves.toBeUndefined();
    expect((await stored(subscription.id))?.status).toBe('active');
  });

  it('a throttled reauthorisation is renewed by the queue once Retry-After has passed', async () => {
    const subscription = await channel(3 * DAY_MS);
    renewSubscription
      .mockImplementationOnce(async () => {
        throw throttled();
      })
      .mockImplementation(renewed(7));
    await subscriptions.onLifecycle(subscription, 'renew');
    await queue.drain();
    expect(renewSubscription).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
    now = T0 + 29_000;
    await queue.drain();
    expect(renewSubscription).toHaveBeenCalledTimes(1);
    now = T0 + 30_000;
    await queue.drain();
    expect(renewSubscription).toHaveBeenCalledTimes(2);
    expect(Date.parse((await stored(subscription.id))?.expiresAt ?? '')).toBe(
      T0 + 30_000 + 7 * DAY_MS,
    );
  });

  it('an outage during a reauthorisation is retried with the queue backoff', async () => {
    const subscription = await channel(3 * DAY_MS);
    renewSubscription
      .mockImplementationOnce(async () => {
        throw outage();
      })
      .mockImplementation(renewed(7));
    await subscriptions.onLifecycle(subscription, 'renew');
    await queue.drain();
    expect(renewSubscription).toHaveBeenCalledTimes(1);
    now = T0 + 60_000;
    await queue.drain();
    expect(renewSubscription).toHaveBeenCalledTimes(2);
    expect(Date.parse((await stored(subscription.id))?.expiresAt ?? '')).toBe(
      T0 + 60_000 + 7 * DAY_MS,
    );
  });

  it('an outage of several minutes is outlasted: the job keeps retrying past a few seconds', async () => {
    const subscription = await channel(3 * DAY_MS);
    let failures = 0;
    renewSubscription.mockImplementation(async () => {
      // Down for the first ten minutes of the test's clock.
      if (now < T0 + 10 * 60_000) {
        failures += 1;
        throw outage();
      }
      return renewed(7)();
    });
    await subscriptions.onLifecycle(subscription, 'renew');
    for (let minute = 0; minute <= 30; minute += 1) {
      now = T0 + minute * 60_000;
      await queue.drain();
    }
    expect(failures).toBeGreaterThan(3);
    expect(Date.parse((await stored(subscription.id))?.expiresAt ?? '')).toBeGreaterThan(
      T0 + 7 * DAY_MS,
    );
  });

  it('the hourly renewal counts a throttled renewal as failed and renews the others', async () => {
    const first = await channel(DAY_MS / 2);
    const second = await channel(DAY_MS / 2 + 60_000);
    renewSubscription
      .mockImplementationOnce(async () => {
        throw throttled();
      })
      .mockImplementation(renewed(7));
    const outcome = await subscriptions.renewExpiring();
    expect(outcome).toMatchObject({ renewed: 1, failed: 1 });
    expect((await stored(first.id))?.expiresAt).toBe(first.expiresAt);
    expect(Date.parse((await stored(second.id))?.expiresAt ?? '')).toBe(T0 + 7 * DAY_MS);
  });
});
