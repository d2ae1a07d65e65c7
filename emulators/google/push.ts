/**
 * Push channels (guides/push): a `sync` notification right after creation (message number 1),
 * then `exists` / `not_exists` for each change, one POST without a body per change (the receiver
 * coalesces). Message numbers grow by random steps, as Google's are not consecutive. A receiver's
 * 5xx is retried with the configured backoff; other non-success codes drop the message.
 */
import { createHash } from 'node:crypto';
import { badRequest, notFound } from './errors.js';
import { seededRandom } from './prng.js';
import type { EmulatorSettings } from './settings.js';
import type { ResourceState } from './state.js';

export interface Channel {
  id: string;
  resourceId: string;
  resourceUri: string;
  calendarId: string;
  user: string;
  address: string;
  token?: string;
  expiration: number;
  params?: Record<string, string>;
  lastMessageNumber: number;
  stopped: boolean;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface Delivery {
  channelId: string;
  calendarId: string;
  messageNumber: number;
  resourceState: 'sync' | ResourceState;
  address: string;
  /** stopped/expired: the channel ended before the message could go out. */
  outcome: 'pending' | 'delivered' | 'failed' | 'expired' | 'stopped';
  attempts: DeliveryAttempt[];
}

export interface WatchRequest {
  id?: unknown;
  type?: unknown;
  address?: unknown;
  token?: unknown;
  expiration?: unknown;
  params?: unknown;
}

const DELIVERED = new Set([102, 200, 201, 202, 204]);
const RETRIED = new Set([500, 502, 503, 504]);
/** A receiver that hangs must not hold the channel's queue forever. */
const DELIVERY_TIMEOUT_MS = 10_000;

export class PushHub {
  private readonly channels = new Map<string, Channel>();
  private readonly log: Delivery[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  /** Pending backoff waits, ended early by close() so that settled() cannot hang. */
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private readonly random = seededRandom(7);
  private closed = false;

  constructor(
    private readonly settings: EmulatorSettings,
    private readonly nowMs: () => number,
  ) {}

  create(
    request: WatchRequest,
    target: { calendarId: string; user: string; resourceUri: string },
  ): Channel {
    const id = typeof request.id === 'string' ? request.id : '';
    if (!id || id.length > 64) throw badRequest('Channel id must be 1-64 characters.', 'id');
    if (this.channels.has(id)) throw badRequest(`Channel id ${id} not unique`, 'id');
    if (request.type !== 'web_hook' && request.type !== 'webhook')
      throw badRequest(`Invalid channel type: ${String(request.type)}`, 'type');
    const address = typeof request.address === 'string' ? request.address : '';
    if (!/^https?:\/\//.test(address)) throw badRequest('Invalid channel address.', 'address');
    const cap = this.nowMs() + this.settings.channelMaxLifetimeMs;
    const asked = Number(request.expiration);
    const channel: Channel = {
      id,
      resourceId: this.resourceIdOf(target.calendarId),
      resourceUri: target.resourceUri,
      calendarId: target.calendarId,
      user: target.user,
      address,
      ...(typeof request.token === 'string' ? { token: request.token } : {}),
      // The server caps the lifetime; the returned expiration is the one that counts.
      expiration: Number.isFinite(asked) && asked > 0 ? Math.min(asked, cap) : cap,
      ...(isStringRecord(request.params) ? { params: request.params } : {}),
      lastMessageNumber: 0,
      stopped: false,
    };
    this.channels.set(id, channel);
    this.enqueue(channel, 'sync');
    return channel;
  }

  stop(id: unknown, resourceId: unknown, user: string): void {
    const channel = typeof id === 'string' ? this.channels.get(id) : undefined;
    if (!channel || channel.stopped || channel.resourceId !== resourceId || channel.user !== user)
      throw notFound(`Channel '${String(id)}' not found for project`);
    channel.stopped = true;
    // Google warns that a few notifications may still arrive after stop.
    if (this.settings.notifyAfterStop) this.enqueue(channel, 'exists', true);
  }

  /** A change to a calendar: one notification per live channel watching it. */
  notify(calendarId: string, state: ResourceState): void {
    for (const channel of this.channels.values()) {
      if (channel.calendarId !== calendarId || channel.stopped) continue;
      if (channel.expiration <= this.nowMs()) continue;
      this.enqueue(channel, state);
    }
  }

  list(): Channel[] {
    return [...this.channels.values()].map((c) => ({ ...c }));
  }

  deliveries(): Delivery[] {
    return this.log.map((d) => ({ ...d, attempts: [...d.attempts] }));
  }

  /** Resolves when every queued notification has been delivered, failed or dropped. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  clear(): void {
    this.channels.clear();
    this.log.length = 0;
  }

  close(): void {
    this.closed = true;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
  }

  /** Stable per calendar: Google's resourceId names the watched resource, not the channel. */
  private resourceIdOf(calendarId: string): string {
    return createHash('sha1').update(`resource:${calendarId}`).digest('base64url').slice(0, 27);
  }

  private enqueue(channel: Channel, state: Delivery['resourceState'], afterStop = false): void {
    const step = state === 'sync' ? 1 : 1 + Math.ceil(this.random() * 9);
    channel.lastMessageNumber = state === 'sync' ? 1 : channel.lastMessageNumber + step;
    const delivery: Delivery = {
      channelId: channel.id,
      calendarId: channel.calendarId,
      messageNumber: channel.lastMessageNumber,
      resourceState: state,
      address: channel.address,
      outcome: 'pending',
      attempts: [],
    };
    this.log.push(delivery);
    // One queue per channel keeps a channel's messages in order, as their numbers promise.
    const previous = this.queues.get(channel.id) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(channel, delivery, afterStop));
    this.queues.set(channel.id, next);
    this.pending.add(next);
    void next.finally(() => this.pending.delete(next));
  }

  private async deliver(channel: Channel, delivery: Delivery, afterStop: boolean): Promise<void> {
    const delays = this.settings.pushRetryDelaysMs;
    for (let attempt = 0; !this.closed; attempt++) {
      if (channel.stopped && !afterStop) {
        delivery.outcome = 'stopped';
        return;
      }
      if (channel.expiration <= this.nowMs()) {
        delivery.outcome = 'expired';
        return;
      }
      const result = await this.post(channel, delivery);
      delivery.attempts.push(result);
      if (result.status !== undefined && DELIVERED.has(result.status)) {
        delivery.outcome = 'delivered';
        return;
      }
      const retryable = result.status === undefined || RETRIED.has(result.status);
      const delay = delays[attempt];
      if (!retryable || delay === undefined) {
        delivery.outcome = 'failed';
        return;
      }
      await this.sleep(delay);
    }
  }

  private async post(channel: Channel, delivery: Delivery): Promise<DeliveryAttempt> {
    const at = new Date(this.nowMs()).toISOString();
    try {
      const response = await fetch(channel.address, {
        method: 'POST',
        headers: notificationHeaders(channel, delivery),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { at, status: response.status };
    } catch (error) {
      return { at, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      this.waits.set(timer, resolve);
    });
  }
}

/** The headers of guides/push, spelled as Google sends them; no body. */
function notificationHeaders(channel: Channel, delivery: Delivery): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Goog-Channel-ID': channel.id,
    'X-Goog-Message-Number': String(delivery.messageNumber),
    'X-Goog-Resource-ID': channel.resourceId,
    'X-Goog-Resource-State': delivery.resourceState,
    'X-Goog-Resource-URI': channel.resourceUri,
    'X-Goog-Channel-Expiration': new Date(channel.expiration).toUTCString(),
  };
  if (channel.token !== undefined) headers['X-Goog-Channel-Token'] = channel.token;
  return headers;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
