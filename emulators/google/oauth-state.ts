/**
 * OAuth 2.0 grants as Google's authorization server keeps them (identity/protocols/oauth2/web-server):
 * single-use codes that expire after 10 minutes and remember the redirect_uri and PKCE challenge,
 * refresh tokens for offline access, and short-lived access tokens. Revoking any token of a grant
 * revokes the whole grant, as Google does.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidGrant, OAuthError } from './errors.js';
import type { EmulatorSettings } from './settings.js';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  user: string;
  offline: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  refresh_token?: string;
}

interface Grant {
  id: number;
  user: string;
  clientId: string;
  scope: string;
  revoked: boolean;
}

interface Code extends AuthorizationRequest {
  expiresAtMs: number;
  used: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAtMs: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;

function random(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class OAuthState {
  private readonly codes = new Map<string, Code>();
  private readonly grants: Grant[] = [];
  /** Refresh token -> grant; a rotated-out token stays here as revoked. */
  private readonly refreshTokens = new Map<string, { grant: Grant; revoked: boolean }>();
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(
    readonly client: OAuthClient,
    private readonly settings: EmulatorSettings,
    private readonly nowMs: () => number,
  ) {}

  clear(): void {
    this.codes.clear();
    this.grants.length = 0;
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  /** Google's auth codes start with `4/`. */
  issueCode(request: AuthorizationRequest): string {
    const code = random('4/0A', 32);
    this.codes.set(code, { ...request, expiresAtMs: this.nowMs() + CODE_LIFETIME_MS, used: false });
    return code;
  }

  /** Checks client_id and client_secret (form fields or HTTP Basic). */
  checkClient(clientId: string | undefined, clientSecret: string | undefined): void {
    if (clientId !== this.client.clientId)
      throw new OAuthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (!clientSecret || !sameText(clientSecret, this.client.clientSecret))
      throw new OAuthError(401, 'invalid_client', 'Unauthorized');
  }

  exchangeCode(params: {
    code?: string;
    redirectUri?: string;
    codeVerifier?: string;
  }): TokenResponse {
    if (!params.code)
      throw new OAuthError(400, 'invalid_request', 'Missing required parameter: code');
    const code = this.codes.get(params.code);
    if (!code || code.used || code.expiresAtMs <= this.nowMs()) throw invalidGrant();
    if (params.redirectUri !== code.redirectUri)
      throw new OAuthError(400, 'redirect_uri_mismatch', 'Bad Request');
    checkVerifier(code, params.codeVerifier);
    code.used = true;
    const grant: Grant = {
      id: this.grants.length + 1,
      user: code.user,
      clientId: code.clientId,
      scope: code.scope,
      revoked: false,
    };
    this.grants.push(grant);
    const response = this.accessTokenFor(grant);
    if (code.offline) response.refresh_token = this.refreshTokenFor(grant);
    return response;
  }

  refresh(refreshToken: string | undefined): TokenResponse {
    if (!refreshToken)
      throw new OAuthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const entry = this.refreshTokens.get(refreshToken);
    if (!entry || entry.revoked || entry.grant.revoked) throw invalidGrant();
    const response = this.accessTokenFor(entry.grant);
    if (this.settings.rotateRefreshTokens) {
      entry.revoked = true;
      response.refresh_token = this.refreshTokenFor(entry.grant);
    }
    return response;
  }

  /** Revokes the grant behind an access or refresh token; false when the token is unknown. */
  revoke(token: string): boolean {
    const grant = this.accessTokens.get(token)?.grant ?? this.refreshTokens.get(token)?.grant;
    if (!grant || grant.revoked) return false;
    grant.revoked = true;
    return true;
  }

  /** The user and scope behind a bearer token, or null when it is unknown, expired or revoked. */
  authenticate(token: string): { user: string; scope: string } | null {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.grant.revoked || entry.expiresAtMs <= this.nowMs()) return null;
    return { user: entry.grant.user, scope: entry.grant.scope };
  }

  /** Every access token (of one user, or of all) expires now; refresh tokens stay valid. */
  expireAccessTokens(user?: string): number {
    let count = 0;
    for (const entry of this.accessTokens.values()) {
      if (user && entry.grant.user !== user) continue;
      entry.expiresAtMs = Math.min(entry.expiresAtMs, this.nowMs());
      count++;
    }
    return count;
  }

  /** Revokes every grant of a user: their refresh tokens give invalid_grant from now on. */
  invalidateRefreshTokens(user: string): number {
    const grants = this.grants.filter((g) => g.user === user && !g.revoked);
    for (const grant of grants) grant.revoked = true;
    return grants.length;
  }

  private accessTokenFor(grant: Grant): TokenResponse {
    const token = random('ya29.a0', 48);
    const lifetime = this.settings.accessTokenLifetimeSeconds;
    this.accessTokens.set(token, { grant, expiresAtMs: this.nowMs() + lifetime * 1000 });
    return { access_token: token, expires_in: lifetime, token_type: 'Bearer', scope: grant.scope };
  }

  private refreshTokenFor(grant: Grant): string {
    const token = random('1//0g', 40);
    this.refreshTokens.set(token, { grant, revoked: false });
    return token;
  }
}

/** PKCE (RFC 7636 §4.6): the verifier must hash to the challenge given at authorization. */
function checkVerifier(code: Code, verifier: string | undefined): void {
  if (!code.codeChallenge) return;
  if (!verifier) throw invalidGrant('Missing code verifier.');
  const computed =
    code.codeChallengeMethod === 'plain'
      ? verifier
      : createHash('sha256').update(verifier).digest('base64url');
  if (!sameText(computed, code.codeChallenge)) throw invalidGrant('Invalid code verifier.');
}
