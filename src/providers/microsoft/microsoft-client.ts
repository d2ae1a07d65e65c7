/**
 * The calls calintel makes to Microsoft, through the official clients: @azure/msal-node for
 * sign-in and tokens, @microsoft/microsoft-graph-client for Graph. Every base URL comes from
 * settings (authority URL + tenant, Graph API URL), so the same code runs against Microsoft or
 * the local emulator; tests that must trust the emulator's certificate pass their own `fetch`.
 */
import {
  ConfidentialClientApplication,
  type AuthenticationResult,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { mapMicrosoftError, isNotFound, retryAfter } from './microsoft-errors.js';
import { readCalendars, type GraphCalendar, type GraphEvent } from './microsoft-wire.js';

export interface MicrosoftClientSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** `https://login.microsoftonline.com` (no tenant, no trailing slash needed). */
  authorityUrl: string;
  /** `common`, `organizations`, or a tenant id. */
  tenantId: string;
  /** Root of Graph, e.g. `https://graph.microsoft.com`. */
  graphApiUrl: string;
  /** The fetch both clients use; the global one by default (NODE_EXTRA_CA_CERTS applies). */
  fetch?: typeof fetch;
  /** Graph SDK retries of 429/503/504, each only when Retry-After is at most `maxRetryWaitMs`. */
  maxRetries?: number;
  maxRetryWaitMs?: number;
}

/** What is stored (encrypted) for a Microsoft connection; see microsoft-tokens.ts. */
export interface MicrosoftTokens {
  accessToken: string;
  /** Unix ms when the access token expires. */
  expiresAt: number;
  /** Granted scopes, space-separated, as the token endpoint reported them. */
  scope: string;
  /** MSAL's account key (`uid.utid`), to find the account in the cache. */
  homeAccountId: string;
  /** MSAL's serialised token cache: it holds the refresh token, rotated as MSAL sees fit. */
  tokenCache: string;
}

export interface MicrosoftAccount {
  homeAccountId: string;
  email: string;
  name: string | null;
  tenantId: string;
}

/**
 * Least privilege: read calendars and the signed-in user's profile. MSAL adds openid and profile
 * itself; offline_access is named so that a refresh token is always issued.
 */
export const MICROSOFT_READ_SCOPES = ['offline_access', 'User.Read', 'Calendars.Read'] as const;

/** Added only when the user asks for write-back (declining, deleting their own hold). */
export const MICROSOFT_WRITE_SCOPE = 'Calendars.ReadWrite';

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** Whether granted scopes (space-separated) allow changing events. */
export function canWriteEvents(grantedScope: string): boolean {
  return resourceScopes(grantedScope).some((s) => s.toLowerCase() === 'calendars.readwrite');
}

/** Resource scopes without the OIDC ones or the Graph prefix, as MSAL wants them for refresh. */
export function resourceScopes(scope: string): string[] {
  return scope
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, ''))
    .filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
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

export class MicrosoftClient {
  private readonly fetchImpl: typeof fetch;
  private readonly graphBase: string;

  constructor(readonly settings: MicrosoftClientSettings) {
    this.fetchImpl = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.graphBase = settings.graphApiUrl.replace(/\/+$/, '');
  }

  /** The authority MSAL signs in with: the authority URL plus the tenant. */
  get authority(): string {
    return `${this.settings.authorityUrl.replace(/\/+$/, '')}/${this.settings.tenantId}`;
  }

  async authorizationUrl(input: {
    state: string;
    codeChallenge: string;
    loginHint?: string;
    writeAccess?: boolean;
  }): Promise<string> {
    try {
      return await this.msal().getAuthCodeUrl({
        scopes: scopesFor(input.writeAccess === true),
        redirectUri: this.settings.redirectUri,
        state: input.state,
        codeChallenge: input.codeChallenge,
        codeChallengeMethod: 'S256',
        // Without a hint the user picks the account to connect, not whichever one the browser is
        // signed in to. With one, MSAL would drop the hint beside select_account: it is sent alone.
        ...(input.loginHint ? { loginHint: input.loginHint } : { prompt: 'select_account' }),
      });
    } catch (error) {
      throw mapMicrosoftError(error, 'building the sign-in URL');
    }
  }

  async exchangeCode(input: {
    code: string;
    codeVerifier: string;
    writeAccess?: boolean;
  }): Promise<{ tokens: MicrosoftTokens; account: MicrosoftAccount }> {
    const app = this.msal();
    try {
      const result = await app.acquireTokenByCode({
        code: input.code,
        codeVerifier: input.codeVerifier,
        scopes: scopesFor(input.writeAccess === true),
        redirectUri: this.settings.redirectUri,
      });
      const account = result.account;
      if (!account) throw new Error('Microsoft returned no account with the tokens');
      return {
        tokens: toTokens(result, account.homeAccountId, app.getTokenCache().serialize()),
        account: {
          homeAccountId: account.homeAccountId,
          email: account.username.toLowerCase(),
          name: account.name ?? null,
          tenantId: account.tenantId,
        },
      };
    } catch (error) {
      throw mapMicrosoftError(error, 'exchanging the authorization code');
    }
  }

  /**
   * A new access token through MSAL's silent flow over the stored cache: MSAL sends the refresh
   * token it holds and keeps whatever refresh token comes back, so the cache it serialises
   * afterwards is what must be stored.
   */
  async refresh(tokens: MicrosoftTokens): Promise<MicrosoftTokens> {
    const app = this.msal();
    try {
      const cache = app.getTokenCache();
      cache.deserialize(tokens.tokenCache);
      const account = await cache.getAccountByHomeId(tokens.homeAccountId);
      if (!account)
        throw Object.assign(new Error('the stored token cache holds no account'), {
          errorCode: 'no_account_in_silent_request',
        });
      const scopes = resourceScopes(tokens.scope);
      const result = await app.acquireTokenSilent({
        account,
        scopes: scopes.length ? scopes : ['Calendars.Read'],
        forceRefresh: true,
      });
      return toTokens(result, tokens.homeAccountId, cache.serialize());
    } catch (error) {
      throw mapMicrosoftError(error, 'refreshing the access token');
    }
  }

  async me(tokens: MicrosoftTokens): Promise<{ id: string; email: string; name: string | null }> {
    const me = (await this.call('reading the signed-in user', () =>
      this.graph(tokens).api('/me').get(),
    )) as { id?: string; mail?: string | null; userPrincipalName?: string; displayName?: string };
    return {
      id: me.id ?? '',
      email: (me.mail ?? me.userPrincipalName ?? '').toLowerCase(),
      name: me.displayName ?? null,
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

  /** Declines an invitation for the signed-in user, telling the organiser. */
  async declineEvent(tokens: MicrosoftTokens, eventId: string, comment?: string): Promise<void> {
    await this.call('declining an event', () =>
      this.graph(tokens)
        .api(`/me/events/${encodeURIComponent(eventId)}/decline`)
        .post({ sendResponse: true, ...(comment ? { comment } : {}) }),
    );
  }

  /** Deletes an event; one already gone counts as deleted. */
  async deleteEvent(tokens: MicrosoftTokens, eventId: string): Promise<void> {
    await this.callIgnoringNotFound('deleting an event', () =>
      this.graph(tokens)
        .api(`/me/events/${encodeURIComponent(eventId)}`)
        .delete(),
    );
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
   * A new MSAL application per use: its in-memory cache then holds one connection's tokens only,
   * loaded from and saved to that connection's secrets, never another's.
   */
  private msal(): ConfidentialClientApplication {
    return new ConfidentialClientApplication({
      auth: {
        clientId: this.settings.clientId,
        clientSecret: this.settings.clientSecret,
        authority: this.authority,
        // Without it MSAL asks login.microsoftonline.com for instance discovery, whatever the
        // authority; with it MSAL reads the authority's own OIDC document.
        knownAuthorities: [new URL(this.settings.authorityUrl).host],
      },
      system: { networkClient: msalNetworkClient(this.fetchImpl) },
    });
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

function scopesFor(writeAccess: boolean): string[] {
  return [...MICROSOFT_READ_SCOPES, ...(writeAccess ? [MICROSOFT_WRITE_SCOPE] : [])];
}

function toTokens(
  result: AuthenticationResult,
  homeAccountId: string,
  tokenCache: string,
): MicrosoftTokens {
  if (!result.accessToken) throw new Error('Microsoft returned no access token');
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn?.getTime() ?? Date.now() + 3_600_000,
    scope: result.scopes.join(' '),
    homeAccountId,
    tokenCache,
  };
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

/** MSAL's network module over the configured fetch (msal-node otherwise uses the global one). */
function msalNetworkClient(fetchImpl: typeof fetch): INetworkModule {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const response = await fetchImpl(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
