/**
 * The wire shapes the emulator serves, in Microsoft Graph's own field names (resources/event).
 * Unknown fields of a seeded event are kept and echoed, as Graph has many this type leaves out.
 */

/** `dateTime` has no offset (`2026-03-02T09:00:00.0000000`); `timeZone` is Windows or IANA. */
export interface GraphDateTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface GraphEmailAddress {
  name?: string;
  address?: string;
}

export type GraphResponse =
  'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

export interface GraphAttendee {
  emailAddress: GraphEmailAddress;
  type?: 'required' | 'optional' | 'resource';
  status?: { response?: GraphResponse; time?: string };
}

export interface GraphLocation {
  displayName?: string;
  locationType?: string;
  uniqueId?: string;
  uniqueIdType?: string;
  [key: string]: unknown;
}

export type PatternType =
  'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';

export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';

export interface GraphRecurrence {
  pattern: {
    type: PatternType;
    interval?: number;
    daysOfWeek?: string[];
    dayOfMonth?: number;
    month?: number;
    index?: WeekIndex;
    firstDayOfWeek?: string;
  };
  range: {
    type: 'endDate' | 'noEnd' | 'numbered';
    startDate?: string;
    endDate?: string;
    numberOfOccurrences?: number;
    recurrenceTimeZone?: string;
  };
}

export type EventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

/** The fields the emulator reads; anything else a seed gives is kept (see GraphEvent). */
export interface GraphEventFields {
  '@odata.etag'?: string;
  id: string;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  changeKey?: string;
  iCalUId?: string;
  subject?: string;
  bodyPreview?: string;
  body?: { contentType?: 'text' | 'html'; content?: string };
  start: GraphDateTimeZone;
  end: GraphDateTimeZone;
  originalStartTimeZone?: string;
  originalEndTimeZone?: string;
  /** Occurrences and exceptions: the start the series gave them, UTC (`2026-03-02T09:00:00Z`). */
  originalStart?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  isOrganizer?: boolean;
  showAs?: ShowAs;
  type?: EventType;
  seriesMasterId?: string | null;
  responseStatus?: { response?: GraphResponse; time?: string };
  attendees?: GraphAttendee[];
  organizer?: { emailAddress: GraphEmailAddress };
  location?: GraphLocation;
  locations?: GraphLocation[];
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  onlineMeeting?: { joinUrl?: string; conferenceId?: string; tollNumber?: string } | null;
  onlineMeetingUrl?: string | null;
  recurrence?: GraphRecurrence | null;
}

export type GraphEvent = GraphEventFields & { [key: string]: unknown };

/** An event as a seed or the control API gives it: the id and read-only fields are optional. */
export type GraphEventInput = Omit<GraphEventFields, 'id'> & { id?: string } & {
  [key: string]: unknown;
};

/** A change to an event: fields to set; `null` removes a field (JSON merge patch). */
export type GraphEventPatch = { [key: string]: unknown };

export interface CalendarInfo {
  id: string;
  name: string;
  isDefaultCalendar: boolean;
  color: string;
  /** The seeded user (userPrincipalName) whose mailbox holds this calendar. */
  owner: string;
  /**
   * Another person's calendar they shared with the mailbox's user, who added it in Outlook:
   * Graph names them as its `owner`, and its events are theirs (organiser by default).
   */
  sharedBy?: { name: string; address: string };
  /** Graph's canEdit: false for a calendar shared read-only (default true). */
  canEdit?: boolean;
}

export interface GraphSeedCalendar {
  id?: string;
  name?: string;
  isDefaultCalendar?: boolean;
  /** See CalendarInfo.sharedBy: the address of the person whose calendar this is, and name. */
  sharedBy?: { name?: string; address: string };
  canEdit?: boolean;
  events?: GraphEventInput[];
}

export interface GraphSeedUser {
  /** mail, and userPrincipalName unless that is given. */
  email: string;
  /** The sign-in name, when it is not the mail address (many tenants: `lukas.b@x.onmicrosoft.com`). */
  userPrincipalName?: string;
  name?: string;
  /** The directory object id (oid); default a stable GUID derived from the email. */
  id?: string;
  /** Default: one calendar named Calendar, the default one. */
  calendars?: GraphSeedCalendar[];
}

/** What the emulator starts with: one tenant, users, their calendars and events in Graph JSON. */
export interface GraphSeed {
  tenantId?: string;
  users: GraphSeedUser[];
}
