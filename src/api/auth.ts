/**
 * Who is calling: an integration with a bearer API token, or the dashboard with a session cookie.
 * A cookie is sent by the browser on its own, so a request that changes something must also
 * carry the session's CSRF token in a header, which another site's page cannot set.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
// Brings request.cookies and reply.setCookie into the types; the plugin is registered in server.ts.
import type {} from '@fastify/cookie';
import { AppError } from '../domain/errors.js';
import type { ApiDeps, Caller } from './api-deps.js';
import type { AuthFailureLimiter } from './auth-failures.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export const SESSION_COOKIE = 'calintel_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function sessionToken(request: FastifyRequest): string | null {
  return request.cookies?.[SESSION_COOKIE] || null;
}

/**
 * Authenticates every request of the scope it is added to. An address that failed too often
 * gets 429 (with Retry-After) before any lookup, until its window ends (auth-failures.ts).
 */
export function authenticateHook(deps: ApiDeps, failures: AuthFailureLimiter) {
  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (token) {
      const caller = await deps.authenticate(token);
      if (!caller) throw new AppError('unauthorized', 'invalid, expired or revoked API token');
      request.caller = caller;
      return;
    }
    const cookie = sessionToken(request);
    if (!cookie)
      throw new AppError(
        'unauthorized',
        'missing bearer token: send "Authorization: Bearer <token>" (or sign in to the dashboard)',
      );
    const session = await deps.web.session(cookie);
    if (!session) throw new AppError('unauthorized', 'your session has ended: sign in again');
    if (!SAFE_METHODS.has(request.method))
      requireCsrfToken(request.headers[CSRF_HEADER], session.view.csrfToken);
    request.caller = session.caller;
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const credential = bearerToken(request) ?? sessionToken(request);
    const retryAfter = failures.retryAfter(request.ip, credential);
    if (retryAfter !== null) throw tooManyFailures(reply, retryAfter);
    try {
      await authenticate(request);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') failures.failed(request.ip);
      throw error;
    }
    if (credential !== null) failures.succeeded(credential);
  };
}

/** The 429 for an address that failed to authenticate too often; sets Retry-After. */
export function tooManyFailures(reply: FastifyReply, retryAfter: number): AppError {
  void reply.header('retry-after', String(retryAfter));
  return new AppError(
    'rate_limited',
    `too many failed authentications from this address; retry in ${retryAfter} seconds`,
  );
}

export function requireCsrfToken(sent: string | string[] | undefined, expected: string): void {
  const value = typeof sent === 'string' ? Buffer.from(sent) : Buffer.alloc(0);
  const wanted = Buffer.from(expected);
  if (value.length !== wanted.length || !timingSafeEqual(value, wanted))
    throw new AppError(
      'forbidden',
      'missing or wrong X-CSRF-Token header: a signed-in page sends its session CSRF token',
    );
}

/** The authenticated caller; routes behind the hook always have one. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('unauthorized', 'not authenticated');
  return request.caller;
}
