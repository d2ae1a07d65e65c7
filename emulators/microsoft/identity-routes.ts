/**
 * The identity platform's endpoints at Microsoft's paths, for any tenant segment (`common`,
 * `organizations`, a tenant id or domain): OIDC discovery, the JWKS, instance discovery, authorize
 * (with a consent form for demos), and the token endpoint with the code and refresh grants.
 * Only the authority's host differs from production.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentPage } from './consent-page.js';
import type { EmulatorContext } from './context.js';
import { AadError, AuthorizePageError } from './errors.js';
import { resourceScopes, type AuthorizationRequest } from './identity-state.js';
import type { SeededUser } from './state.js';

type Form = Record<string, string | undefined>;
type TenantParams = { Params: { tenant: string } };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerIdentityRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<TenantParams>('/:tenant/v2.0/.well-known/openid-configuration', async (request) =>
    openIdConfiguration(ctx, checkTenant(ctx, request.params.tenant)),
  );
  app.get<TenantParams>('/:tenant/discovery/v2.0/keys', async () =>
    ctx.key.jwks(`${ctx.baseUrl()}/${ctx.state.tenantId}/v2.0`),
  );
  app.get<TenantParams>('/:tenant/discovery/instance', async (request) => {
    const host = new URL(ctx.baseUrl()).host;
    return {
      tenant_discovery_endpoint: `${ctx.baseUrl()}/${request.params.tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });

  app.get<TenantParams>('/:tenant/oauth2/v2.0/authorize', async (request, reply) => {
    const params = new URL(request.url, 'https://emulator').searchParams;
    const tenant = checkTenant(ctx, request.params.tenant);
    const auth = readAuthorization(ctx, params);
    const user = pickUser(ctx, params.get('login_hint'));
    if (ctx.settings.consent === 'form') {
      const action = `/${tenant}/oauth2/v2.0/authorize/consent`;
      const users = [...ctx.state.users.values()];
      return reply
        .type('text/html; charset=utf-8')
        .send(consentPage(action, params, users, user.email));
    }
    return redirectWithCode(ctx, reply, { ...auth, user }, params);
  });

  app.post<TenantParams>('/:tenant/oauth2/v2.0/authorize/consent', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const params = new URLSearchParams(
      Object.entries(form).flatMap(([k, v]): [string, string][] =>
        v === undefined || k === 'decision' || k === 'user' ? [] : [[k, v]],
      ),
    );
    checkTenant(ctx, request.params.tenant);
    const auth = readAuthorization(ctx, params);
    if (form.decision !== 'accept') {
      return reply.redirect(
        withQuery(auth.redirectUri, {
          error: 'access_denied',
          error_description: 'AADSTS65004: User declined to consent to access the app.',
          state: params.get('state'),
        }),
        302,
      );
    }
    return redirectWithCode(
      ctx,
      reply,
      { ...auth, user: pickUser(ctx, form.user ?? null) },
      params,
    );
  });

  app.post<TenantParams>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    checkTenant(ctx, request.params.tenant);
    const form = (request.body ?? {}) as Form;
    const basic = basicCredentials(request.headers.authorization);
    ctx.identity.checkClient(form.client_id ?? basic?.id, form.client_secret ?? basic?.secret);
    const grantType = form.grant_type;
    if (grantType === 'authorization_code')
      return reply.send(
        ctx.identity.exchangeCode({
          code: form.code,
          redirectUri: form.redirect_uri,
          codeVerifier: form.code_verifier,
          scope: form.scope,
        }),
      );
    if (grantType === 'refresh_token')
      return reply.send(ctx.identity.refresh(form.refresh_token, form.scope));
    throw new AadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  });
}

/** The tenant segment as given; a GUID other than the seeded tenant's is unknown. */
function checkTenant(ctx: EmulatorContext, tenant: string): string {
  if (GUID.test(tenant) && tenant.toLowerCase() !== ctx.state.tenantId)
    throw new AadError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
  return tenant;
}

/** What login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration holds. */
function openIdConfiguration(ctx: EmulatorContext, tenant: string): Record<string, unknown> {
  const base = `${ctx.baseUrl()}/${tenant}`;
  const multi = ['common', 'organizations', 'consumers'].includes(tenant.toLowerCase());
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${ctx.baseUrl()}/${multi ? '{tenantid}' : ctx.state.tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.baseUrl()}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'email',
      'oid',
    ],
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(ctx.baseUrl()).host,
    rbac_url: 'https://pas.windows.net',
  };
}

/** Checks an authorization request as Microsoft's page does; problems are HTML pages. */
function readAuthorization(
  ctx: EmulatorContext,
  params: URLSearchParams,
): Omit<AuthorizationRequest, 'user'> {
  const clientId = params.get('client_id') ?? '';
  if (clientId !== ctx.identity.client.clientId)
    throw new AuthorizePageError(
      700016,
      `Application with identifier '${clientId}' was not found in the directory.`,
    );
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!isRedirectAllowed(redirectUri, ctx.redirectUris))
    throw new AuthorizePageError(
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
    );
  if (params.get('response_type') !== 'code')
    throw new AuthorizePageError(
      700054,
      "response_type 'id_token' is not enabled for the application.",
    );
  const scope = resourceScopes(params.get('scope') ?? '');
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method') ?? 'plain';
  if (challenge && method !== 'S256' && method !== 'plain')
    throw new AuthorizePageError(501491, `Invalid code_challenge_method: ${method}`);
  return {
    tenantId: ctx.state.tenantId,
    redirectUri,
    scope: scope.length ? scope : ['User.Read'],
    ...(challenge
      ? { codeChallenge: challenge, codeChallengeMethod: method as 'S256' | 'plain' }
      : {}),
    ...(params.get('nonce') ? { nonce: params.get('nonce') ?? '' } : {}),
  };
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

/** login_hint when it names a seeded user (mail or sign-in name), else the first seeded user. */
function pickUser(ctx: EmulatorContext, hint: string | null): SeededUser {
  const key = hint?.toLowerCase();
  const hinted = key
    ? (ctx.state.users.get(key) ??
      [...ctx.state.users.values()].find((u) => u.userPrincipalName === key))
    : undefined;
  const user = hinted ?? ctx.state.users.values().next().value;
  if (!user) throw new AuthorizePageError(50020, 'No user is seeded.');
  return user;
}

function redirectWithCode(
  ctx: EmulatorContext,
  reply: FastifyReply,
  request: AuthorizationRequest,
  params: URLSearchParams,
): FastifyReply {
  const code = ctx.identity.issueCode(request);
  const clientInfo = Buffer.from(
    JSON.stringify({ uid: request.user.id, utid: request.tenantId }),
  ).toString('base64url');
  return reply.redirect(
    withQuery(request.redirectUri, {
      code,
      state: params.get('state'),
      ...(params.get('client_info') === '1' ? { client_info: clientInfo } : {}),
      session_state: request.user.id,
    }),
    302,
  );
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
  return at < 0
    ? null
    : {
        id: decodeURIComponent(decoded.slice(0, at)),
        secret: decodeURIComponent(decoded.slice(at + 1)),
      };
}
