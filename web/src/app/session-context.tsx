import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { getSession, type Session } from '../api/session';
import { resolveTimeZone } from '../lib/dates';
import { SESSION_KEY } from './query-client';

interface SessionState {
  session: Session | null;
  loading: boolean;
  error: unknown;
  retry: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => getSession(signal),
    staleTime: 5 * 60_000,
  });

  const { refetch } = query;
  const value = useMemo<SessionState>(
    () => ({
      session: query.data ?? null,
      loading: query.isPending,
      error: query.isError && query.data === undefined ? query.error : null,
      retry: () => void refetch(),
    }),
    [query.data, query.isPending, query.isError, query.error, refetch],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState needs a SessionProvider');
  return state;
}

/** The signed-in session; only inside RequireSession, where there always is one. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession needs a signed-in session');
  return session;
}

/** The zone dates are shown in: the user's, else the browser's. */
export function useTimeZone(): string {
  const { session } = useSessionState();
  const preferred = session?.user.timeZone ?? null;
  return useMemo(() => resolveTimeZone(preferred), [preferred]);
}
