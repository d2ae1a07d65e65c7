/**
 * The Microsoft identity platform's state: authorization codes (single use, 10 minutes, bound to
 * the client, redirect URI and PKCE challenge), access tokens, refresh tokens, and the per-user
 * switches the control API flips (revoked or expired grants, interaction required).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AadError, invalidGrant } from './errors.js';
import { randomToken } from './ids.js';
import type { SigningKey } from './identity-keys.js';
import type { EmulatorSettings } from './settings.js';
import type { SeededUser } from './state.js';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
}

export interface AuthorizationRequest {
  user: SeededUser;
  tenantId: string;
  redirectUri: string;
  scope: string[];
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  nonce?: string;
}

interface Code extends AuthorizationRequest {
  expiresAtMs: number;
  used: boolean;
}

interface Grant {
  user: SeededUser;
  tenantId: string;
  scope: string[];
  revoked: boolean;
}

export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

/** Why a user's refresh tokens stop working; each is a different AADSTS answer. */
export type GrantTrouble = 'revoked' | 'expired' | 'interaction_required';

const CODE_LIFETIME_MS = 10 * 60_000;
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
/** The Graph resource, as scopes may name it (`https://graph.microsoft.com/Calendars.Read`). */
const GRAPH_PREFIX = /^https:\/\/graph\.microsoft\.com\//i;
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export class IdentityState {
  private readonly codes = new Map<string, Code>();
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAtMs: number }>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly troubles = new Map<string, GrantTrouble>();

  constructor(
    readonly client: ClientRegistration,
    private readonly settings: EmulatorSettings,
    private readonly key: SigningKey,
    private readonly nowMs: () => number,
    private readonly issuerBase: () => string,
  ) {}

  clear(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.troubles.clear();
  }

  checkClient(clientId: string | undefined, secret: string | undefined): void {
    if (clientId !== this.client.clientId)
      throw new AadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId ?? ''}' was not found in the directory.`,
      );
    if (!secret)
      throw new AadError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    if (!sameText(secret, this.client.clientSecret))
      throw new AadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
  }

  issueCode(request: AuthorizationRequest): string {
    const code = `1.A${randomToken(90)}`;
    this.codes.set(code, { ...request, expiresAtMs: this.nowMs() + CODE_LIFETIME_MS, used: false });
    return code;
  }

  exchangeCode(input: {
    code?: string;
    redirectUri?: string;
    codeVerifier?: string;
    scope?: string;
  }): TokenResponse {
    const code = input.code ? this.codes.get(input.code) : undefined;
    if (!code) throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
    if (code.used)
      throw invalidGrant(
        54005,
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      );
    if (code.expiresAtMs <= this.nowMs())
      throw invalidGrant(
        70008,
        'The provided authorization code or refresh token has expired due to inactivity.',
      );
    if (input.redirectUri !== code.redirectUri)
      throw invalidGrant(
        500117,
        'The reply uri specified in the request does not match the reply uri specified in the authorization code request.',
      );
    checkVerifier(code, input.codeVerifier);
    code.used = true;
    const grant: Grant = {
      user: code.user,
      tenantId: code.tenantId,
      scope: code.scope,
      revoked: false,
    };
    return this.tokensFor(grant, code.nonce);
  }

  refresh(refreshToken: string | undefined, scope: string | undefined): TokenResponse {
    const grant = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (!grant) throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
    const trouble = this.troubles.get(grant.user.email);
    if (trouble === 'interaction_required')
      throw new AadError(
        400,
        'interaction_required',
        50076,
        `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${GRAPH_APP_ID}'.`,
        { suberror: 'basic_action' },
      );
    if (grant.revoked || trouble === 'revoked')
      throw invalidGrant(
        50173,
        'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
      );
    if (trouble === 'expired')
      throw invalidGrant(700082, 'The refresh token has expired due to inactivity.');
    const asked = resourceScopes(scope ?? '');
    if (asked.some((s) => !grant.scope.some((g) => g.toLowerCase() === s.toLowerCase())))
      throw new AadError(
        400,
        'invalid_grant',
        65001,
        `The user or administrator has not consented to use the application with ID '${this.client.clientId}'.`,
        { suberror: 'consent_required' },
      );
    return this.tokensFor(grant);
  }

  /** The user and scopes behind a bearer token; null when unknown, expired or revoked. */
  authenticate(token: string): { user: SeededUser; scope: string[]; expired: boolean } | null {
    const entry = this.accessTokens.get(token);
    if (!entry) return null;
    const expired = entry.grant.revoked || entry.expiresAtMs <= this.nowMs();
    return { user: entry.grant.user, scope: entry.grant.scope, expired };
  }

  expireAccessTokens(user?: string): number {
    let count = 0;
    for (const entry of this.accessTokens.values()) {
      if (user && entry.grant.user.email !== user) continue;
      entry.expiresAtMs = Math.min(entry.expiresAtMs, this.nowMs());
      count++;
    }
    return count;
  }

  /** The user's refresh tokens fail from now on, in the way named; null clears it. */
  setTrouble(user: string, trouble: GrantTrouble | null): void {
    if (trouble) this.troubles.set(user, trouble);
    else this.troubles.delete(user);
  }

  private tokensFor(grant: Grant, nonce?: string): TokenResponse {
    const now = this.nowMs();
    const lifetime = this.settings.accessTokenLifetimeSeconds;
    const { user, tenantId } = grant;
    const iat = Math.floor(now / 1000);
    const accessToken = this.key.sign({
      aud: GRAPH_APP_ID,
      iss: `https://sts.windows.net/${tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + lifetime,
      appid: this.client.clientId,
      name: user.name,
      oid: user.id,
      scp: grant.scope.join(' '),
      sub: pairwise(user.id, GRAPH_APP_ID),
      tid: tenantId,
      upn: user.userPrincipalName,
      uti: randomToken(16),
      ver: '1.0',
    });
    this.accessTokens.set(accessToken, { grant, expiresAtMs: now + lifetime * 1000 });
    const response: TokenResponse = {
      token_type: 'Bearer',
      scope: [...grant.scope, 'openid', 'profile', 'email'].join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: tenantId })).toString(
        'base64url',
      ),
      id_token: this.idToken(grant, iat, nonce),
    };
    const refreshToken = `1.A${randomToken(120)}`;
    this.refreshTokens.set(refreshToken, grant);
    response.refresh_token = refreshToken;
    return response;
  }

  private idToken(grant: Grant, iat: number, nonce?: string): string {
    const { user, tenantId } = grant;
    return this.key.sign({
      aud: this.client.clientId,
      iss: `${this.issuerBase()}/${tenantId}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      name: user.name,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      email: user.email,
      rh: randomToken(16),
      sub: pairwise(user.id, this.client.clientId),
      tid: tenantId,
      uti: randomToken(16),
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    });
  }
}

/** The resource scopes of a scope string: OIDC ones dropped, the Graph prefix removed. */
export function resourceScopes(scope: string): string[] {
  return scope
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => s.replace(GRAPH_PREFIX, ''))
    .filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
}

/** Microsoft's `sub` is pairwise: the same user has a different one in each application. */
function pairwise(oid: string, appId: string): string {
  return createHash('sha256').update(`${oid}|${appId}`).digest('base64url').slice(0, 43);
}

/** PKCE (RFC 7636 §4.6): the verifier must hash to the challenge given at authorization. */
function checkVerifier(code: Code, verifier: string | undefined): void {
  if (!code.codeChallenge) return;
  const computed = !verifier
    ? ''
    : code.codeChallengeMethod === 'plain'
      ? verifier
      : createHash('sha256').update(verifier).digest('base64url');
  if (!verifier || !sameText(computed, code.codeChallenge))
    throw invalidGrant(
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
