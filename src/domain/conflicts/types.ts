/**
 * The shapes of conflict detection: the event as conflicts read it (one person's copy of a
 * meeting), the conflicts found, and the suggestions that resolve them.
 */
import type { WordingPart } from './wording.js';

export type ResponseStatus = 'accepted' | 'declined' | 'tentative' | 'needsAction';

export interface ConflictAttendee {
  email: string;
  name?: string | null;
  responseStatus?: ResponseStatus | null;
  optional?: boolean | null;
  resource?: boolean | null;
}

/** What detection knows about the meeting, when it ran. */
export interface MeetingFacts {
  isSalesMeeting: boolean;
  confidence: number;
  meetingType: string | null;
  accountId: string | null;
  /** The account's CRM opportunity stage (contract: prospecting ... closed_lost). */
  accountStage: string | null;
}

export interface ConflictEvent {
  /** Service: the event row id; offline: the input line's id. */
  id: string;
  /**
   * What the copy is known by beyond its row (conflictIdentity of its meeting identity), which a
   * calendar synced again from scratch, a reconnect or a re-import gives again under a new id:
   * conflicts are keyed by it, so a decision on one holds. Absent (offline): the id.
   */
  identity?: string;
  /** Lower-cased email of the person whose calendar holds this copy. */
  owner: string;
  /** Copies of one meeting on two calendars of one person differ here. */
  calendarId: string | null;
  /**
   * The calendar as its owner knows it, for what people read ("Google 'Work'", "ICS calendar
   * 'Mixed'", with the account when two share a name); absent: not named (ids are never shown).
   */
  calendarName?: string | null;
  iCalUid: string | null;
  title: string;
  description: string | null;
  location: string | null;
  conferenceUrl: string | null;
  /** Epoch ms UTC; all-day: midnight of the first day in `timeZone`, end exclusive. */
  start: number;
  end: number;
  allDay: boolean;
  timeZone: string | null;
  status: 'confirmed' | 'tentative' | 'cancelled';
  transparency: 'opaque' | 'transparent';
  organizer: { email: string; name?: string | null } | null;
  attendees: readonly ConflictAttendee[];
  seriesId: string | null;
  /**
   * Recurring instances: the start the rule gave this one (epoch ms), which moving it does not
   * change. Absent or null: its start. With the UID it names one instance of a series.
   */
  originalStart?: number | null;
  meeting: MeetingFacts | null;
  /**
   * False when the copy is on a calendar that is not the owner's own (another person's calendar
   * shared with them): what happens there is advice only, never declined or deleted for them.
   * Absent: the owner's own calendar.
   */
  ownCalendar?: boolean;
}

/** A time range, epoch ms UTC, end exclusive. */
export interface TimeRange {
  start: number;
  end: number;
}

/** A busy range of someone's calendar; the ids let a move ignore the meeting being moved. */
export interface BusyRange extends TimeRange {
  eventId?: string;
  iCalUid?: string | null;
  /** The instance's original start (ConflictEvent.originalStart); absent or null: `start`. */
  originalStart?: number | null;
  /** The owner's own hold (people.ts isReleasableHold): theirs to free, so it blocks no rebooking. */
  hold?: boolean;
}

/** Other people's busy time, for reschedule slots. */
export interface Availability {
  /** Whether this person's calendar is known (else their free time cannot be checked). */
  knows(email: string): boolean;
  /** Busy ranges that intersect [from, to), sorted by start. */
  busy(email: string, from: number, to: number): readonly BusyRange[];
}

export type ConflictKind = 'overlap' | 'travel' | 'duplicate';
export type Severity = 'high' | 'medium' | 'low';

export type SuggestionAction =
  'reschedule' | 'shorten' | 'join_virtually' | 'delegate' | 'decline' | 'merge' | 'release';

export interface Suggestion {
  action: SuggestionAction;
  /** The event the action applies to. */
  eventId: string;
  /** reschedule: the new slot; shorten: the shortened range. */
  to?: TimeRange;
  /** delegate: the internal attendee who could go instead. */
  delegateTo?: string;
  /** delegate: the colleague's name, when the invitation gives one (else people read the email). */
  delegateName?: string;
  /** merge: the copy to keep (eventId is the copy to remove). */
  keepEventId?: string;
  why: string;
  /** `why` with its instants apart, where it names any (reschedule, shorten). */
  whyParts?: WordingPart[];
}

/** How a place in a location text was found (see places.ts). */
export type PlaceSource = 'office' | 'city' | 'airport' | 'coordinates';

export interface Place {
  /** What the place is, in words: "Berlin, Germany", "office Berlin HQ", "LHR (London)". */
  label: string;
  source: PlaceSource;
  lat: number;
  lng: number;
  /** ISO 3166-1 alpha-2, when known. */
  country: string | null;
  /** The office's name when the place is one of the organisation's offices. */
  office: string | null;
  /** exact: a building or airport; city: somewhere in a city (its centre's coordinates). */
  precision: 'exact' | 'city';
  /** What the resolver chose and why, when there was a choice (ambiguous city names). */
  notes: string[];
}

export type TravelMode = 'none' | 'walking' | 'driving' | 'flying';

export interface TravelDetails {
  /** The earlier event's place, the later event's place (null: not known). */
  from: Place | null;
  to: Place | null;
  /** Location texts that could not be placed: reported, never guessed. */
  unknownPlaces: string[];
  distanceKm: number | null;
  mode: TravelMode | null;
  /** Minutes needed (travel and buffer), minutes between the two events. */
  minutesNeeded: number | null;
  minutesAvailable: number;
}

export interface Conflict {
  /**
   * Stable: `${kind}:${owner}:${sorted identities joined by ','}` (conflictKey: the events'
   * identities, else their ids); the service diffs by key.
   */
  key: string;
  kind: ConflictKind;
  owner: string;
  /** Sorted. */
  eventIds: string[];
  /**
   * overlap: the double-booked span, the instants all its events share (latest start to
   * earliest end); travel: the gap between the two events; duplicate: the copies' range.
   */
  start: number;
  end: number;
  severity: Severity;
  reasons: string[];
  /** Ranked, best first. */
  suggestions: Suggestion[];
  autoResolvable: boolean;
  /** Each event's priority (see priority.ts), by id. */
  priorities: Record<string, number>;
  travel?: TravelDetails;
}
