/**
 * Calendar items as this provider keeps them: plain JSON read out of ews-javascript-api's object
 * model in one place (exchange-read.ts), so that the mapper, the tests and the stored raw
 * payloads never touch the library's loosely typed classes. Names follow types.xsd.
 */

export type EwsItemType = 'Single' | 'Occurrence' | 'Exception' | 'RecurringMaster';

export type EwsResponseType =
  'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';

export type EwsFreeBusy = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';

export interface EwsMailbox {
  email: string;
  name: string | null;
}

export interface EwsAttendee extends EwsMailbox {
  response: EwsResponseType;
}

export type EwsPatternType =
  'Daily' | 'Weekly' | 'AbsoluteMonthly' | 'RelativeMonthly' | 'AbsoluteYearly' | 'RelativeYearly';

export interface EwsPattern {
  type: EwsPatternType;
  /** Daily, Weekly and monthly patterns; yearly ones repeat every year. */
  interval: number;
  /** Sunday..Saturday, or Day, Weekday, WeekendDay (relative patterns). */
  daysOfWeek: string[];
  /** First, Second, Third, Fourth, Last (relative patterns). */
  dayOfWeekIndex: string | null;
  /** Absolute patterns. */
  dayOfMonth: number | null;
  /** Yearly patterns: 1-12. */
  month: number | null;
  /** Weekly: Sunday..Saturday. */
  firstDayOfWeek: string | null;
}

export interface EwsRange {
  type: 'NoEnd' | 'EndDate' | 'Numbered';
  /** `YYYY-MM-DD` in the series' zone. */
  startDate: string;
  /** EndDate: the last day an occurrence may fall on (inclusive), `YYYY-MM-DD`. */
  endDate: string | null;
  numberOfOccurrences: number | null;
}

export interface EwsRecurrence {
  pattern: EwsPattern;
  range: EwsRange;
}

/** A time zone as a TimeZoneDefinition defines it: standard time and its daylight rules. */
export interface EwsTimeZoneDefinition {
  /** Minutes east of UTC in standard time (Berlin: 60; EWS's Bias counts the other way). */
  standardOffset: number;
  /** Daylight-saving rules, oldest first; none for a zone without daylight time. */
  rules: EwsDaylightRule[];
}

export interface EwsDaylightRule {
  /** First and last day (`YYYY-MM-DD`) the rule is in force; null when open. */
  from: string | null;
  until: string | null;
  /** Minutes daylight time adds to standard time. */
  delta: number;
  toDaylight: EwsTransitionTime;
  toStandard: EwsTransitionTime;
}

/** When in the year a change happens: a weekday of a week of the month, or a fixed day. */
export interface EwsTransitionTime {
  /** 1-12. */
  month: number;
  /** Floating rules: week 1-4 of the month or 5 for the last, and day 0 (Sunday) to 6. */
  week: number | null;
  dayOfWeek: number | null;
  /** Fixed rules: the day of the month. */
  day: number | null;
  /** Minutes after midnight, local time before the change; null when not known. */
  time: number | null;
}

/** t:ModifiedOccurrences/t:Occurrence: an exception's id and times (UTC instants). */
export interface EwsOccurrenceInfo {
  id: string;
  start: string;
  end: string;
  originalStart: string;
}

/** What an exception's own GetItem adds to its times: the fields that may differ. */
export interface EwsExceptionFields {
  subject: string | null;
  location: string | null;
  body: string | null;
  isCancelled: boolean;
  freeBusy: EwsFreeBusy | null;
  /** The mailbox owner's own answer to this occurrence (see EwsCalendarItem.myResponse). */
  myResponse?: EwsResponseType | null;
  /**
   * The exception's own people: Exchange keeps them apart from the master's (someone asked or
   * left out for one week, an answer to one occurrence). Absent (payloads read before they were
   * asked for): the master's.
   */
  requiredAttendees?: EwsAttendee[];
  optionalAttendees?: EwsAttendee[];
  resources?: EwsAttendee[];
}

export interface EwsCalendarItem {
  id: string;
  changeKey: string;
  type: EwsItemType;
  subject: string | null;
  body: string | null;
  location: string | null;
  uid: string | null;
  /** UTC instants (`Date#toISOString`); all-day items start at midnight in their zone. */
  start: string;
  end: string;
  isAllDay: boolean;
  /** Windows zone id (`W. Europe Standard Time`), as EWS names it. */
  startTimeZone: string | null;
  /**
   * The zone's definition as StartTimeZone carries it, read only when its id is none a table
   * knows (Exchange names the zone of an invitation from another client `Customized Time Zone`
   * and defines it by its periods and transitions). Absent or null otherwise.
   */
  startTimeZoneDefinition?: EwsTimeZoneDefinition | null;
  /** Why that definition could not be read, when it could not. */
  startTimeZoneProblem?: string | null;
  freeBusy: EwsFreeBusy | null;
  isCancelled: boolean;
  organizer: EwsMailbox | null;
  requiredAttendees: EwsAttendee[];
  optionalAttendees: EwsAttendee[];
  /** Rooms and equipment booked for it (t:Resources); absent in payloads read before. */
  resources?: EwsAttendee[];
  /**
   * MyResponseType: the mailbox owner's own answer. On an invitee's copy the attendee lists need
   * not carry it (the owner's entry may say Unknown while this says Decline). Null: not sent.
   */
  myResponse?: EwsResponseType | null;
  lastModified: string | null;
  sequence: number | null;
  /** RecurringMaster only. */
  recurrence: EwsRecurrence | null;
  modifiedOccurrences: EwsOccurrenceInfo[];
  /** Original starts (UTC instants) of deleted occurrences. */
  deletedOccurrences: string[];
  /** Occurrence and Exception only: the start the pattern gave. */
  originalStart: string | null;
}

/** One entry of a SyncFolderItems batch, with the times EWS sends in the sync's item shape. */
export interface EwsChange {
  kind: 'create' | 'update' | 'delete';
  id: string;
  changeKey: string | null;
  type: EwsItemType | null;
  start: string | null;
  end: string | null;
}

export interface EwsSyncBatch {
  changes: EwsChange[];
  syncState: string;
  /** The inverse of IncludesLastItemInRange. */
  more: boolean;
}

/**
 * An item GetItem could not give: Exchange's error for that item alone (ErrorCorruptData,
 * ErrorInvalidIdMalformed, ...), or an answer that is not a readable calendar item.
 */
export interface EwsItemFailure {
  /** The id that was asked for. */
  id: string;
  /** The EWS response code, when Exchange named one this provider knows. */
  code: string | null;
  message: string;
}
