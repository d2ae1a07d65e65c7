import { useQuery } from '@tanstack/react-query';
import { listCalendars, listProviders, listSyncStatus } from '../../api/providers';
import { anySyncing, buildConnectionViews, type ConnectionView } from './connection-views';

export const PROVIDERS_KEY = ['providers'] as const;
export const CALENDARS_KEY = ['calendars'] as const;
export const SYNC_STATUS_KEY = ['sync-status'] as const;

/** Everything the connections page shows, asked for together and read as one. */
export function useConnections() {
  const providers = useQuery({
    queryKey: PROVIDERS_KEY,
    queryFn: ({ signal }) => listProviders(signal),
  });
  const calendars = useQuery({
    queryKey: CALENDARS_KEY,
    queryFn: ({ signal }) => listCalendars(signal),
  });
  const status = useQuery({
    queryKey: SYNC_STATUS_KEY,
    queryFn: ({ signal }) => listSyncStatus(signal),
    // A running sync says nothing when it ends: look again until it has.
    refetchInterval: (query) => (anySyncing(query.state.data) ? 3_000 : false),
  });

  const queries = [providers, calendars, status];
  const error = queries.find((q) => q.isError)?.error ?? null;
  const views: ConnectionView[] | undefined =
    providers.data && calendars.data && status.data
      ? buildConnectionViews(providers.data, calendars.data, status.data)
      : undefined;

  return {
    providers: providers.data,
    views,
    loading: queries.some((q) => q.isPending),
    error,
    retry: () => {
      for (const q of queries) if (q.isError) void q.refetch();
    },
  };
}
