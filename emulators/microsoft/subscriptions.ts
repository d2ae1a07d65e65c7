/**
 * Change notifications (contract §2.3): subscriptions on a mailbox's events, created only after
 * the notification URL (and the lifecycle URL) pass the validation handshake, capped at the
 * maximum lifetime, renewed by PATCH. Changes are POSTed as JSON batches (one per URL and tick,
 * so one batch can mix subscriptions); a delivery not answered 2xx within the delivery timeout is
 * retried with the configured waits, then dropped. Lifecycle notifications go to the lifecycle URL.
 */
import { randomUUID } from 'node:crypto';
import { GraphApiError, invalidRequest, notFound } from './errors.js';
import type { EmulatorSettings } from './settings.js';
import type { Change, SeededUser } from './state.js';

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export interface Subscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationMs: number;
  includeResourceData: boolean;
  applicationId: string;
  creatorId: string;
  user: string;
  /** Null when the whole mailbox's events are watched. */
  calendarId: string | null;
  tenantId: string;
  removed: boolean;
  /** Set by a reauthorizationRequired notification, cleared by reauthorize or a renewal. */
  reauthorizationRequired: boolean;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface Delivery {
  url: string;
  kind: 'change' | 'lifecycle';
  body: { value: Record<string, unknown>[] };
  outcome: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
}

export interface SubscriptionRequest {
  changeType?: unknown;
  notificationUrl?: unknown;
  lifecycleNotificationUrl?: unknown;
  resource?: unknown;
  expirationDateTime?: unknown;
  clientState?: unknown;
  includeResourceData?: unknown;
}

export interface Subscriber {
  user: SeededUser;
  tenantId: string;
  applicationId: string;
  /** Resolves a resource's calendar id ('' for the whole mailbox); throws for others. */
  calendarOf: (resource: string) => string | null;
}

const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);

export class SubscriptionHub {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly log: Delivery[] = [];
  private readonly batches = new Map<
    string,
    { kind: Delivery['kind']; items: Record<string, unknown>[] }
  >();
  private readonly pending = new Set<Promise<void>>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(
    private readonly settings: EmulatorSettings,
    private readonly nowMs: () => number,
  ) {}

  async create(request: SubscriptionRequest, by: Subscriber): Promise<Subscription> {
    const changeType = stringField(request.changeType, 'changeType');
    if (!changeType.split(',').every((t) => CHANGE_TYPES.has(t.trim())))
      throw invalidRequest(`Invalid changeType '${changeType}'.`);
    const resource = stringField(request.resource, 'resource');
    const calendarId = by.calendarOf(resource);
    const notificationUrl = urlField(request.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl =
      request.lifecycleNotificationUrl === undefined || request.lifecycleNotificationUrl === null
        ? null
        : urlField(request.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    const clientState =
      request.clientState === undefined || request.clientState === null
        ? null
        : String(request.clientState);
    if (clientState !== null && clientState.length > 128)
      throw invalidRequest('clientState must be at most 128 characters.');
    const includeResourceData = request.includeResourceData === true;
    const expirationMs = this.checkExpiration(request.expirationDateTime, includeResourceData);
    const active = [...this.subscriptions.values()].filter(
      (s) => s.user === by.user.email && this.isActive(s),
    );
    if (active.length >= this.settings.maxSubscriptionsPerMailbox)
      throw new GraphApiError(
        403,
        'ExtensionError',
        'Operation: Create; Exception: [Status Code: Forbidden; Reason: The mailbox has reached the maximum number of subscriptions.]',
      );
    await this.validate(notificationUrl);
    if (lifecycleNotificationUrl) await this.validate(lifecycleNotificationUrl);
    const subscription: Subscription = {
      id: randomUUID(),
      resource,
      changeType,
      notificationUrl,
      lifecycleNotificationUrl,
      clientState,
      expirationMs,
      includeResourceData,
      applicationId: by.applicationId,
      creatorId: by.user.id,
      user: by.user.email,
      calendarId,
      tenantId: by.tenantId,
      removed: false,
      reauthorizationRequired: false,
    };
    this.subscriptions.set(subscription.id, subscription);
    return { ...subscription };
  }

  renew(id: string, user: string, expirationDateTime: unknown): Subscription {
    const subscription = this.mine(id, user);
    subscription.expirationMs = this.checkExpiration(
      expirationDateTime,
      subscription.includeResourceData,
    );
    subscription.reauthorizationRequired = false;
    return { ...subscription };
  }

  reauthorize(id: string, user: string): void {
    this.mine(id, user).reauthorizationRequired = false;
  }

  delete(id: string, user: string): void {
    this.mine(id, user).removed = true;
  }

  get(id: string, user: string): Subscription {
    return { ...this.mine(id, user) };
  }

  listFor(user: string): Subscription[] {
    return [...this.subscriptions.values()]
      .filter((s) => s.user === user && this.isActive(s))
      .map((s) => ({ ...s }));
  }

  list(): Subscription[] {
    return [...this.subscriptions.values()].map((s) => ({ ...s }));
  }

  /** A change in a mailbox: one notification item per active subscription that covers it. */
  notify(
    change: Change,
    resourceOf: (change: Change) => { path: string; etag: string | null },
  ): void {
    for (const s of this.subscriptions.values()) {
      if (s.user !== change.owner || !this.isActive(s)) continue;
      if (s.calendarId && s.calendarId !== change.calendarId) continue;
      if (
        !s.changeType
          .split(',')
          .map((t) => t.trim())
          .includes(change.changeType)
      )
        continue;
      const { path, etag } = resourceOf(change);
      this.enqueue(s.notificationUrl, 'change', {
        subscriptionId: s.id,
        subscriptionExpirationDateTime: expirationText(s.expirationMs),
        changeType: change.changeType,
        resource: path,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Event',
          '@odata.id': path,
          ...(etag ? { '@odata.etag': etag } : {}),
          id: change.eventId,
        },
        clientState: s.clientState,
        tenantId: s.tenantId,
      });
    }
  }

  /** Sends a lifecycle notification; subscriptionRemoved also ends the subscription. */
  lifecycle(id: string, event: LifecycleEvent): Subscription {
    const s = this.subscriptions.get(id);
    if (!s) throw notFound(`unknown subscription ${id}`);
    if (event === 'reauthorizationRequired') s.reauthorizationRequired = true;
    if (event === 'subscriptionRemoved') s.removed = true;
    if (s.lifecycleNotificationUrl)
      this.enqueue(s.lifecycleNotificationUrl, 'lifecycle', {
        subscriptionId: s.id,
        subscriptionExpirationDateTime: expirationText(s.expirationMs),
        tenantId: s.tenantId,
        clientState: s.clientState,
        lifecycleEvent: event,
      });
    return { ...s };
  }

  deliveries(): Delivery[] {
    return this.log.map((d) => ({ ...d, attempts: [...d.attempts] }));
  }

  async settled(): Promise<void> {
    while (this.pending.size > 0 || this.batches.size > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled([...this.pending]);
    }
  }

  clear(): void {
    this.subscriptions.clear();
    this.log.length = 0;
    this.batches.clear();
  }

  close(): void {
    this.closed = true;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
  }

  private isActive(s: Subscription): boolean {
    return !s.removed && s.expirationMs > this.nowMs();
  }

  private mine(id: string, user: string): Subscription {
    const s = this.subscriptions.get(id);
    if (!s || s.user !== user || !this.isActive(s))
      throw new GraphApiError(
        404,
        'ResourceNotFound',
        `The object was not found: subscription '${id}'.`,
      );
    return s;
  }

  private checkExpiration(value: unknown, withData: boolean): number {
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms))
      throw invalidRequest('expirationDateTime is required and must be a date.');
    const now = this.nowMs();
    if (ms <= now)
      throw invalidRequest(`Subscription expiration must be in the future: ${String(value)}.`);
    const max = withData
      ? this.settings.subscriptionMaxMinutesWithData
      : this.settings.subscriptionMaxMinutes;
    if (ms > now + max * 60_000)
      throw invalidRequest(`Subscription expiration can only be ${max} minutes in the future.`);
    return ms;
  }

  /**
   * The handshake: POST {url}?validationToken=... (text/plain, no body); the endpoint must answer
   * 200, text/plain, with the URL-decoded token as the whole body, within the time limit.
   */
  private async validate(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.append('validationToken', token);
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(this.settings.validationTimeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw validationError(
        timedOut
          ? 'Subscription validation request timed out.'
          : `Subscription validation request failed: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    const body = await response.text();
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200)
      throw validationError(
        `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. It answered ${response.status}.`,
      );
    if (!/^text\/plain\b/i.test(type))
      throw validationError(
        'Subscription validation request failed. Must respond with 200 OK and a text/plain body.',
      );
    if (body !== token)
      throw validationError(
        'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      );
  }

  private enqueue(url: string, kind: Delivery['kind'], item: Record<string, unknown>): void {
    const key = `${kind} ${url}`;
    const batch = this.batches.get(key);
    if (batch) {
      batch.items.push(item);
      return;
    }
    this.batches.set(key, { kind, items: [item] });
    // Changes made in the same tick go out together, as Graph batches them.
    setImmediate(() => {
      const ready = this.batches.get(key);
      this.batches.delete(key);
      if (!ready || this.closed) return;
      const delivery: Delivery = {
        url,
        kind,
        body: { value: ready.items },
        outcome: 'pending',
        attempts: [],
      };
      this.log.push(delivery);
      const running = this.deliver(delivery);
      this.pending.add(running);
      void running.finally(() => this.pending.delete(running));
    });
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const delays = this.settings.notificationRetryDelaysMs;
    for (let attempt = 0; !this.closed; attempt++) {
      const result = await this.post(delivery);
      delivery.attempts.push(result);
      if (result.status !== undefined && result.status >= 200 && result.status < 300) {
        delivery.outcome = 'delivered';
        return;
      }
      const delay = delays[attempt];
      if (delay === undefined) {
        delivery.outcome = 'failed';
        return;
      }
      await this.sleep(delay);
    }
  }

  private async post(delivery: Delivery): Promise<DeliveryAttempt> {
    const at = new Date(this.nowMs()).toISOString();
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(delivery.body),
        signal: AbortSignal.timeout(this.settings.deliveryTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { at, status: response.status };
    } catch (error) {
      return {
        at,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
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

function validationError(message: string): GraphApiError {
  return new GraphApiError(400, 'ValidationError', message);
}

function stringField(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value.trim()) throw invalidRequest(`${name} is required.`);
  return value.trim();
}

function urlField(value: unknown, name: string): string {
  const text = stringField(value, name);
  try {
    const url = new URL(text);
    // Graph insists on HTTPS; plain http is let through for receivers on this machine.
    if (url.protocol === 'https:' || url.protocol === 'http:') return text;
  } catch {
    // answered below
  }
  throw invalidRequest(`${name} must be an absolute URL (HTTPS).`);
}

/** Graph writes it with an offset: `2026-03-07T00:00:00+00:00`. */
function expirationText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000+00:00`;
}
