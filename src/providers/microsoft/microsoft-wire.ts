/**
 * Microsoft Graph's wire shapes as calintel reads them (resources/event, resources/calendar): only
 * the fields used, all optional, because Graph leaves out what an item does not have.
 */

/** `dateTime` has no offset (`2026-03-02T09:00:00.0000000`); `timeZone` is Windows or IANA. */
export interface GraphDateTimeZone {
  dateTime?: string;
  timeZone?: string;
}

export interface GraphEmailAddress {
  name?: string | null;
  address?: string | null;
}

export interface GraphAttendee {
  emailAddress?: GraphEmailAddress | null;
  type?: 'required' | 'optional' | 'resource' | string;
  status?: { response?: string | null; time?: string | null } | null;
}

export interface GraphEvent {
  id?: string;
  '@odata.etag'?: string;
  '@removed'?: { reason?: string };
  iCalUId?: string | null;
  subject?: string | null;
  body?: { contentType?: 'text' | 'html' | string; content?: string | null } | null;
  bodyPreview?: string | null;
  start?: GraphDateTimeZone | null;
  end?: GraphDateTimeZone | null;
  originalStartTimeZone?: string | null;
  originalEndTimeZone?: string | null;
  /** Occurrences and exceptions: the start the series gave them, UTC. */
  originalStart?: string | null;
  isAllDay?: boolean | null;
  isCancelled?: boolean | null;
  showAs?: string | null;
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster' | string | null;
  seriesMasterId?: string | null;
  responseStatus?: { response?: string | null; time?: string | null } | null;
  attendees?: GraphAttendee[] | null;
  organizer?: { emailAddress?: GraphEmailAddress | null } | null;
  location?: { displayName?: string | null } | null;
  locations?: { displayName?: string | null }[] | null;
  isOnlineMeeting?: boolean | null;
  onlineMeetingProvider?: string | null;
  onlineMeeting?: { joinUrl?: string | null } | null;
  onlineMeetingUrl?: string | null;
  changeKey?: string | null;
  lastModifiedDateTime?: string | null;
}

export interface GraphCalendar {
  id: string;
  name: string;
  isDefaultCalendar: boolean;
  canEdit: boolean;
  ownerEmail: string | null;
}

/** The calendars of a `/me/calendars` page; entries without an id are skipped. */
export function readCalendars(value: unknown): GraphCalendar[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const c = entry as Record<string, unknown>;
    if (typeof c.id !== 'string' || !c.id) return [];
    const owner = c.owner as { address?: unknown } | undefined;
    return [
      {
        id: c.id,
        name: typeof c.name === 'string' && c.name ? c.name : 'Calendar',
        isDefaultCalendar: c.isDefaultCalendar === true,
        canEdit: c.canEdit === true,
        ownerEmail: typeof owner?.address === 'string' ? owner.address.toLowerCase() : null,
      },
    ];
  });
}
