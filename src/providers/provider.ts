/**
 * The CalendarProvider port: what the sync engine needs from any calendar source. Each provider
 * folder (google, microsoft, exchange, caldav, ics) implements it with the same file set.
 */
import type { CalendarEvent, ProviderKind } from '../domain/event.js';
import type { EventEffect } from '../domain/ical/event-effects.js';

/** Why a provider call failed; jobs decide retries from the kind. */
export type ProviderErrorKind =
  'auth' | 'rate_limit' | 'gone' | 'transient' | 'permanent' | 'invalid_input';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: ProviderKind,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether trying again later can succeed without the user doing anything. */
  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'transient';
  }
}

/** What a provider needs to reach one user's account: the decrypted secrets and plain settings. */
export interface ProviderConnection {
  id: string;
  secrets: Record<string, string>;
  settings: Record<string, unknown>;
  /** Stores secrets the provider renewed (a refreshed or rotated OAuth token), encrypted. */
  saveSecrets?: (secrets: Record<string, string>) => Promise<void>;
  /**
   * The secrets as stored now (null: the connection is gone): another process may have renewed,
   * and rotated, them since `secrets` was read.
   */
  loadSecrets?: () => Promise<Record<string, string> | null>;
}

export interface RemoteCalendar {
  providerCalendarId: string;
  name: string;
  timeZone: string | null;
  isPrimary: boolean;
  /**
   * Listed, but hidden from the user's own list at the provider (Google's "Hide from list"):
   * stored turned off when first seen, so that it is not synced unasked, and never taken for
   * removed while it is listed so.
   */
  hidden?: boolean;
  /**
   * Whose it is, where the list says so and the id does not (others-calendars.ts): Google's
   * accessRole for the account (`owner`, `writer`, `reader`, `freeBusyReader`); the owner's
   * address Graph names (another person's on a calendar they shared in Outlook).
   */
  accessRole?: string;
  ownerAddress?: string;
}

/** A calendar list, and whether the answer showed it whole (see listCalendarsChecked). */
export interface CheckedCalendarList {
  calendars: RemoteCalendar[];
  /**
   * A well-formed, successful answer naming every calendar the account has (CalDAV: a 207
   * multistatus for the home set that names the home set itself, not cut short).
   */
  whole: boolean;
}

/** One event as the provider gave it: the normalised form plus the raw payload for reprocessing. */
export interface ProviderEvent {
  event: CalendarEvent;
  raw: unknown;
  /**
   * The raw payload's JSON text exactly as the provider sent it, when the provider has it: the
   * store keeps this instead of serialising `raw` again.
   */
  rawJson?: string;
  /**
   * The provider id an earlier version stored this event under, when it has since been renamed
   * (an ICS event without a UID, named without its calendar's source before 697e9d8): the store
   * carries the user's decisions on that row over (store/renamed-events.ts).
   */
  formerProviderEventId?: string;
}

/** A problem with part of the source that did not stop the rest from syncing (a broken VEVENT). */
export interface SyncIssue {
  message: string;
  line: number | null;
  providerEventId: string | null;
  /**
   * `providerEventId` names a whole object or series (an ICS UID, a CalDAV href) whose events are
   * stored as that id or as that id followed by `::` (`uid::recurrence-id`, `href::key`): every
   * one of them keeps its stored copy, not only an event stored under the bare id.
   */
  keepsSeries?: boolean;
  /**
   * An ICS file's or feed's issue about one VEVENT: whether that event was left out or kept, and
   * which it is, so that an import counts both exactly (countEventOutcomes).
   */
  effect?: EventEffect;
}

/**
 * One page of changes. `mode: 'snapshot'` pages together list everything the calendar holds in the
 * window, so whatever a finished snapshot did not mention is gone; `mode: 'delta'` pages say only
 * what changed. The engine commits each page with `nextCursor` in one transaction.
 */
export interface SyncPage {
  mode: 'snapshot' | 'delta';
  upserts: ProviderEvent[];
  deletions: string[];
  issues: SyncIssue[];
  /** The cursor to resume from after this page is committed. */
  nextCursor: string | null;
  /** False on the last page of this run. */
  hasMore: boolean;
  /**
   * Set by the engine on the pages of a provider whose snapshots list one window of time: the
   * end of such a snapshot removes only the unlisted events that overlap it. An event that has
   * aged out of the window was not deleted; it stays (with its meeting history) until retention.
   */
  covers?: SyncWindow;
  /**
   * Set by the engine on the pages of a provider whose removals speak for its window only
   * (`removals: 'within window'`): a removal deletes a stored event only when it overlaps this.
   */
  removalsWithin?: SyncWindow;
  /**
   * Set by a provider on a page that only moves the cursor because the source answered the
   * content it answered before (an ICS feed's same body under a new ETag): the issues of the
   * last read are still true of it, so the sync status keeps them.
   */
  sameContent?: true;
}

export interface SyncWindow {
  from: Date;
  to: Date;
}

export interface FetchChangesRequest {
  connection: ProviderConnection;
  calendar: RemoteCalendar;
  /** What the previous run's last committed page returned, or null for a first sync. */
  cursor: string | null;
  window: SyncWindow;
  /**
   * Events that ended before this are past retention (EVENT_RETENTION_DAYS): the engine does not
   * store them, so a listing may leave them out. Absent when every event is kept.
   */
  retainedSince?: Date;
  signal?: AbortSignal;
}

export interface CalendarProvider {
  readonly kind: ProviderKind;
  /**
   * What a snapshot of this provider lists: the events overlapping the request's window (a
   * calendar view, a time-range query, a feed expanded over the window), the events that end
   * after the request's `retainedSince` (a listing bounded below only: Google's), or every event
   * of the calendar (the default). The end of a snapshot removes only unlisted events inside
   * what it lists.
   */
  readonly snapshotsList?: 'window' | 'retained' | 'whole calendar';
  /**
   * What a removal in its pages means: that the event is gone (the default), or only that it is
   * no longer in the window the provider lists, which it also says of an event that aged out of
   * the window or changed outside it (Graph's calendarView delta: "the client filters by its own
   * window"). Then a removal deletes only a stored event that overlaps the window; one outside it
   * stays, with its meeting history, until retention.
   */
  readonly removals?: 'definite' | 'within window';
  /** Lists the calendars the connection can read. */
  listCalendars(connection: ProviderConnection): Promise<RemoteCalendar[]>;
  /**
   * The same list, and whether the provider's answer itself shows it whole. Calendar discovery
   * believes an empty list only then (the account's last calendar was deleted); without this
   * method, or when not whole, an empty list while calendars are stored changes nothing.
   */
  listCalendarsChecked?(connection: ProviderConnection): Promise<CheckedCalendarList>;
  /** Yields pages of changes since `cursor`; yields nothing (or one empty page) when unchanged. */
  fetchChanges(request: FetchChangesRequest): AsyncIterable<SyncPage>;
}

/** Which event a write acts on: the provider's ids, as synced. */
export interface RemoteEventRef {
  providerCalendarId: string;
  providerEventId: string;
}

/**
 * Whom a write acts for: the connection's own account. A decline answers for this address only
 * (never for whoever else the provider marks as the calendar's `self`), and a write is made only
 * on a calendar this account owns.
 */
export interface WriteGuard {
  /** The connection's account address (its Google account, its Microsoft mailbox). */
  account: string;
  /**
   * The event's times as the decision saw them: a write to an event that has moved since is
   * refused ('changed').
   */
  expected?: EventTimes;
}

export type EventTimes = Pick<CalendarEvent, 'start' | 'end' | 'allDay' | 'startDate' | 'endDate'>;

/** Whether the provider's copy, mapped, is still at the expected times (all-day: its dates). */
export function sameTimes(actual: EventTimes, expected: EventTimes): boolean {
  if (actual.allDay || expected.allDay)
    return (
      actual.allDay === expected.allDay &&
      actual.startDate === expected.startDate &&
      actual.endDate === expected.endDate
    );
  return (
    Date.parse(actual.start) === Date.parse(expected.start) &&
    Date.parse(actual.end) === Date.parse(expected.end)
  );
}

export type WriteRefusal = 'not_owner' | 'not_attendee' | 'changed';

/**
 * A write calintel will not make, because the event is not the account's to change (a calendar
 * shared with it, a meeting it is not invited to) or is no longer what the decision was about.
 * Nothing was written.
 */
export class WriteRefused extends Error {
  override readonly name = 'WriteRefused';
  constructor(
    readonly provider: ProviderKind,
    readonly reason: WriteRefusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a provider can do in a user's calendar on their behalf (conflict write-back). Optional:
 * a provider without it (an ICS feed) is read-only, and so is a connection without write scope.
 * Both writes read the event fresh first and throw WriteRefused instead of writing when it is not
 * the account's to change.
 */
export interface EventWriter {
  /** Whether this connection was granted what writing needs. */
  canWrite(connection: ProviderConnection): boolean;
  /** Answers "declined" for `guard.account`, and nobody else, on an event of its own calendar. */
  decline(connection: ProviderConnection, ref: RemoteEventRef, guard: WriteGuard): Promise<void>;
  /**
   * Deletes the account's own event (a hold, organised by the account with nobody else invited)
   * from its own calendar, as the provider holds it now, and only that version of it where the
   * provider supports If-Match. Already deleted counts as done.
   */
  deleteEvent(
    connection: ProviderConnection,
    ref: RemoteEventRef,
    guard: WriteGuard,
  ): Promise<void>;
}

export function isEventWriter(
  provider: CalendarProvider,
): provider is CalendarProvider & EventWriter {
  const candidate = provider as Partial<EventWriter>;
  return typeof candidate.canWrite === 'function' && typeof candidate.decline === 'function';
}
