/**
 * What a Google push notification comes to (contract §1.3): a known channel with the right token
 * and resource queues an incremental sync of its calendar; a confirmation (`sync`) and anything
 * on a channel no longer active is answered and ignored, so Google does not send it again;
 * anything else is rejected.
 */
import {
  InvalidNotificationError,
  parseGoogleNotification,
} from '../../providers/google/google-webhooks.js';
import type { GoogleServiceDeps, NotificationOutcome } from './google-deps.js';

export async function classifyGoogleNotification(
  deps: GoogleServiceDeps,
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
  const channel = await deps.store.pushChannels.verify({
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
    await deps.store.pushChannels.recordNotification(
      channel.id,
      notification.messageNumber,
      deps.clock(),
    );
    return { outcome: 'ignored', reason: 'channel confirmation (sync)' };
  }
  if (channel.resourceId !== notification.resourceId) {
    return { outcome: 'rejected', reason: 'unknown channel, or a token that does not match' };
  }
  await deps.store.pushChannels.recordNotification(
    channel.id,
    notification.messageNumber,
    deps.clock(),
  );
  // A stopped channel may still deliver a few; the sync they ask for is already covered.
  if (channel.status !== 'active') return { outcome: 'ignored', reason: 'channel stopped' };
  if (notification.resourceState === 'sync') {
    return { outcome: 'ignored', reason: 'channel confirmation (sync)' };
  }
  // Until the hourly renewal retires it, a channel outlives its connection's grant: a sync
  // queued now would only fail for want of it.
  const connection = await deps.store.connections.get(channel.scope, channel.connectionId);
  if (connection?.status !== 'active')
    return { outcome: 'ignored', reason: 'the connection is not active' };
  await deps.sync.queueCalendar(channel.scope, channel.calendarId);
  return { outcome: 'accepted', reason: `queued a sync (${notification.resourceState})` };
}
