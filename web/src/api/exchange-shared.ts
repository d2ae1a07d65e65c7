import { apiRequest, CALENDAR_API } from './client';

/** Another person's Calendar synced through an Exchange connection (an exec's, a team's). */
export interface SharedCalendar {
  /** The calendar as /calendars/ and /sync/status/ list it. */
  calendarId: string;
  connectionId: string;
  /** Whose Calendar it is: the address that was added. */
  ownerEmail: string;
  name: string;
  selected: boolean;
  /** Since when Exchange no longer opens it (the permission withdrawn); null while it does. */
  missingSince: string | null;
}

const sharedPath = (connectionId: string) =>
  `${CALENDAR_API}/providers/exchange/connections/${encodeURIComponent(connectionId)}/shared-calendars/`;

export async function listSharedCalendars(
  connectionId: string,
  signal?: AbortSignal,
): Promise<SharedCalendar[]> {
  const body = await apiRequest<{ items: SharedCalendar[] }>(sharedPath(connectionId), { signal });
  return body.items;
}

/**
 * Adds `email`'s Calendar once Exchange has opened it with the connection's credentials: 404
 * `mailbox_not_found`, 403 `calendar_access_denied` (not shared, or free/busy only), 400 for
 * what is not one address or is the connection's own mailbox.
 */
export function addSharedCalendar(connectionId: string, email: string): Promise<SharedCalendar> {
  return apiRequest<SharedCalendar>(sharedPath(connectionId), {
    method: 'POST',
    body: { email },
  });
}

/** Stops syncing `email`'s Calendar: its events leave calintel (204). */
export function removeSharedCalendar(connectionId: string, email: string): Promise<void> {
  return apiRequest<void>(`${sharedPath(connectionId)}${encodeURIComponent(email)}/`, {
    method: 'DELETE',
  });
}
