/** Bearer API tokens: every /api/v1 route needs one; the caller's scope rides on the request. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import type { ApiDeps, Caller } from './api-deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function authenticateHook(deps: ApiDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (!token)
      throw new AppError(
        'unauthorized',
        'missing bearer token: send "Authorization: Bearer <token>"',
      );
    const caller = await deps.authenticate(token);
    if (!caller) throw new AppError('unauthorized', 'invalid, expired or revoked API token');
    request.caller = caller;
  };
}

/** The authenticated caller; routes behind the hook always have one. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('unauthorized', 'not authenticated');
  return request.caller;
}
