/**
 * The wire shapes the emulator serves, in Google's own field names (reference/events). They are
 * the subset the contract names; unknown fields of a seeded event are kept and echoed as they are,
 * as Google keeps fields this type does not list.
 */

export interface GoogleEventDateTime {
  /** All-day: `yyyy-mm-dd`; the end date is exclusive. */
  date?: string;
  /** RFC 3339; the offset may be left out when timeZone is given. */
  dateTime?: string;
  /** IANA zone; required on recurring masters (it is the zone the series expands in). */
  timeZone?: string;
}

export interface GooglePerson {
  email?: string;
  displayName?: string;
  id?: string;
  self?: boolean;
}

export type ResponseStatus = 'needsAction' | 'declined' | 'tentative' | 'accepted';

export interface GoogleAttendee {
  email?: string;
  displayName?: string;
  id?: string;
  organizer?: boolean;
  self?: boolean;
  resource?: boolean;
  optional?: boolean;
  responseStatus?: ResponseStatus;
  comment?: string;
  additionalGuests?: number;
}

export interface GoogleEntryPoint {
  entryPointType?: 'video' | 'phone' | 'sip' | 'more';
  uri?: string;
  label?: string;
  pin?: string;
  meetingCode?: string;
  passcode?: string;
  regionCode?: string;
}

export interface GoogleConferenceData {
  conferenceId?: string;
  conferenceSolution?: { key?: { type?: string }; name?: string; iconUri?: string };
  entryPoints?: GoogleEntryPoint[];
  notes?: string;
}

export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

export interface GoogleEvent {
  kind?: 'calendar#event';
  etag?: string;
  id: string;
  status?: EventStatus;
  htmlLink?: string;
  created?: string;
  updated?: string;
  summary?: string;
  description?: string;
  location?: string;
  colorId?: string;
  creator?: GooglePerson;
  organizer?: GooglePerson;
  start?: GoogleEventDateTime;
  end?: GoogleEventDateTime;
  endTimeUnspecified?: boolean;
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: GoogleEventDateTime;
  transparency?: 'opaque' | 'transparent';
  visibility?: 'default' | 'public' | 'private' | 'confidential';
  iCalUID?: string;
  sequence?: number;
  attendees?: GoogleAttendee[];
  attendeesOmitted?: boolean;
  hangoutLink?: string;
  conferenceData?: GoogleConferenceData;
  eventType?: string;
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  reminders?: { useDefault?: boolean; overrides?: { method?: string; minutes?: number }[] };
}

/** An event as a seed or the control API gives it: the id and the read-only fields are optional. */
export type GoogleEventInput = Omit<GoogleEvent, 'id'> & { id?: string };

/** A change to an event: fields to set; `null` removes a field (JSON merge patch, RFC 7396). */
export type GoogleEventPatch = { [K in keyof GoogleEvent]?: GoogleEvent[K] | null };

export type AccessRole = 'owner' | 'writer' | 'reader' | 'freeBusyReader';

export interface CalendarInfo {
  id: string;
  summary: string;
  description?: string;
  timeZone: string;
  primary: boolean;
  accessRole: AccessRole;
  /** Hidden from the user's calendar list (Google's "Hide from list"). */
  hidden?: boolean;
  /** The seeded user who sees this calendar. */
  owner: string;
}

export interface GoogleSeedCalendar {
  id: string;
  summary?: string;
  description?: string;
  /** IANA zone; default UTC. */
  timeZone?: string;
  primary?: boolean;
  accessRole?: AccessRole;
  /** Hidden from the user's list: calendarList.list leaves it out unless showHidden=true. */
  hidden?: boolean;
  events?: GoogleEventInput[];
}

export interface GoogleSeedUser {
  email: string;
  name?: string;
  /** Default: one primary calendar whose id is the email, as Google names primary calendars. */
  calendars?: GoogleSeedCalendar[];
}

/** What the emulator starts with: users, their calendars and their events in Google's JSON. */
export interface GoogleSeed {
  users: GoogleSeedUser[];
}
