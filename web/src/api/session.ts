import { ApiError, apiRequest } from './client';

export interface Session {
  user: { id: string; email: string; name: string | null; timeZone: string | null };
  organisation: { id: string; name: string };
  csrfToken: string;
}

/**
 * The signed-in session, or null when there is none. Asked with optional=true: not signed in is
 * then a 204, not a 401, which the browser would log as an error on every sign-in page.
 */
export async function getSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    const session = await apiRequest<Session | undefined>('/auth/session', {
      query: { optional: true },
      signal,
      redirectOnUnauthorized: false,
    });
    return session ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function signIn(email: string, password: string): Promise<Session> {
  return apiRequest<Session>('/auth/sign-in', {
    method: 'POST',
    body: { email, password },
    redirectOnUnauthorized: false,
  });
}

/** Signs out; a session that had already ended counts as signed out. */
export async function signOut(): Promise<void> {
  try {
    await apiRequest<void>('/auth/sign-out', { method: 'POST', redirectOnUnauthorized: false });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
}
