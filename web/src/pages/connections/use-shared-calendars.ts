import { useQuery } from '@tanstack/react-query';
import { listSharedCalendars } from '../../api/exchange-shared';
import { CALENDARS_KEY } from './use-connections';

/**
 * Under the calendars' key, so that whatever refreshes the calendar list (an add, a removal,
 * a calendar ticked off, a disconnect) refreshes this one too.
 */
export function sharedCalendarsKey(connectionId: string) {
  return [...CALENDARS_KEY, 'exchange-shared', connectionId] as const;
}

/** The colleagues' calendars added to one Exchange connection. */
export function useSharedCalendars(connectionId: string) {
  return useQuery({
    queryKey: sharedCalendarsKey(connectionId),
    queryFn: ({ signal }) => listSharedCalendars(connectionId, signal),
  });
}
