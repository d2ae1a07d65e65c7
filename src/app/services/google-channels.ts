/**
 * Google push channels: one watch channel per selected calendar, opened on connect, replaced
 * before it expires (Google has no renew call), stopped on disconnect; a notification only
 * queues an incremental sync of its calendar.
 */
import type { GoogleProvider } from '../../providers/google/google-provider.js';
import { newChannelId, newChannelToken } from '../../providers/google/google-webhooks.js';
import { LiveChannelExists } from '../../store/push-channels.repository.js';
import type { ConnectionWithSecrets, PushChannel, Scope } from '../../store/store.js';
import { providerConnectionOf } from '../provider-connection.js';
import type { GoogleServiceDeps, NotificationOutcome } from './google-deps.js';
import { classifyGoogleNotification } from './google-notifications.js';
import { forgetAbandonedChannels } from './google-abandoned-channels.js';

/** Channel lifetime asked for; Google caps it (about a week) and its answer counts. */
const CHANNEL_TTL_MS = 7 * 86_400_000;

// Still exported from here, as before forgetting abandoned channels moved to its own file.
export { PENDING_ABANDONED_AFTER_MS } from './google-abandoned-channels.js';

/**
 * What one attempt to open a channel came to. The calendar may have another channel already:
 * `covered` by an active one, or `taken` by one another opener has pending.
 */
type Opening = 'opened' | 'failed' | 'covered' | 'taken';

export const GOOGLE_WEBHOOK_PATH = '/api/v1/calendar/webhook/google/';

/**
 * Later than any channel's expiry: listExpiring up to it lists every active channel. Four digits
 * of year, since expiries are compared as ISO text (a year past 9999 is written `+010000-...`).
 */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

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
    const outcome = await classifyGoogleNotification(this.deps, headers);
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
   * The connection authorised again (an account's OAuth callback): each active channel is
   * replaced and the old one stopped, best effort, then calendars without one get one. Google may
   * have lost the old ones (a grant refused, a reset) and has no call saying whether a channel
   * lives; the renewal replaces channels only near their end. One Google refuses is left
   * uncovered, for the next renewal to open.
   */
  async reopenChannels(scope: Scope, connectionId: string): Promise<number> {
    const connection = await this.deps.store.connections.get(scope, connectionId);
    if (!this.deps.provider || !connection || connection.status !== 'active') return 0;
    const active = await this.deps.store.pushChannels.list(scope, {
      connectionId,
      status: 'active',
    });
    let opened = 0;
    for (const channel of active) {
      const calendar = await this.deps.store.calendars.get(scope, channel.calendarId);
      const opening = calendar && (await this.openChannel(scope, connection, calendar, channel.id));
      if (opening === 'opened') opened += 1;
      // 'taken': a renewal is replacing it right now, and stops it once it has.
      if (opening !== 'taken') await this.stopChannel(scope, connection, channel);
    }
    return opened + (await this.openChannels(scope, connectionId));
  }

  /**
   * `renew_webhook_channels`: Google has no renew call, so a channel close to its end is
   * replaced by a new one (both live for a moment; duplicate notifications coalesce) and the
   * old one is stopped; of two renewals at once, one replaces it. Then every selected calendar
   * of an active Google connection that has no active channel gets one (its watch failed at
   * connect or at a renewal, or it was selected later, or its opener died and left it pending),
   * unless Google no longer shows us the calendar (`gone`).
   */
  async renewChannels(): Promise<{ renewed: number; opened: number; failed: number }> {
    const settings = this.deps.settings;
    if (!settings || !this.deps.provider) return { renewed: 0, opened: 0, failed: 0 };
    await this.retireInactive();
    const before = new Date(this.now().getTime() + settings.channelRenewBeforeMs);
    const expiring = await this.deps.store.pushChannels.listExpiring('google', before);
    let renewed = 0;
    let failed = 0;
    for (const channel of expiring) {
      const connection = await this.deps.store.connections.get(channel.scope, channel.connectionId);
      const calendar = await this.deps.store.calendars.get(channel.scope, channel.calendarId);
      if (!connection || !calendar || connection.status !== 'active') {
        // Gone inactive since the sweep above: never renewed, stopped as the sweep does.
        await this.retire(channel, connection);
        continue;
      }
      // A calendar Google no longer shows us (deleted, unshared) cannot be watched; its channel
      // lapses, and its daily sync says when it is back (reconnecting opens a channel again).
      // The connection's other calendars keep theirs.
      if (await this.isGone(channel.scope, calendar.id)) {
        await this.deps.store.pushChannels.setStatus(channel.scope, channel.id, 'expired');
        continue;
      }
      const opening = await this.openChannel(channel.scope, connection, calendar, channel.id);
      if (opening === 'opened') {
        await this.stopChannel(channel.scope, connection, channel);
        renewed += 1;
      }
      if (opening === 'failed') failed += 1;
      // Another active channel (a replacement made meanwhile, or a duplicate from before opening
      // was exclusive) supersedes this one; a pending one is a renewal at work, which stops this
      // one once it has replaced it.
      if (opening === 'covered') await this.stopChannel(channel.scope, connection, channel);
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
   * Active channels of connections that are no longer active (reauth_required, disconnected,
   * error) are retired whatever their expiry: left active, each went on notifying, and queuing
   * syncs, for up to a week. Every active channel is read, since the store has no listing by
   * connection status; each connection is read once.
   */
  private async retireInactive(): Promise<void> {
    const channels = await this.deps.store.pushChannels.listExpiring('google', END_OF_TIME);
    const connections = new Map<string, ConnectionWithSecrets | undefined>();
    for (const channel of channels) {
      if (!connections.has(channel.connectionId))
        connections.set(
          channel.connectionId,
          await this.deps.store.connections.get(channel.scope, channel.connectionId),
        );
      const connection = connections.get(channel.connectionId);
      if (connection?.status !== 'active') await this.retire(channel, connection);
    }
  }

  /**
   * A channel nothing should come from any more: stopped at Google while the connection's tokens
   * still allow it (a reauth_required grant's access token may live on for the hour), and no
   * longer active here either way: `stopped` when Google confirmed, else `expired` (Google runs
   * it out; what it still sends is answered and ignored) with a warning naming it.
   */
  private async retire(channel: PushChannel, connection: ConnectionWithSecrets | undefined) {
    const stopped = connection
      ? await this.stopAtGoogle(channel.scope, connection, channel)
      : false;
    await this.deps.store.pushChannels.setStatus(
      channel.scope,
      channel.id,
      stopped ? 'stopped' : 'expired',
      this.now(),
    );
    if (!stopped)
      this.deps.logger.warn(
        {
          channelId: channel.id,
          calendarId: channel.calendarId,
          connectionId: channel.connectionId,
          connectionStatus: connection?.status ?? 'deleted',
          expiresAt: channel.expiresAt,
        },
        'retired the Google push channel of an inactive connection without stopping it at Google; it runs out by itself',
      );
  }

  /**
   * Opens a channel for each selected calendar of the connection that has no active one. At
   * connect every calendar is tried (reconnecting is how a gone calendar gets one again); the
   * renewal leaves out calendars whose last sync found them gone. A calendar whose channel
   * another opener has pending is left to it; one left pending by a dead opener is cleared first.
   */
  private async openMissing(
    scope: Scope,
    connectionId: string,
    options: { skipGone: boolean },
  ): Promise<{ opened: number; failed: number }> {
    const counts = { opened: 0, failed: 0 };
    if (!this.deps.provider) return counts;
    const connection = await this.deps.store.connections.get(scope, connectionId);
    if (!connection || connection.status !== 'active') return counts;
    const abandoned = await forgetAbandonedChannels(this.deps, scope, connectionId, this.now());
    for (const calendar of await this.uncovered(scope, connectionId, options)) {
      const opening = await this.openChannel(scope, connection, calendar);
      if (opening === 'opened' || opening === 'failed') counts[opening] += 1;
    }
    await this.stopAbandoned(scope, connection, abandoned);
    return counts;
  }

  /** Selected calendars of the connection without an active channel. */
  private async uncovered(scope: Scope, connectionId: string, options: { skipGone: boolean }) {
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
    return missing;
  }

  /**
   * Google may have opened an abandoned channel before its opener died, and would notify it for
   * a week. channels.stop wants its resource id, which a pending row never learnt; but Google's
   * resource id names the watched calendar, not the channel, so the calendar's other channels
   * (the one just opened, or earlier ones) tell it. When Google has no such channel, it says so.
   */
  private async stopAbandoned(
    scope: Scope,
    connection: ConnectionWithSecrets,
    abandoned: readonly PushChannel[],
  ): Promise<void> {
    for (const channel of abandoned) {
      const known = await this.deps.store.pushChannels.list(scope, {
        calendarId: channel.calendarId,
      });
      const resourceId = known.find((c) => c.resourceId !== '')?.resourceId;
      if (resourceId) await this.stopAtGoogle(scope, connection, { id: channel.id, resourceId });
    }
  }

  /**
   * Opens one channel. It is stored as pending (id and token hash) before events.watch is
   * called, because Google's `sync` message may arrive before the call returns; it is completed
   * with Google's resource id and expiry after, and deleted if the watch fails. Storing it is
   * exclusive: while the calendar has another active or pending channel (but the one `replaces`
   * names), nothing is asked of Google.
   */
  private async openChannel(
    scope: Scope,
    connection: ConnectionWithSecrets,
    calendar: { id: string; providerCalendarId: string },
    replaces?: string,
  ): Promise<Opening> {
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
          exclusive: replaces === undefined ? {} : { replaces },
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
        // Deleted meanwhile (the connection went, or the opening took so long that it was taken
        // for abandoned): Google's channel is stopped, not left running.
        await this.stopChannel(scope, connection, {
          id: channelId,
          resourceId: channel.resourceId,
        });
        return 'failed';
      }
      return 'opened';
    } catch (error) {
      if (error instanceof LiveChannelExists)
        return error.live.status === 'active' ? 'covered' : 'taken';
      if (stored) await this.forgetPending(scope, channelId);
      // Push is an accelerator: without a channel the calendar is still polled.
      this.deps.logger.warn(
        { err: error, calendarId: calendar.id },
        'could not open a Google push channel; the calendar stays on polling',
      );
      return 'failed';
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

  /**
   * Stops every active channel of a connection (disconnect), or of one of its calendars (one
   * Google no longer lists, before calendar discovery removes it with its channel rows).
   */
  async stopChannels(
    scope: Scope,
    connection: ConnectionWithSecrets,
    calendarId?: string,
  ): Promise<void> {
    const channels = await this.deps.store.pushChannels.list(scope, {
      connectionId: connection.id,
      ...(calendarId === undefined ? {} : { calendarId }),
      status: 'active',
    });
    for (const channel of channels) await this.stopChannel(scope, connection, channel);
  }

  private async stopChannel(
    scope: Scope,
    connection: ConnectionWithSecrets,
    channel: { id: string; resourceId: string },
  ): Promise<void> {
    await this.stopAtGoogle(scope, connection, channel);
    await this.deps.store.pushChannels.setStatus(scope, channel.id, 'stopped', this.now());
  }

  /** channels.stop; says whether Google took it (a failure is logged, never thrown). */
  private async stopAtGoogle(
    scope: Scope,
    connection: ConnectionWithSecrets,
    channel: { id: string; resourceId: string },
  ): Promise<boolean> {
    const provider = this.deps.provider;
    if (!provider) return false;
    try {
      const tokens = await provider.tokens.fresh(this.providerConnection(scope, connection));
      await provider.client.stopChannel(tokens, {
        id: channel.id,
        resourceId: channel.resourceId,
      });
      return true;
    } catch (error) {
      // Google lets an unstopped channel run out by itself; its notifications are ignored.
      this.deps.logger.warn(
        { err: error, channelId: channel.id },
        'could not stop a Google channel',
      );
      return false;
    }
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
