import { QueryClient } from '@tanstack/react-query';
import { ApiError, configureClient } from '../api/client';
import { getSession, type Session } from '../api/session';
import { compareSessions, type SessionCheck } from './session-check';

export const SESSION_KEY = ['session'] as const;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will answer the same the second time; a network blip or a 5xx may not.
        retry: (failures, error) =>
          failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

/** The client reads the CSRF token from the session query, and a 401 forgets the session. */
export function wireClient(queryClient: QueryClient): void {
  configureClient({
    csrfToken: () => queryClient.getQueryData<Session | null>(SESSION_KEY)?.csrfToken ?? null,
    // Forgetting the session sends every protected page to sign-in (see RequireSession).
    onUnauthorized: () => queryClient.setQueryData(SESSION_KEY, null),
    onForbidden: async () => (await recheckSession(queryClient)) === 'renewed',
  });
}

/**
 * Reads the session again, for when another tab may have ended it. When someone else (or
 * nobody) is signed in now, nothing of the old user's may stay on the page: the cache is
 * cleared and the page loaded again, which shows the new user's pages or sign-in.
 */
export async function recheckSession(
  queryClient: QueryClient,
  reload: () => void = () => window.location.reload(),
): Promise<SessionCheck> {
  const current = await getSession();
  const check = compareSessions(queryClient.getQueryData<Session | null>(SESSION_KEY), current);
  if (check === 'changed') {
    queryClient.clear();
    reload();
  } else {
    queryClient.setQueryData(SESSION_KEY, current);
  }
  return check;
}
