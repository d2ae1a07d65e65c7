/** Bearer-token check of the Graph API: 401 InvalidAuthenticationToken as Graph words it. */
import type { FastifyRequest } from 'fastify';
import { accessDenied, invalidToken } from './errors.js';
import type { IdentityState } from './identity-state.js';
import type { SeededUser } from './state.js';

/** The seeded user behind the request's token (any scope: /me is open to every token here). */
export function requireUser(request: FastifyRequest, identity: IdentityState): SeededUser {
  return authenticated(request, identity).user;
}

/** The user of a request that reads calendars: the token needs a Calendars.* scope. */
export function requireCalendarReader(
  request: FastifyRequest,
  identity: IdentityState,
): SeededUser {
  const { user, scope } = authenticated(request, identity);
  if (!scope.some((s) => /^calendars\./i.test(s))) throw accessDenied();
  return user;
}

function authenticated(request: FastifyRequest, identity: IdentityState) {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw invalidToken('Access token is empty.');
  const found = identity.authenticate(match[1]);
  if (!found) throw invalidToken('IDX14100: JWT is not well formed, there are no dots (.).');
  if (found.expired) throw invalidToken('Lifetime validation failed, the token is expired.');
  return found;
}

/** The bearer token's user without failing: for the concurrency count and fault routing. */
export function userOf(request: FastifyRequest, identity: IdentityState): SeededUser | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ? (identity.authenticate(match[1])?.user ?? null) : null;
}
