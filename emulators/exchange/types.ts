/**
 * The emulator's data in EWS terms (types.xsd names, camel-cased): mailboxes with their
 * credentials and calendar items. Times are UTC instants as EWS sends them; `timeZone` is the
 * Windows zone id an item was created in, which is the zone its series repeats in.
 */

export type ResponseType =
  'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';

export type FreeBusyStatus = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';

export type PatternType =
  'Daily' | 'Weekly' | 'AbsoluteMonthly' | 'RelativeMonthly' | 'AbsoluteYearly' | 'RelativeYearly';

/** Sunday..Saturday, or Day / Weekday / WeekendDay (relative patterns). */
export type DayOfWeek = string;

export type DayOfWeekIndex = 'First' | 'Second' | 'Third' | 'Fourth' | 'Last';

export interface RecurrencePattern {
  type: PatternType;
  /** Daily, Weekly, *Monthly (default 1). */
  interval?: number;
  /** Weekly: several days; relative patterns: one (Day, Weekday, WeekendDay allowed). */
  daysOfWeek?: DayOfWeek[];
  /** Relative patterns. */
  dayOfWeekIndex?: DayOfWeekIndex;
  /** Absolute patterns. */
  dayOfMonth?: number;
  /** Yearly patterns: January..December. */
  month?: string;
  /** Weekly (Exchange 2010+): default Sunday. */
  firstDayOfWeek?: DayOfWeek;
}

export interface RecurrenceRange {
  type: 'NoEnd' | 'EndDate' | 'Numbered';
  /** `YYYY-MM-DD` in the item's zone; default the date of the item's start. */
  startDate?: string;
  /** EndDate: the last day an occurrence may fall on (inclusive). */
  endDate?: string;
  numberOfOccurrences?: number;
}

export interface Recurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

export interface Person {
  email: string;
  name?: string;
}

export interface Attendee extends Person {
  response?: ResponseType;
  /** ISO instant. */
  lastResponseTime?: string;
}

/**
 * Who an exception invites, when it differs from its series: Exchange keeps an exception's
 * attendees, resources and the owner's answer apart from the master's (someone asked or left out
 * for one week). A list not given follows the master.
 */
export interface OccurrencePeople {
  requiredAttendees?: Attendee[];
  optionalAttendees?: Attendee[];
  resources?: Attendee[];
  myResponseType?: ResponseType;
}

/** An instance of a series whose times or fields differ from what the pattern gives. */
export interface ModifiedOccurrence extends OccurrencePeople {
  /** ISO instant the pattern gives (the occurrence's OriginalStart / RecurrenceId). */
  originalStart: string;
  start: string;
  end: string;
  subject?: string;
  location?: string;
}

export interface CalendarItemInput {
  id?: string;
  /** The id of the calendar folder it is in; default the mailbox's Calendar. */
  folderId?: string;
  subject?: string;
  body?: string;
  location?: string;
  /** ISO instants (an offset is allowed; stored as UTC). */
  start: string;
  end: string;
  /** Windows zone id, e.g. `W. Europe Standard Time`; default the mailbox's zone. */
  timeZone?: string;
  /**
   * The Id StartTimeZone and EndTimeZone carry instead of `timeZone`'s own, with `timeZone`'s
   * full definition (both periods and the yearly transitions between them): Exchange names the
   * zone of an invitation from another client `Customized Time Zone` and defines it this way.
   */
  timeZoneId?: string;
  isAllDay?: boolean;
  /** iCalendar UID; default one derived from the id. */
  uid?: string;
  organizer?: Person;
  requiredAttendees?: Attendee[];
  optionalAttendees?: Attendee[];
  /** Rooms and equipment booked for the meeting (t:Resources), apart from the attendees. */
  resources?: Attendee[];
  /** The mailbox owner's own response; default Organizer when they organise, else Unknown. */
  myResponseType?: ResponseType;
  legacyFreeBusyStatus?: FreeBusyStatus;
  isCancelled?: boolean;
  recurrence?: Recurrence;
  modifiedOccurrences?: ModifiedOccurrence[];
  /** Original starts (ISO instants) of deleted occurrences. */
  deletedOccurrences?: string[];
}

/** A change through the control API: fields to set (times as ISO instants). */
export type CalendarItemPatch = Partial<Omit<CalendarItemInput, 'id'>>;

export interface MailboxSeed {
  /** Primary SMTP address; also the mailbox's name in the control API. */
  email: string;
  name?: string;
  /** Logon name for Basic and NTLM (`alice`, `CONTOSO\alice` or the email all work). */
  username?: string;
  password: string;
  /** NetBIOS domain for NTLM; default CONTOSO. */
  domain?: string;
  /** Bearer tokens accepted for this mailbox (JWT-shaped: ews-javascript-api insists). */
  tokens?: string[];
  /** Windows zone id of the mailbox; default UTC. */
  timeZone?: string;
  /** Calendar folders besides the Calendar, made before the items (which may name them). */
  folders?: CalendarFolderInput[];
  items?: CalendarItemInput[];
  /** Who may open this mailbox's Calendar, and how far (delegates.ts). */
  delegates?: DelegateGrant[];
}

/**
 * A permission on a mailbox's Calendar given to another mailbox: `reviewer` reads its items
 * (delegate or folder permission Reviewer and up); `freeBusy` sees only when it is busy
 * (Outlook's "Can view when I'm busy"): the folder opens and a calendar view shows times and
 * free/busy status, but its items cannot be read or synced.
 */
export interface DelegateGrant {
  email: string;
  level: DelegateLevel;
}

export type DelegateLevel = 'reviewer' | 'freeBusy';

/** A calendar folder to make (or another class of folder, to have one that is no calendar). */
export interface CalendarFolderInput {
  /** Default: an id derived from the mailbox and the name. */
  id?: string;
  displayName: string;
  /** The parent folder's id, or `calendar` / `msgfolderroot`; default `calendar`. */
  parent?: string;
  /** Default IPF.Appointment. */
  folderClass?: string;
}

export interface ExchangeSeed {
  mailboxes: MailboxSeed[];
}
