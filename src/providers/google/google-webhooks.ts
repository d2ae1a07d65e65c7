/**
 * Google push notifications (contract: providers.md 1.3): a POST with no body whose headers say
 * which channel fired and why. The service matches the channel and its token, then syncs.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export type ResourceState = 'sync' | 'exists' | 'not_exists';

export interface GoogleNotification {
  channelId: string;
  /** Absent when the channel was made without one; such a notification is never ours. */
  token: string | null;
  resourceId: string;
  resourceState: ResourceState;
  messageNumber: number | null;
}

export class InvalidNotificationError extends Error {
  override readonly name = 'InvalidNotificationError';
}

type Headers = Record<string, string | string[] | undefined>;

const STATES: ReadonlySet<string> = new Set(['sync', 'exists', 'not_exists']);

export function parseGoogleNotification(headers: Headers): GoogleNotification {
  const channelId = header(headers, 'x-goog-channel-id');
  const resourceId = header(headers, 'x-goog-resource-id');
  const resourceState = header(headers, 'x-goog-resource-state');
  if (!channelId || !resourceId || !resourceState) {
    throw new InvalidNotificationError(
      'not a Google push notification: X-Goog-Channel-ID, X-Goog-Resource-ID and X-Goog-Resource-State are required',
    );
  }
  if (!STATES.has(resourceState)) {
    throw new InvalidNotificationError(`unknown X-Goog-Resource-State "${resourceState}"`);
  }
  const number = Number(header(headers, 'x-goog-message-number'));
  return {
    channelId,
    token: header(headers, 'x-goog-channel-token'),
    resourceId,
    resourceState: resourceState as ResourceState,
    messageNumber: Number.isSafeInteger(number) && number > 0 ? number : null,
  };
}

function header(headers: Headers, name: string): string | null {
  const value = headers[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single?.trim() || null;
}

/** Channel ids are unique per project; Google allows up to 64 characters. */
export function newChannelId(): string {
  return randomUUID();
}

/** The secret Google echoes in X-Goog-Channel-Token; only its hash is stored. */
export function newChannelToken(): string {
  return randomBytes(32).toString('base64url');
}
