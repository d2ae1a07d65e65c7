import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { LIVE_URL, liveVersion } from '../api/live';
import { recheckSession, SESSION_KEY } from './query-client';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * Follows the live stream and refreshes the visible data when the server says something
 * changed. The first version after a connect is only remembered, unless it differs from the
 * one before a reconnect (something changed while the stream was down).
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let lastVersion: string | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryDelay = RETRY_MIN_MS;
    let stopped = false;

    const refresh = () =>
      void queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== SESSION_KEY[0],
      });

    const connect = () => {
      source = new EventSource(LIVE_URL);
      source.onopen = () => {
        retryDelay = RETRY_MIN_MS;
        setState('live');
      };
      source.addEventListener('change', (event) => {
        const version = liveVersion((event as MessageEvent<string>).data);
        if (version === null) return;
        setState('live');
        if (lastVersion !== null && version !== lastVersion) refresh();
        lastVersion = version;
      });
      // The session ended (signed out, perhaps in another tab, and perhaps in again as someone
      // else): the browser would reconnect with whatever cookie it has now, so stop and check.
      source.addEventListener('ended', () => {
        source?.close();
        source = null;
        setState('reconnecting');
        void recheckSession(queryClient).then((check) => {
          if (check !== 'changed' && !stopped) connect();
        }, retryLater);
      });
      source.onerror = () => {
        setState('reconnecting');
        if (source?.readyState !== EventSource.CLOSED) return;
        // The browser gives up on an HTTP error (a 401, a 502 from a proxy): try again later,
        // and check the session, which sends the user to sign-in when it has ended (or shows
        // the new user's pages when another one signed in meanwhile).
        source = null;
        void recheckSession(queryClient).catch(() => undefined);
        retryLater();
      };
    };

    const retryLater = () => {
      if (!stopped) retryTimer = setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [queryClient]);

  return state;
}
