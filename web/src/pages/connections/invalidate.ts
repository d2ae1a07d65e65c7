import type { QueryClient } from '@tanstack/react-query';
import { CALENDARS_KEY, PROVIDERS_KEY, SYNC_STATUS_KEY } from './use-connections';

/** A connection came or went: everything that lists connections or calendars is out of date. */
export function refreshConnections(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY }),
    queryClient.invalidateQueries({ queryKey: CALENDARS_KEY }),
    queryClient.invalidateQueries({ queryKey: SYNC_STATUS_KEY }),
  ]);
}
