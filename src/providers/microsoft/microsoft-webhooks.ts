/**
 * Microsoft Graph change notifications (contract: providers.md 2.3): the validation handshake,
 * change notifications and lifecycle notifications, and the clientState each one must echo. The
 * service answers fast (202) and syncs later; these functions do no I/O.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export class InvalidNotificationError extends Error {
  override readonly name = 'InvalidNotificationError';
}

export interface HandshakeAnswer {
  status: 200;
  contentType: 'text/plain; charset=utf-8';
  /** The token exactly as Graph sent it (URL-decoded by the query parser). */
  body: string;
}

/**
 * The answer to Graph's validation request (`?validationToken=...`), or null when the request is
 * not one. Graph gives 10 seconds and wants 200, text/plain and the decoded token, nothing else.
 */
export function validationAnswer(
  query: Record<string, unknown> | URLSearchParams,
): HandshakeAnswer | null {
  const raw =
    query instanceof URLSearchParams ? query.get('validationToken') : query.validationToken;
  const token = Array.isArray(raw) ? (raw[0] as unknown) : raw;
  if (typeof token !== 'string') return null;
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: token };
}

export type ChangeType = 'created' | 'updated' | 'deleted';

export interface ChangeNotification {
  subscriptionId: string;
  /** Null when the subscription was made without one; such a notification is never ours. */
  clientState: string | null;
  changeType: ChangeType;
  /** `Users/{id}/Events/{id}`. */
  resource: string;
  /** The event's id, from resourceData (or the resource path). */
  eventId: string | null;
  tenantId: string | null;
  subscriptionExpiresAt: number | null;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export interface LifecycleNotification {
  subscriptionId: string;
  clientState: string | null;
  lifecycleEvent: LifecycleEvent;
  tenantId: string | null;
  subscriptionExpiresAt: number | null;
}

/** What the service does about a lifecycle notification (contract §2.3). */
export type LifecycleAction =
  | 'renew' // reauthorizationRequired: PATCH the subscription (a renewal also reauthorises)
  | 'recreate_and_resync' // subscriptionRemoved: a new subscription, then a delta sync
  | 'resync'; // missed: notifications were lost; a delta sync catches up

export function lifecycleAction(event: LifecycleEvent): LifecycleAction {
  if (event === 'reauthorizationRequired') return 'renew';
  if (event === 'subscriptionRemoved') return 'recreate_and_resync';
  return 'resync';
}

const CHANGE_TYPES: ReadonlySet<string> = new Set(['created', 'updated', 'deleted']);
const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set([
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
]);

/** The entries of a change notification body; one batch can mix subscriptions. */
export function parseChangeNotifications(body: unknown): ChangeNotification[] {
  return entriesOf(body).map((entry) => {
    const subscriptionId = text(entry.subscriptionId);
    const changeType = text(entry.changeType);
    const resource = text(entry.resource);
    if (!subscriptionId || !changeType || !CHANGE_TYPES.has(changeType) || resource === null)
      throw new InvalidNotificationError(
        'not a Graph change notification: subscriptionId, changeType and resource are required',
      );
    const data = entry.resourceData as Record<string, unknown> | undefined;
    return {
      subscriptionId,
      clientState: text(entry.clientState),
      changeType: changeType as ChangeType,
      resource,
      eventId: text(data?.id) ?? /\/Events\/([^/]+)$/i.exec(resource)?.[1] ?? null,
      tenantId: text(entry.tenantId),
      subscriptionExpiresAt: instant(entry.subscriptionExpirationDateTime),
    };
  });
}

/** The entries of a lifecycle notification body. */
export function parseLifecycleNotifications(body: unknown): LifecycleNotification[] {
  return entriesOf(body).map((entry) => {
    const subscriptionId = text(entry.subscriptionId);
    const lifecycleEvent = text(entry.lifecycleEvent);
    if (!subscriptionId || !lifecycleEvent || !LIFECYCLE_EVENTS.has(lifecycleEvent))
      throw new InvalidNotificationError(
        'not a Graph lifecycle notification: subscriptionId and a known lifecycleEvent are required',
      );
    return {
      subscriptionId,
      clientState: text(entry.clientState),
      lifecycleEvent: lifecycleEvent as LifecycleEvent,
      tenantId: text(entry.tenantId),
      subscriptionExpiresAt: instant(entry.subscriptionExpirationDateTime),
    };
  });
}

/** Whether a body is a lifecycle batch (Graph may send both kinds to one URL). */
export function isLifecycleBatch(body: unknown): boolean {
  return entriesOf(body).some((entry) => typeof entry.lifecycleEvent === 'string');
}

/** The secret Graph echoes in clientState (at most 128 characters); only its hash is stored. */
export function newClientState(): string {
  return randomBytes(32).toString('base64url');
}

export function clientStateHash(clientState: string): string {
  return createHash('sha256').update(clientState, 'utf8').digest('hex');
}

/**
 * Whether a notification's clientState is the one stored (as its hash). Both sides are hashed to
 * the same length first, so the comparison takes the same time whatever was sent.
 */
export function clientStateMatches(given: string | null, storedHash: string): boolean {
  if (given === null) return false;
  const left = Buffer.from(clientStateHash(given), 'hex');
  const right = Buffer.from(storedHash, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

function entriesOf(body: unknown): Record<string, unknown>[] {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value))
    throw new InvalidNotificationError('not a Graph notification: the body has no value array');
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null)
      throw new InvalidNotificationError('not a Graph notification: an entry is not an object');
    return entry as Record<string, unknown>;
  });
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function instant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
