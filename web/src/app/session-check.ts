/**
 * A tab's copy of the session can go stale: the cookie is shared by the browser's tabs, so
 * signing out, or in as someone else, in one tab changes the session under every other one,
 * while each keeps the user and CSRF token it read.
 */
import type { Session } from '../api/session';

/**
 * `same`: nothing changed. `renewed`: the same user signed in again, so only the CSRF token is
 * new. `changed`: another user, or nobody, is signed in now.
 */
export type SessionCheck = 'same' | 'renewed' | 'changed';

/** How the session the server has now compares with the one the tab holds. */
export function compareSessions(
  held: Session | null | undefined,
  current: Session | null,
): SessionCheck {
  if (!held || !current) return !held && !current ? 'same' : 'changed';
  if (held.user.id !== current.user.id || held.organisation.id !== current.organisation.id)
    return 'changed';
  return held.csrfToken === current.csrfToken ? 'same' : 'renewed';
}
