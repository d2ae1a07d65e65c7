/**
 * Google channels left pending by an opener that died between storing the row and completing it
 * (google-channels.ts stores a channel as pending before events.watch): found and deleted here,
 * so that they no longer keep their calendar from getting a channel.
 */
import type { PushChannel, Scope } from '../../store/store.js';
import type { GoogleServiceDeps } from './google-deps.js';

/**
 * A channel still pending this long after it was stored is taken for abandoned (its opener died
 * between storing it and completing it). Far longer than an opening takes: a token refresh and
 * events.watch, each cut off at the Google client's request timeout (a minute).
 */
export const PENDING_ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Deletes the connection's channels pending for longer than PENDING_ABANDONED_AFTER_MS and
 * returns them (Google may have opened them: the caller stops them there). One completed
 * meanwhile is live, and is not deleted.
 */
export async function forgetAbandonedChannels(
  deps: Pick<GoogleServiceDeps, 'store' | 'logger'>,
  scope: Scope,
  connectionId: string,
  now: Date,
): Promise<PushChannel[]> {
  const cutoff = now.getTime() - PENDING_ABANDONED_AFTER_MS;
  const pending = await deps.store.pushChannels.list(scope, { connectionId, status: 'pending' });
  const forgotten = [];
  for (const channel of pending) {
    if (Date.parse(channel.createdAt) > cutoff) continue;
    if (!(await deps.store.pushChannels.delete(scope, channel.id))) continue;
    deps.logger.warn(
      { channelId: channel.id, calendarId: channel.calendarId, pendingSince: channel.createdAt },
      'deleted a Google push channel left pending by an opening that never finished',
    );
    forgotten.push(channel);
  }
  return forgotten;
}
