/**
 * Sign-in and tokens through @azure/msal-node: the authorization URL, the code exchange and the
 * silent refresh. Kept apart from the Graph calls (microsoft-client.ts) because MSAL owns its own
 * cache and network module; the authority URL and tenant come from settings, so the same code runs
 * against Microsoft or the local emulator.
 */
import {
  AuthError,
  ConfidentialClientApplication,
  type AuthenticationResult,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { mapMicrosoftError } from './microsoft-errors.js';

export interface MicrosoftSignInSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** `https://login.microsoftonline.com` (no tenant, no trailing slash needed). */
  authorityUrl: string;
  /** `common`, `organizations`, or a tenant id. */
  tenantId: string;
  /** The fetch both clients use; the global one by default (NODE_EXTRA_CA_CERTS applies). */
  fetch?: typeof fetch;
  /** How long one request may take before it fails as transient; default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
}

/**
 * A page of Graph events or a token answer comes in seconds; a minute without one is a hung
 * connection. Without a bound the sync run waits forever, holding its calendar.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

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

/** The MSAL half of MicrosoftClient, which adds the Graph calls on top. */
export class MicrosoftSignIn {
  protected readonly fetchImpl: typeof fetch;

  constructor(readonly settings: MicrosoftSignInSettings) {
    const fetchImpl = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.fetchImpl = fetchWithTimeout(fetchImpl, settings.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
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
    const { app, failure } = this.msal();
    try {
      return await app.getAuthCodeUrl({
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
      throw mapMicrosoftError(withAnswer(error, failure()), 'building the sign-in URL');
    }
  }

  async exchangeCode(input: {
    code: string;
    codeVerifier: string;
    writeAccess?: boolean;
  }): Promise<{ tokens: MicrosoftTokens; account: MicrosoftAccount }> {
    const { app, failure } = this.msal();
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
      throw mapMicrosoftError(withAnswer(error, failure()), 'exchanging the authorization code');
    }
  }

  /**
   * A new access token through MSAL's silent flow over the stored cache: MSAL sends the refresh
   * token it holds and keeps whatever refresh token comes back, so the cache it serialises
   * afterwards is what must be stored.
   */
  async refresh(tokens: MicrosoftTokens): Promise<MicrosoftTokens> {
    const { app, failure } = this.msal();
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
      throw mapMicrosoftError(withAnswer(error, failure()), 'refreshing the access token');
    }
  }

  /**
   * A new MSAL application per use: its in-memory cache then holds one connection's tokens only,
   * loaded from and saved to that connection's secrets, never another's. With it comes the last
   * answer of Microsoft's that was not a success, if any, for the error that follows it.
   */
  private msal(): { app: ConfidentialClientApplication; failure: () => FailedAnswer | null } {
    const network = msalNetworkClient(this.fetchImpl);
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: this.settings.clientId,
        clientSecret: this.settings.clientSecret,
        authority: this.authority,
        // Without it MSAL asks login.microsoftonline.com for instance discovery, whatever the
        // authority; with it MSAL reads the authority's own OIDC document.
        knownAuthorities: [new URL(this.settings.authorityUrl).host],
      },
      system: { networkClient: network },
    });
    return { app, failure: () => network.lastFailure };
  }
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

/** An answer of Microsoft's identity platform that was not a success: its status and headers. */
interface FailedAnswer {
  status: number;
  /** Lower-case names, as fetch gives them. */
  headers: Record<string, string>;
}

/**
 * MSAL's network module over the configured fetch (msal-node otherwise uses the global one). It
 * remembers the last answer that was not a success: MSAL builds its ServerError from the body
 * alone, without the status or Retry-After (contract §2.5: a 429 or 503 from the token endpoint).
 */
function msalNetworkClient(
  fetchImpl: typeof fetch,
): INetworkModule & { lastFailure: FailedAnswer | null } {
  const client: INetworkModule & { lastFailure: FailedAnswer | null } = {
    lastFailure: null,
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
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
    client.lastFailure = response.ok ? null : { status: response.status, headers };
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  return client;
}

/**
 * MSAL's error with the status and headers of the answer it was made from, when MSAL left them
 * out, so that mapMicrosoftError sees a 429 and its Retry-After as it does for Graph.
 */
function withAnswer(error: unknown, answer: FailedAnswer | null): unknown {
  if (!answer || !(error instanceof AuthError)) return error;
  const known = error as AuthError & { status?: unknown; headers?: unknown };
  if (typeof known.status !== 'number') known.status = answer.status;
  known.headers ??= answer.headers;
  return error;
}

/** `fetchImpl` with every request aborted after `timeoutMs`, besides the caller's own signal. */
function fetchWithTimeout(fetchImpl: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetchImpl(input, { ...init, signal });
  };
}
