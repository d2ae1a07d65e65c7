/**
 * Google push channels: one watch channel per selected calendar, opened on connect, replaced
 * before it expires (Google has no renew call), stopped on disconnect; a notification only
 * queues an incremental sync of its calendar.
 */
import type { GoogleProvider } from '../../providers/google/google-provider.js';
import {
  InvalidNotificationError,
  newChannelId,
  newChannelToken,
  parseGoogleNotification,
} from '../../providers/google/google-webhooks.js';
import type { ConnectionWithSecrets, Scope } from '../../store/store.js';
import { providerConnectionOf } from '../provider-connection.js';
import type { GoogleServiceDeps, NotificationOutcome } from './google-deps.js';

/** Channel lifetime asked for; Google caps it (about a week) and its answer counts. */
const CHANNEL_TTL_MS = 7 * 86_400_000;

export const GOOGLE_WEBHOOK_PATH = '/api/v1/calendar/webhook/google/';

export class GoogleChannels {
  constructor(private readonly deps: GoogleServiceDeps) {}

  /**
   * A notification from Google. Answered at once: a known channel with the right token queues
   * an incremental sync of its calendar (notifications in a burst coalesce into one job);
   * anything else is rejected and counted, and nothing is synced for it.
   */
  async handleNotification(
    headers: Record<string, string | string[] | undefined>,
  ): Promise<NotificationOutcome> {
    const outcome = await this.classifyNotification(headers);
    this.deps.onNotification?.(outcome.outcome);
    if (outcome.outcome === 'rejected') {
      this.deps.logger.warn({ reason: outcome.reason }, 'rejected a Google push notification');
    }
    return outcome;
  }

  /** Opens a channel for every selected calendar of the connection that has none active. */
  async openChannels(scope: Scope, connectionId: string): Promise<number> {
    return (await this.openMissing(scope, connectionId, { skipGone: false })).opened;
  }

  /**
   * `renew_webhook_channels`: Google has no renew call, so a channel close to its end is
   * replaced by a new one (both live for a moment; duplicate notifications coalesce) and the
   * old one is stopped. Then every selected calendar of an active Google connection that has no
   * active channel gets one (its watch failed at connect or at a renewal, or it was selected
   * later), unless Google no longer shows us the calendar (`gone`).
   */
  async renewChannels(): Promise<{ renewed: number; opened: number; failed: number }> {
    const settings = this.deps.settings;
    if (!settings || !this.deps.provider) return { renewed: 0, opened: 0, failed: 0 };
    const before = new Date(this.now().getTime() + settings.channelRenewBeforeMs);
    const expiring = await this.deps.store.pushChannels.listExpiring('google', before);
    let renewed = 0;
    let failed = 0;
    for (const channel of expiring) {
      const connection = await this.deps.store.connections.get(channel.scope, channel.connectionId);
      const calendar = await this.deps.store.calendars.get(channel.scope, channel.calendarId);
      if (!connection || !calendar || connection.status !== 'active') {
        await this.deps.store.pushChannels.setStatus(channel.scope, channel.id, 'expired');
        continue;
      }
      // A calendar Google no longer shows us (deleted, unshared) cannot be watched; its channel
      // lapses, and its daily sync says when it is back (reconnecting opens a channel again).
      // The connection's other calendars keep theirs.
      if (await this.isGone(channel.scope, calendar.id)) {
        await this.deps.store.pushChannels.setStatus(channel.scope, channel.id, 'expired');
        continue;
      }
      if (await this.openChannel(channel.scope, connection, calendar)) {
        await this.stopChannel(channel.scope, connection, channel);
        renewed += 1;
      } else {
        failed += 1;
      }
    }
    let opened = 0;
    for (const { scope, connection } of await this.deps.store.connections.listActive()) {
      if (connection.provider !== 'google') continue;
      const result = await this.openMissing(scope, connection.id, { skipGone: true });
      opened += result.opened;
      failed += result.failed;
    }
    return { renewed, opened, failed };
  }

  /**
   * Opens a channel for each selected calendar of the connection that has no active one. At
   * connect every calendar is tried (reconnecting is how a gone calendar gets one again); the
   * renewal leaves out calendars whose last sync found them gone.
   */
  private async openMissing(
    scope: Scope,
    connectionId: string,
    options: { skipGone: boolean },
  ): Promise<{ opened: number; failed: number }> {
    const counts = { opened: 0, failed: 0 };
    if (!this.deps.provider) return counts;
    const active = await this.deps.store.pushChannels.list(scope, {
      connectionId,
      status: 'active',
    });
    const covered = new Set(active.map((c) => c.calendarId));
    const missing = [];
    for (const calendar of await this.deps.store.calendars.list(scope, { connectionId })) {
      if (!calendar.selected || covered.has(calendar.id)) continue;
      if (options.skipGone && (await this.isGone(scope, calendar.id))) continue;
      missing.push(calendar);
    }
    if (missing.length === 0) return counts;
    const connection = await this.deps.store.connections.get(scope, connectionId);
    if (!connection || connection.status !== 'active') return counts;
    for (const calendar of missing) {
      if (await this.openChannel(scope, connection, calendar)) counts.opened += 1;
      else counts.failed += 1;
    }
    return counts;
  }

  private async classifyNotification(
    headers: Record<string, string | string[] | undefined>,
  ): Promise<NotificationOutcome> {
    let notification;
    try {
      notification = parseGoogleNotification(headers);
    } catch (error) {
      if (error instanceof InvalidNotificationError)
        return { outcome: 'rejected', reason: error.message };
      throw error;
    }
    const channel = await this.deps.store.pushChannels.verify({
      provider: 'google',
      id: notification.channelId,
      token: notification.token ?? '',
    });
    if (!channel) {
      return { outcome: 'rejected', reason: 'unknown channel, or a token that does not match' };
    }
    // Google may confirm a channel (`sync`) before events.watch has answered us: the channel is
    // stored as pending, without its resource id yet, and its token has matched. Anything else
    // on a pending channel is refused as before.
    if (channel.status === 'pending') {
      if (notification.resourceState !== 'sync') {
        return { outcome: 'rejected', reason: 'unknown channel, or a token that does not match' };
      }
      await this.deps.store.pushChannels.recordNotification(
        channel.id,
        notification.messageNumber,
        this.now(),
      );
      return { outcome: 'ignored', reason: 'channel confirmation (sync)' };
    }
    if (channel.resourceId !== notification.resourceId) {
      return { outcome: 'rejected', reason: 'unknown channel, or a token that does not match' };
    }
    await this.deps.store.pushChannels.recordNotification(
      channel.id,
      notification.messageNumber,
      this.now(),
    );
    // A stopped channel may still deliver a few; the sync they ask for is already covered.
    if (channel.status !== 'active') return { outcome: 'ignored', reason: 'channel stopped' };
    if (notification.resourceState === 'sync') {
      return { outcome: 'ignored', reason: 'channel confirmation (sync)' };
    }
    await this.deps.sync.queueCalendar(channel.scope, channel.calendarId);
    return { outcome: 'accepted', reason: `queued a sync (${notification.resourceState})` };
  }

  /**
   * Opens one channel. It is stored as pending (id and token hash) before events.watch is
   * called, because Google's `sync` message may arrive before the call returns; it is completed
   * with Google's resource id and expiry after, and deleted if the watch fails.
   */
  private async openChannel(
    scope: Scope,
    connection: ConnectionWithSecrets,
    calendar: { id: string; providerCalendarId: string },
  ): Promise<boolean> {
    const provider = this.requireProvider();
    const channelId = newChannelId();
    const token = newChannelToken();
    let stored = false;
    try {
      await this.deps.store.pushChannels.create(
        scope,
        {
          id: channelId,
          provider: 'google',
          connectionId: connection.id,
          calendarId: calendar.id,
          resourceId: '',
          token,
          expiresAt: null,
          status: 'pending',
        },
        this.now(),
      );
      stored = true;
      const tokens = await provider.tokens.fresh(this.providerConnection(scope, connection));
      const channel = await provider.client.watch(tokens, {
        calendarId: calendar.providerCalendarId,
        channelId,
        token,
        address: `${this.deps.publicUrl}${GOOGLE_WEBHOOK_PATH}`,
        expiration: this.now().getTime() + CHANNEL_TTL_MS,
      });
      const completed = await this.deps.store.pushChannels.complete(
        scope,
        channelId,
        {
          resourceId: channel.resourceId,
          expiresAt: channel.expiration ? new Date(channel.expiration) : null,
        },
        this.now(),
      );
      if (!completed) {
        // Deleted meanwhile (the connection went): Google's channel is stopped, not left running.
        await this.stopChannel(scope, connection, {
          id: channelId,
          resourceId: channel.resourceId,
        });
        return false;
      }
      return true;
    } catch (error) {
      if (stored) await this.forgetPending(scope, channelId);
      // Push is an accelerator: without a channel the calendar is still polled.
      this.deps.logger.warn(
        { err: error, calendarId: calendar.id },
        'could not open a Google push channel; the calendar stays on polling',
      );
      return false;
    }
  }

  private async forgetPending(scope: Scope, channelId: string): Promise<void> {
    try {
      await this.deps.store.pushChannels.delete(scope, channelId);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, channelId },
        'could not delete a Google channel that was never opened',
      );
    }
  }

  /** Stops every active channel of a connection (disconnect). */
  async stopChannels(scope: Scope, connection: ConnectionWithSecrets): Promise<void> {
    const channels = await this.deps.store.pushChannels.list(scope, {
      connectionId: connection.id,
      status: 'active',
    });
    for (const channel of channels) await this.stopChannel(scope, connection, channel);
  }

  private async stopChannel(
    scope: Scope,
    connection: ConnectionWithSecrets,
    channel: { id: string; resourceId: string },
  ): Promise<void> {
    const provider = this.deps.provider;
    try {
      if (provider) {
        const tokens = await provider.tokens.fresh(this.providerConnection(scope, connection));
        await provider.client.stopChannel(tokens, {
          id: channel.id,
          resourceId: channel.resourceId,
        });
      }
    } catch (error) {
      // Google lets an unstopped channel run out by itself; its notifications are ignored.
      this.deps.logger.warn(
        { err: error, channelId: channel.id },
        'could not stop a Google channel',
      );
    }
    await this.deps.store.pushChannels.setStatus(scope, channel.id, 'stopped', this.now());
  }

  private async isGone(scope: Scope, calendarId: string): Promise<boolean> {
    const status = await this.deps.store.syncStatus.get(scope, calendarId);
    return status?.state === 'error' && status.lastError?.kind === 'gone';
  }

  private providerConnection(scope: Scope, connection: ConnectionWithSecrets) {
    return providerConnectionOf(this.deps.store, scope, connection);
  }

  private requireProvider(): GoogleProvider {
    if (!this.deps.provider) throw new Error('Google is not configured');
    return this.deps.provider;
  }

  private now(): Date {
    return this.deps.clock();
  }
}
