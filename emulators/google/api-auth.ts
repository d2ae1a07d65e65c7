/** Bearer-token check of the Calendar API: 401 authError as Google words it, 403 for scopes. */
import type { FastifyRequest } from 'fastify';
import { authError, insufficientScopes } from './errors.js';
import type { OAuthState } from './oauth-state.js';

/** Every Calendar scope (calendar, calendar.readonly, calendar.events, ...) shares this prefix. */
const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

/**
 * Scopes that let a token change events (Google's `calendar` and `calendar.events`); a token
 * with only read scopes gets 403 on a write, as Google answers.
 */
const WRITE_SCOPES = new Set([
  'https://www.googleapis.com/auth/calendar',
  'https://www.googleapis.com/auth/calendar.events',
]);

function scopesOf(request: FastifyRequest, oauth: OAuthState): { user: string; scopes: string[] } {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const identity = match?.[1] ? oauth.authenticate(match[1]) : null;
  if (!identity) throw authError();
  return { user: identity.user, scopes: identity.scope.split(' ') };
}

/** The seeded user a request acts for. */
export function requireUser(request: FastifyRequest, oauth: OAuthState): string {
  const { user, scopes } = scopesOf(request, oauth);
  if (!scopes.some((s) => s.startsWith(CALENDAR_SCOPE))) throw insufficientScopes();
  return user;
}

/** The seeded user a write acts for, when the token was granted a write scope. */
export function requireWriter(request: FastifyRequest, oauth: OAuthState): string {
  const { user, scopes } = scopesOf(request, oauth);
  if (!scopes.some((s) => WRITE_SCOPES.has(s))) throw insufficientScopes();
  return user;
}
