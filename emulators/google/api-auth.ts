/** Bearer-token check of the Calendar API: 401 authError as Google words it, 403 for scopes. */
import type { FastifyRequest } from 'fastify';
import { authError, insufficientScopes } from './errors.js';
import type { OAuthState } from './oauth-state.js';

/** Every Calendar scope (calendar, calendar.readonly, calendar.events, ...) shares this prefix. */
const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

/** The seeded user a request acts for. */
export function requireUser(request: FastifyRequest, oauth: OAuthState): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const identity = match?.[1] ? oauth.authenticate(match[1]) : null;
  if (!identity) throw authError();
  if (!identity.scope.split(' ').some((s) => s.startsWith(CALENDAR_SCOPE)))
    throw insufficientScopes();
  return identity.user;
}
