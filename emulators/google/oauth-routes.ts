/**
 * The OAuth endpoints at Google's paths (/o/oauth2/v2/auth, /token, /revoke), so that only the
 * base URLs differ from production in google-auth-library's OAuth2Client `endpoints`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentPage } from './consent-page.js';
import { AuthorizePageError, OAuthError } from './errors.js';
import type { AuthorizationRequest, OAuthState } from './oauth-state.js';
import type { EmulatorSettings } from './settings.js';
import type { EmulatorState } from './state.js';

export interface OAuthDeps {
  oauth: OAuthState;
  state: EmulatorState;
  settings: EmulatorSettings;
  /** Allowed redirect URIs; empty means any absolute http(s) URI (the service's port varies). */
  redirectUris: string[];
}

type Form = Record<string, string | undefined>;

export function registerOAuthRoutes(app: FastifyInstance, deps: OAuthDeps): void {
  app.get('/o/oauth2/v2/auth', async (request, reply) => {
    const params = searchParams(request.url);
    const auth = readAuthorization(params, deps);
    const user = pickUser(deps.state, params.get('login_hint'));
    if (deps.settings.consent === 'form') {
      const users = [...deps.state.users.values()];
      return reply.type('text/html; charset=utf-8').send(consentPage(params, users, user));
    }
    return redirectWithCode(reply, deps, { ...auth, user }, params.get('state'));
  });

  app.post('/o/oauth2/v2/auth/consent', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const params = new URLSearchParams(
      Object.entries(form).flatMap(([k, v]): [string, string][] =>
        v === undefined || k === 'decision' || k === 'user' ? [] : [[k, v]],
      ),
    );
    const auth = readAuthorization(params, deps);
    const state = params.get('state');
    if (form.decision !== 'allow') {
      return reply.redirect(withQuery(auth.redirectUri, { error: 'access_denied', state }), 302);
    }
    const user = pickUser(deps.state, form.user ?? null);
    return redirectWithCode(reply, deps, { ...auth, user }, state);
  });

  app.post('/token', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const basic = basicCredentials(request.headers.authorization);
    deps.oauth.checkClient(form.client_id ?? basic?.id, form.client_secret ?? basic?.secret);
    const grantType = form.grant_type;
    if (grantType === 'authorization_code') {
      return reply.send(
        deps.oauth.exchangeCode({
          code: form.code,
          redirectUri: form.redirect_uri,
          codeVerifier: form.code_verifier,
        }),
      );
    }
    if (grantType === 'refresh_token') return reply.send(deps.oauth.refresh(form.refresh_token));
    throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  });

  app.post('/revoke', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const token = searchParams(request.url).get('token') ?? form.token;
    if (!token || !deps.oauth.revoke(token))
      throw new OAuthError(400, 'invalid_token', 'Token expired or revoked');
    return reply.type('application/json; charset=utf-8').send('{}');
  });
}

function searchParams(url: string): URLSearchParams {
  return new URL(url, 'http://emulator').searchParams;
}

/** Checks an authorization request the way Google's page does; problems are HTML pages. */
function readAuthorization(
  params: URLSearchParams,
  deps: OAuthDeps,
): Omit<AuthorizationRequest, 'user'> {
  const clientId = params.get('client_id');
  if (clientId !== deps.oauth.client.clientId)
    throw new AuthorizePageError('invalid_client', 'The OAuth client was not found.');
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!isRedirectAllowed(redirectUri, deps.redirectUris))
    throw new AuthorizePageError(
      'redirect_uri_mismatch',
      `The redirect URI in the request, ${redirectUri || '(none)'}, does not match the ones authorized for the OAuth client.`,
    );
  if (params.get('response_type') !== 'code')
    throw new AuthorizePageError('unsupported_response_type', 'response_type must be code.');
  const scope = (params.get('scope') ?? '').trim();
  if (!scope) throw new AuthorizePageError('invalid_request', 'Missing required parameter: scope');
  const accessType = params.get('access_type') ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline')
    throw new AuthorizePageError('invalid_request', `Invalid access_type: ${accessType}`);
  return { clientId, redirectUri, scope, offline: accessType === 'offline', ...pkce(params) };
}

function pkce(
  params: URLSearchParams,
): Pick<AuthorizationRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (!challenge) {
    if (method) throw new AuthorizePageError('invalid_request', 'code_challenge is missing.');
    return {};
  }
  // RFC 7636 §4.3: without a method the challenge is plain.
  const resolved = method ?? 'plain';
  if (resolved !== 'S256' && resolved !== 'plain')
    throw new AuthorizePageError('invalid_request', `Invalid code_challenge_method: ${resolved}`);
  return { codeChallenge: challenge, codeChallengeMethod: resolved };
}

function isRedirectAllowed(uri: string, allowed: string[]): boolean {
  if (allowed.length > 0) return allowed.includes(uri);
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hash;
  } catch {
    return false;
  }
}

/** login_hint when it names a seeded user, else the first seeded user. */
function pickUser(state: EmulatorState, hint: string | null): string {
  if (hint && state.users.has(hint)) return hint;
  const first = state.users.keys().next().value;
  if (first === undefined) throw new AuthorizePageError('access_denied', 'No user is seeded.');
  return first;
}

function redirectWithCode(
  reply: FastifyReply,
  deps: OAuthDeps,
  request: AuthorizationRequest,
  state: string | null,
): FastifyReply {
  const code = deps.oauth.issueCode(request);
  return reply.redirect(withQuery(request.redirectUri, { code, state, scope: request.scope }), 302);
}

function withQuery(uri: string, values: Record<string, string | null>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(values)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  return at < 0 ? null : { id: decoded.slice(0, at), secret: decoded.slice(at + 1) };
}
