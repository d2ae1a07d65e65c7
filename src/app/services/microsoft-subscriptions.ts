/**
 * Graph subscriptions (change notifications): one per selected calendar, created on connect,
 * renewed by PATCH a day before they end (Outlook's live at most 10,080 minutes), recreated when
 * Graph removed one, deleted on disconnect. They are stored as push channels: the subscription
 * id is the channel id and its resource id, the clientState's hash the token hash.
 */
import { PermanentJobFailure, RetryLater } from '../../jobs/job-queue.js';
import {
  newClientState,
  type LifecycleAction,
} from '../../providers/microsoft/microsoft-webhooks.js';
import { ProviderError } from '../../providers/provider.js';
import { LiveChannelExists } from '../../store/push-channels.repository.js';
import type { ConnectionWithSecrets, PushChannel, Scope } from '../../store/store.js';
import type { MicrosoftServiceDeps } from './microsoft-deps.js';
import type { OAuthConnections } from './oauth-connections.js';

export const OUTLOOK_WEBHOOK_PATH = '/api/v1/calendar/webhook/outlook/';

/** Renews (reauthorises) or recreates one subscription after a lifecycle notification. */
export const OUTLOOK_SUBSCRIPTION_LIFECYCLE = 'outlook_subscription_lifecycle';

/**
 * Outlook's maximum (MAX_SUBSCRIPTION_MINUTES of microsoft-client.ts, not imported from there:
 * that module loads MSAL and the Graph SDK, which only a configured Microsoft provider needs).
 */
const MAX_SUBSCRIPTION_MINUTES = 10_080;

/** Asked lifetime: the maximum, less a margin in case our clock runs ahead of Microsoft's. */
const LIFETIME_MS = (MAX_SUBSCRIPTION_MINUTES - 15) * 60_000;

type LifecycleJob = Scope & { subscriptionId: string; action: 'renew' | 'recreate' };

/**
 * Attempts of a lifecycle job before it gives up: with the queue's doubling backoff (2 s, 4 s...
 * capped at 15 minutes) about half an hour of throttling or outage, after which the hourly
 * renewal only comes back to the subscription a day before it expires.
 */
export const LIFECYCLE_ATTEMPTS = 10;

/**
 * What subscribing a calendar came to: `covered` when it has an active subscription already
 * (another worker made one meanwhile; a second one at Graph is deleted again).
 */
type Subscribing = 'created' | 'covered' | 'failed';

/** Graph's passing trouble is thrown for the lifecycle job's queue to retry, else logged. */
interface TroubleHandling {
  retryPassingTrouble?: boolean;
}

export class MicrosoftSubscriptions {
  constructor(
    private readonly deps: MicrosoftServiceDeps,
    private readonly oauth: OAuthConnections,
  ) {}

  /** Subscribes every selected calendar of the connection that has no active subscription. */
  async subscribeAll(scope: Scope, connectionId: string): Promise<number> {
    const connection = await this.deps.store.connections.get(scope, connectionId);
    if (!this.deps.provider || !connection) return 0;
    const active = await this.deps.store.pushChannels.list(scope, {
      connectionId,
      status: 'active',
    });
    const covered = new Set(active.map((c) => c.calendarId));
    let created = 0;
    for (const calendar of await this.deps.store.calendars.list(scope, { connectionId })) {
      if (!calendar.selected || covered.has(calendar.id)) continue;
      if ((await this.subscribe(scope, connection, calendar)) === 'created') created += 1;
    }
    return created;
  }

  /**
   * The connection authorised again (an account's OAuth callback): its subscriptions are deleted
   * at Graph, best effort, and retired here, and every selected calendar is subscribed afresh.
   * Graph may have dropped them with the old grant while they read active here, and the renewal
   * finds that out (a 404 on its PATCH) only a day before their end.
   */
  async resubscribeAll(scope: Scope, connectionId: string): Promise<number> {
    const connection = await this.deps.store.connections.get(scope, connectionId);
    if (!this.deps.provider || !connection) return 0;
    await this.unsubscribeAll(scope, connection);
    return this.subscribeAll(scope, connectionId);
  }

  /**
   * `renew_webhook_channels`: PATCHes subscriptions that end within the renewal margin, then
   * subscribes every selected calendar left without one (a recreation that failed, a calendar
   * turned back on, a connect whose subscribe failed): a missing subscription heals within the
   * hour instead of leaving the calendar on polling for good.
   */
  async renewExpiring(): Promise<{ renewed: number; failed: number; created: number }> {
    const settings = this.deps.settings;
    if (!settings || !this.deps.provider) return { renewed: 0, failed: 0, created: 0 };
    const before = new Date(this.now().getTime() + settings.subscriptionRenewBeforeMs);
    let renewed = 0;
    let failed = 0;
    for (const channel of await this.deps.store.pushChannels.listExpiring('microsoft', before)) {
      const outcome = await this.renew(channel);
      if (outcome === 'renewed') renewed += 1;
      if (outcome === 'failed') failed += 1;
    }
    let created = 0;
    for (const { scope, connection } of await this.deps.store.connections.listActive())
      if (connection.provider === 'microsoft')
        created += await this.subscribeAll(scope, connection.id);
    return { renewed, failed, created };
  }

  /**
   * Deletes every active subscription of a connection (disconnect), or of one of its calendars
   * (one Outlook no longer lists, before calendar discovery removes it with its channel rows).
   */
  async unsubscribeAll(
    scope: Scope,
    connection: ConnectionWithSecrets,
    calendarId?: string,
  ): Promise<void> {
    const channels = await this.deps.store.pushChannels.list(scope, {
      connectionId: connection.id,
      ...(calendarId === undefined ? {} : { calendarId }),
      status: 'active',
    });
    for (const channel of channels) {
      await this.deleteAtGraph(scope, connection, channel.id);
      await this.deps.store.pushChannels.setStatus(scope, channel.id, 'stopped', this.now());
    }
  }

  private async deleteAtGraph(
    scope: Scope,
    connection: ConnectionWithSecrets,
    subscriptionId: string,
  ): Promise<void> {
    try {
      await this.deps.provider?.unsubscribe(
        this.oauth.providerConnection(scope, connection),
        subscriptionId,
      );
    } catch (error) {
      // A subscription left behind runs out within days; its notifications are ignored.
      this.deps.logger.warn(
        { err: error, subscriptionId },
        'could not delete a Graph subscription',
      );
    }
  }

  /** What a lifecycle notification asks for; Graph calls are left to a job. */
  async onLifecycle(channel: PushChannel, action: LifecycleAction): Promise<void> {
    if (action !== 'renew') await this.deps.sync.queueCalendar(channel.scope, channel.calendarId);
    if (action === 'resync') return;
    const job: LifecycleJob = {
      ...channel.scope,
      subscriptionId: channel.id,
      action: action === 'renew' ? 'renew' : 'recreate',
    };
    await this.deps.queue.enqueue(OUTLOOK_SUBSCRIPTION_LIFECYCLE, job, {
      dedupeKey: `outlook-lifecycle:${channel.id}:${job.action}`,
      orgId: channel.scope.orgId,
      maxAttempts: LIFECYCLE_ATTEMPTS,
    });
  }

  /** The job queued by onLifecycle. */
  async runLifecycleJob(payload: unknown): Promise<void> {
    const job = lifecycleJobOf(payload);
    const scope = { orgId: job.orgId, userId: job.userId };
    const channel = (await this.deps.store.pushChannels.list(scope)).find(
      (c) => c.id === job.subscriptionId,
    );
    if (!channel) return;
    // Throttling or an outage fails the job, so that the queue tries again (after Retry-After
    // when Graph gave one): Graph stops delivering to a subscription that is not reauthorised,
    // or removed and not replaced, and the hourly renewal would only come back to it later.
    if (job.action === 'renew') {
      if (channel.status === 'active') await this.renew(channel, { retryPassingTrouble: true });
      return;
    }
    await this.replaceRemoved(channel);
  }

  /**
   * A subscription Graph removed is retired (active -> expired: what it still delivers is
   * ignored), and its calendar subscribed again unless it has a subscription by now. A retry of
   * the job finds it expired already, and subscribes; one disconnected meanwhile (stopped) is
   * left alone.
   */
  private async replaceRemoved(channel: PushChannel): Promise<void> {
    if (channel.status === 'stopped') return;
    if (channel.status === 'active')
      await this.deps.store.pushChannels.claim(channel.scope, channel.id, this.now());
    await this.resubscribe(channel, { retryPassingTrouble: true });
  }

  /**
   * A new subscription for a channel's calendar unless it has one (a renewal or another job made
   * it), and a sync for what was missed meanwhile.
   */
  private async resubscribe(channel: PushChannel, handling: TroubleHandling = {}) {
    const { scope, calendarId } = channel;
    const connection = await this.deps.store.connections.get(scope, channel.connectionId);
    const calendar = await this.deps.store.calendars.get(scope, calendarId);
    if (!connection || !calendar || connection.status !== 'active') return false;
    const live = await this.deps.store.pushChannels.list(scope, { calendarId, status: 'active' });
    const subscribing =
      live.length > 0 ? 'covered' : await this.subscribe(scope, connection, calendar, handling);
    await this.deps.sync.queueCalendar(scope, calendarId);
    return subscribing !== 'failed';
  }

  /**
   * PATCHes one subscription to a new expiry. A failure is logged and answered 'failed' (the
   * hourly renewal goes on with the others and comes back within the hour), except passing
   * trouble (throttling, an outage, anything unexpected) with `retryPassingTrouble`, which is
   * thrown for the lifecycle job's queue to retry.
   */
  private async renew(
    channel: PushChannel,
    options: { retryPassingTrouble?: boolean } = {},
  ): Promise<'renewed' | 'failed' | 'dropped'> {
    const { scope } = channel;
    const connection = await this.deps.store.connections.get(scope, channel.connectionId);
    if (!this.deps.provider || !connection || connection.status !== 'active') {
      await this.deps.store.pushChannels.setStatus(scope, channel.id, 'expired', this.now());
      return 'dropped';
    }
    try {
      const renewed = await this.deps.provider.renewSubscription(
        this.oauth.providerConnection(scope, connection),
        channel.id,
        this.expiry(),
      );
      await this.deps.store.pushChannels.setExpiry(
        scope,
        channel.id,
        new Date(renewed.expiresAt),
        this.now(),
      );
      return 'renewed';
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'gone') {
        // Graph no longer has it (it ended or was removed): a new one takes its place, made by
        // whoever claims the old one first (a lifecycle job may be replacing it too).
        if (!(await this.deps.store.pushChannels.claim(scope, channel.id, this.now())))
          return 'dropped';
        return (await this.resubscribe(channel)) ? 'renewed' : 'failed';
      }
      if (options.retryPassingTrouble && isPassing(error)) {
        this.deps.logger.warn(
          { err: error, subscriptionId: channel.id },
          'could not renew a Graph subscription yet; the job will try again',
        );
        throw retryLaterFor(error, this.now());
      }
      await this.oauth.markIfRevoked(scope, connection.id, error);
      this.deps.logger.warn(
        { err: error, subscriptionId: channel.id },
        'could not renew a Graph subscription; the calendar stays on polling',
      );
      return 'failed';
    }
  }

  /**
   * Subscribes one calendar at Graph, then stores the subscription, exclusively: when another
   * worker stored one for the calendar meanwhile (a renewal beside a lifecycle job), or storing
   * fails, this one is deleted at Graph again instead of notifying unseen until it expires.
   */
  private async subscribe(
    scope: Scope,
    connection: ConnectionWithSecrets,
    calendar: { id: string; providerCalendarId: string },
    handling: TroubleHandling = {},
  ): Promise<Subscribing> {
    const provider = this.deps.provider;
    if (!provider) return 'failed';
    const clientState = newClientState();
    const url = `${this.deps.publicUrl}${OUTLOOK_WEBHOOK_PATH}`;
    let subscription;
    try {
      subscription = await provider.subscribe(
        this.oauth.providerConnection(scope, connection),
        calendar.providerCalendarId,
        {
          notificationUrl: url,
          lifecycleNotificationUrl: url,
          clientState,
          expiresAt: this.expiry(),
        },
      );
    } catch (error) {
      if (handling.retryPassingTrouble && isPassing(error)) {
        this.deps.logger.warn(
          { err: error, calendarId: calendar.id },
          'could not create a Graph subscription yet; the job will try again',
        );
        throw retryLaterFor(error, this.now());
      }
      // Notifications are an accelerator: without a subscription the calendar is still polled.
      await this.oauth.markIfRevoked(scope, connection.id, error);
      this.deps.logger.warn(
        { err: error, calendarId: calendar.id },
        'could not create a Graph subscription; the calendar stays on polling',
      );
      return 'failed';
    }
    try {
      await this.deps.store.pushChannels.create(
        scope,
        {
          id: subscription.id,
          provider: 'microsoft',
          connectionId: connection.id,
          calendarId: calendar.id,
          resourceId: subscription.id,
          // Stored as its SHA-256 hash, the same as clientStateHash gives.
          token: clientState,
          expiresAt: new Date(subscription.expiresAt),
          exclusive: {},
        },
        this.now(),
      );
      return 'created';
    } catch (error) {
      await this.deleteAtGraph(scope, connection, subscription.id);
      if (error instanceof LiveChannelExists) return 'covered';
      this.deps.logger.warn(
        { err: error, calendarId: calendar.id },
        'could not store a Graph subscription; it was deleted and the calendar stays on polling',
      );
      return 'failed';
    }
  }

  private expiry(): Date {
    return new Date(this.now().getTime() + LIFETIME_MS);
  }

  private now(): Date {
    return this.deps.clock();
  }
}

/** Trouble that trying again later may get past: throttling, an outage, an unexpected error. */
function isPassing(error: unknown): boolean {
  return !(error instanceof ProviderError) || error.retryable;
}

/** Throttling with a wait: the job is retried once it has passed, not at the queue's backoff. */
function retryLaterFor(error: unknown, now: Date): unknown {
  if (error instanceof ProviderError && error.retryAfterMs !== null && error.retryAfterMs > 0)
    return new RetryLater(error.message, new Date(now.getTime() + error.retryAfterMs));
  return error;
}

function lifecycleJobOf(payload: unknown): LifecycleJob {
  const { orgId, userId, subscriptionId, action } = (payload ?? {}) as Record<string, unknown>;
  if (
    typeof orgId !== 'string' ||
    typeof userId !== 'string' ||
    typeof subscriptionId !== 'string' ||
    (action !== 'renew' && action !== 'recreate')
  )
    throw new PermanentJobFailure(`malformed ${OUTLOOK_SUBSCRIPTION_LIFECYCLE} payload`);
  return { orgId, userId, subscriptionId, action };
}
