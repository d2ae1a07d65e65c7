import { QueryClient } from '@tanstack/react-query';
import { ApiError, configureClient } from '../api/client';
import type { Session } from '../api/session';

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
  });
}
