/**
 * The calls calintel makes to Microsoft, through the official clients: @azure/msal-node for
 * sign-in and tokens, @microsoft/microsoft-graph-client for Graph. Every base URL comes from
 * settings (authority URL + tenant, Graph API URL), so the same code runs against Microsoft or
 * the local emulator; tests that must trust the emulator's certificate pass their own `fetch`.
 */
import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { WriteRefused } from '../provider.js';
import { mapMicrosoftError, isNotFound, retryAfter } from './microsoft-errors.js';
import {
  MicrosoftSignIn,
  type MicrosoftSignInSettings,
  type MicrosoftTokens,
} from './microsoft-sign-in.js';
import { readCalendars, type GraphCalendar, type GraphEvent } from './microsoft-wire.js';

// Sign-in lives in microsoft-sign-in.ts; its exports stay importable from here, as they always were.
export {
  canWriteEvents,
  MICROSOFT_READ_SCOPES,
  MICROSOFT_WRITE_SCOPE,
  resourceScopes,
  type MicrosoftAccount,
  type MicrosoftTokens,
} from './microsoft-sign-in.js';

export interface MicrosoftClientSettings extends MicrosoftSignInSettings {
  /** Root of Graph, e.g. `https://graph.microsoft.com`. */
  graphApiUrl: string;
  /** Graph SDK retries of 429/503/504, each only when Retry-After is at most `maxRetryWaitMs`. */
  maxRetries?: number;
  maxRetryWaitMs?: number;
}

/** Outlook's subscriptions to events live at most 10,080 minutes (contract §2.3). */
export const MAX_SUBSCRIPTION_MINUTES = 10_080;

/** Where a delta or view round starts: the first request carries the window. */
export interface RoundStart {
  calendarId: string;
  isPrimary: boolean;
  from: Date;
  to: Date;
}

export interface GraphPage {
  value: GraphEvent[];
  nextLink: string | null;
  deltaLink: string | null;
}

export interface SubscriptionRequest {
  /** `/me/calendars/{id}/events`; see subscriptionResource. */
  resource: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState: string;
  expiresAt: Date;
}

export interface GraphSubscription {
  id: string;
  resource: string;
  /** Unix ms. */
  expiresAt: number;
}

export function subscriptionResource(calendarId: string): string {
  return `/me/calendars/${encodeURIComponent(calendarId)}/events`;
}

/** Sign-in and tokens (inherited from MicrosoftSignIn) plus the Graph calls sync makes. */
export class MicrosoftClient extends MicrosoftSignIn {
  private readonly graphBase: string;

  constructor(override readonly settings: MicrosoftClientSettings) {
    super(settings);
    this.graphBase = settings.graphApiUrl.replace(/\/+$/, '');
  }

  /** `addresses`: the user's mail and userPrincipalName, which differ in many tenants. */
  async me(
    tokens: MicrosoftTokens,
  ): Promise<{ id: string; email: string; name: string | null; addresses: string[] }> {
    const me = (await this.call('reading the signed-in user', () =>
      this.graph(tokens).api('/me').get(),
    )) as { id?: string; mail?: string | null; userPrincipalName?: string; displayName?: string };
    const addresses = [me.mail, me.userPrincipalName].flatMap((a) => (a ? [a.toLowerCase()] : []));
    return {
      id: me.id ?? '',
      email: addresses[0] ?? '',
      name: me.displayName ?? null,
      addresses: [...new Set(addresses)],
    };
  }

  async listCalendars(tokens: MicrosoftTokens): Promise<GraphCalendar[]> {
    const calendars: GraphCalendar[] = [];
    let next: string | null = '/me/calendars';
    while (next) {
      const url: string = next;
      const page = (await this.call('listing calendars', () =>
        this.graph(tokens).api(url).top(100).get(),
      )) as { value?: unknown; '@odata.nextLink'?: string };
      calendars.push(...readCalendars(page.value));
      next = page['@odata.nextLink'] ?? null;
    }
    return calendars;
  }

  /**
   * The first page of a round over the window. The primary calendar has delta in v1.0
   * (`/me/calendarView/delta`); other calendars have it in beta only (contract §2.1), so they are
   * listed through v1.0 `calendarView` instead: a full listing each time, no deltaLink.
   */
  startRound(
    tokens: MicrosoftTokens,
    start: RoundStart,
    pageSize: number,
    signal?: AbortSignal,
  ): Promise<GraphPage> {
    const window = {
      startDateTime: start.from.toISOString(),
      endDateTime: start.to.toISOString(),
    };
    const path = start.isPrimary
      ? '/me/calendarView/delta'
      : `/me/calendars/${encodeURIComponent(start.calendarId)}/calendarView`;
    return this.page(tokens, path, pageSize, signal, (request) =>
      start.isPrimary ? request.query(window) : request.query(window).top(pageSize),
    );
  }

  /** A nextLink or deltaLink, followed as given (it holds the round's state). */
  followLink(
    tokens: MicrosoftTokens,
    link: string,
    pageSize: number,
    signal?: AbortSignal,
  ): Promise<GraphPage> {
    return this.page(tokens, link, pageSize, signal, (request) => request);
  }

  async createSubscription(
    tokens: MicrosoftTokens,
    request: SubscriptionRequest,
  ): Promise<GraphSubscription> {
    const created = (await this.call('creating a subscription', () =>
      this.graph(tokens)
        .api('/subscriptions')
        .header('Prefer', 'IdType="ImmutableId"')
        .post({
          changeType: 'created,updated,deleted',
          notificationUrl: request.notificationUrl,
          ...(request.lifecycleNotificationUrl
            ? { lifecycleNotificationUrl: request.lifecycleNotificationUrl }
            : {}),
          resource: request.resource,
          expirationDateTime: request.expiresAt.toISOString(),
          clientState: request.clientState,
        }),
    )) as unknown;
    return readSubscription(created);
  }

  async renewSubscription(
    tokens: MicrosoftTokens,
    subscriptionId: string,
    expiresAt: Date,
  ): Promise<GraphSubscription> {
    const renewed = (await this.call('renewing a subscription', () =>
      this.graph(tokens)
        .api(`/subscriptions/${encodeURIComponent(subscriptionId)}`)
        .patch({ expirationDateTime: expiresAt.toISOString() }),
    )) as unknown;
    return readSubscription(renewed);
  }

  /** Deletes a subscription; one Microsoft no longer has counts as deleted. */
  async deleteSubscription(tokens: MicrosoftTokens, subscriptionId: string): Promise<void> {
    await this.callIgnoringNotFound('deleting a subscription', () =>
      this.graph(tokens)
        .api(`/subscriptions/${encodeURIComponent(subscriptionId)}`)
        .delete(),
    );
  }

  /**
   * One event of the signed-in user's own mailbox, as Outlook holds it now (null: not there,
   * deleted or in another mailbox's calendar).
   */
  async getEvent(
    tokens: MicrosoftTokens,
    eventId: string,
  ): Promise<(GraphEvent & { isOrganizer?: boolean | null }) | null> {
    try {
      return (await this.graph(tokens)
        .api(`/me/events/${encodeURIComponent(eventId)}`)
        .header('Prefer', 'outlook.timezone="UTC"')
        .get()) as GraphEvent & { isOrganizer?: boolean | null };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw mapMicrosoftError(error, 'reading an event');
    }
  }

  /** Declines an invitation for the signed-in user, telling the organiser. */
  async declineEvent(tokens: MicrosoftTokens, eventId: string, comment?: string): Promise<void> {
    await this.call('declining an event', () =>
      this.graph(tokens)
        .api(`/me/events/${encodeURIComponent(eventId)}/decline`)
        .post({ sendResponse: true, ...(comment ? { comment } : {}) }),
    );
  }

  /**
   * Deletes an event; one already gone counts as deleted. With `etag`, only if the event is
   * still that version (If-Match); otherwise WriteRefused ('changed').
   */
  async deleteEvent(tokens: MicrosoftTokens, eventId: string, etag?: string | null): Promise<void> {
    try {
      let request = this.graph(tokens).api(`/me/events/${encodeURIComponent(eventId)}`);
      if (etag) request = request.header('If-Match', etag);
      await request.delete();
    } catch (error) {
      if (isNotFound(error)) return;
      if ((error as { statusCode?: unknown }).statusCode === 412)
        throw new WriteRefused(
          'microsoft',
          'changed',
          'the event changed in Outlook while calintel was writing; nothing was changed',
        );
      throw mapMicrosoftError(error, 'deleting an event');
    }
  }

  private async page(
    tokens: MicrosoftTokens,
    pathOrUrl: string,
    pageSize: number,
    signal: AbortSignal | undefined,
    shape: (request: ReturnType<Client['api']>) => ReturnType<Client['api']>,
  ): Promise<GraphPage> {
    const body = (await this.call('listing events', () => {
      // The SDK does not carry Prefer onto nextLink requests: it is set on every one (§2.1).
      // Times come in UTC; the event's own zone is in originalStartTimeZone.
      const request = shape(this.graph(tokens).api(pathOrUrl)).header(
        'Prefer',
        `odata.maxpagesize=${pageSize}, outlook.timezone="UTC", IdType="ImmutableId"`,
      );
      return (signal ? request.option('signal', signal) : request).get();
    })) as { value?: unknown; '@odata.nextLink'?: unknown; '@odata.deltaLink'?: unknown };
    return {
      value: Array.isArray(body.value) ? (body.value as GraphEvent[]) : [],
      nextLink: typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : null,
      deltaLink: typeof body['@odata.deltaLink'] === 'string' ? body['@odata.deltaLink'] : null,
    };
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw mapMicrosoftError(error, what);
    }
  }

  private async callIgnoringNotFound(what: string, request: () => Promise<unknown>) {
    try {
      await request();
    } catch (error) {
      if (isNotFound(error)) return;
      throw mapMicrosoftError(error, what);
    }
  }

  /**
   * A Graph client with the given access token: refreshing is the TokenKeeper's job. The bearer
   * token is only attached for hosts the SDK knows, so the configured Graph host is named.
   */
  private graph(tokens: MicrosoftTokens): Client {
    return Client.initWithMiddleware({
      baseUrl: `${this.graphBase}/`,
      defaultVersion: 'v1.0',
      customHosts: new Set([new URL(this.graphBase).hostname]),
      middleware: [
        new AuthenticationHandler({ getAccessToken: async () => tokens.accessToken }),
        new RetryHandler(
          new RetryHandlerOptions(
            1,
            this.settings.maxRetries ?? 2,
            (_delay, _attempt, _r, _o, res) =>
              shortWait(res, this.settings.maxRetryWaitMs ?? 5_000),
          ),
        ),
        new FetchHandler(this.fetchImpl),
      ],
    });
  }
}

/**
 * The SDK would sleep up to 180 s on a long Retry-After; such waits surface as rate_limit instead,
 * so the sync schedule waits without holding a worker.
 */
function shortWait(response: Response, maxWaitMs: number): boolean {
  const wait = retryAfter(response.headers.get('retry-after'));
  return wait === null || wait <= maxWaitMs;
}

function readSubscription(value: unknown): GraphSubscription {
  const s = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const expiresAt = Date.parse(String(s.expirationDateTime ?? ''));
  if (typeof s.id !== 'string' || Number.isNaN(expiresAt))
    throw new Error('Microsoft returned a subscription without an id or expiry');
  return { id: s.id, resource: String(s.resource ?? ''), expiresAt };
}

/** The Graph SDK's last middleware: the request goes out through the configured fetch. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request, context.options);
  }
}
