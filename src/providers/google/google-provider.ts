/**
 * Google Calendar behind the CalendarProvider port. A first sync (or one after Google answered
 * 410) lists the whole calendar as a snapshot, so the engine removes whatever did not come back;
 * later syncs ask for the changes since the sync token of the last page.
 */
import { isProviderResource, mailboxKey } from '../../domain/matching/addresses.js';
import {
  ProviderError,
  WriteRefused,
  type CalendarProvider,
  type EventWriter,
  type FetchChangesRequest,
  type ProviderConnection,
  type ProviderEvent,
  type RemoteCalendar,
  type RemoteEventRef,
  type SyncIssue,
  type SyncPage,
  type WriteGuard,
  sameTimes,
} from '../provider.js';
import type { calendar_v3 } from '@googleapis/calendar';
import { canWriteEvents } from './google-client.js';
import type { GoogleClient, GoogleTokens, ListEventsRequest } from './google-client.js';
import { isFullSyncRequired, isUnauthorized } from './google-errors.js';
import { isRemoval, mapGoogleEvent, type GoogleEvent } from './google-mapper.js';
import { TokenKeeper } from './google-tokens.js';

export interface GoogleProviderOptions {
  /** events.list maxResults; Google allows up to 2500. */
  pageSize?: number;
  now?: () => number;
}

/** Calendars Google names itself (shared, imported, holidays, rooms), not a person's address. */
const GOOGLE_CALENDAR_IDS = /@([a-z0-9-]+\.)*calendar\.google\.com$/i;

interface GoogleCursor {
  syncToken: string;
}

export class GoogleProvider implements CalendarProvider, EventWriter {
  readonly kind = 'google' as const;
  // A full listing asks only for events that end after the retention cutoff (timeMin): what it
  // does not list from then on is gone; older events are retention's to remove.
  readonly snapshotsList = 'retained' as const;
  readonly tokens: TokenKeeper;
  private readonly pageSize: number;

  constructor(
    readonly client: GoogleClient,
    options: GoogleProviderOptions = {},
  ) {
    this.tokens = new TokenKeeper(client, options.now);
    this.pageSize = options.pageSize ?? 2500;
  }

  async listCalendars(connection: ProviderConnection): Promise<RemoteCalendar[]> {
    const entries = await this.withTokens(connection, (tokens) =>
      this.client.listCalendars(tokens),
    );
    return entries
      .filter((entry) => entry.id && !entry.deleted)
      .map((entry) => ({
        providerCalendarId: entry.id ?? '',
        name: entry.summaryOverride ?? entry.summary ?? entry.id ?? 'Calendar',
        timeZone: entry.timeZone ?? null,
        isPrimary: entry.primary === true,
        ...(entry.hidden === true ? { hidden: true } : {}),
        ...(entry.accessRole ? { accessRole: entry.accessRole } : {}),
      }));
  }

  async *fetchChanges(request: FetchChangesRequest): AsyncGenerator<SyncPage> {
    const syncToken = readCursor(request.cursor);
    if (syncToken) {
      const progress = { snapshotStarted: false };
      try {
        yield* this.pages(request, 'delta', syncToken, progress);
        return;
      } catch (error) {
        // The token expired or Google dropped it: list everything again, as a snapshot. Not
        // when the snapshot a deleted series asked for had begun (pages): its pages are already
        // the engine's, and a second listing after them would be taken for the same snapshot,
        // keeping what the first listed before a change. The run fails; the next starts over.
        if (!isFullSyncRequired(error) || progress.snapshotStarted) throw error;
      }
    }
    yield* this.pages(request, 'snapshot', null);
  }

  /**
   * Pages of one listing. Only the last page carries a cursor: a page token is not worth keeping
   * (it is bound to the listing that made it), so a run cut short starts again from the last
   * sync token, and re-applying changes already stored is a no-op.
   */
  private async *pages(
    request: FetchChangesRequest,
    mode: SyncPage['mode'],
    syncToken: string | null,
    progress: { snapshotStarted: boolean } = { snapshotStarted: false },
  ): AsyncGenerator<SyncPage> {
    const checkedSeries = new Set<string>();
    const owner = selfOwnerOf(request.connection, request.calendar);
    let pageToken: string | undefined;
    do {
      const listing: ListEventsRequest = {
        calendarId: request.calendar.providerCalendarId,
        maxResults: this.pageSize,
        ...(syncToken ? { syncToken } : {}),
        // Google refuses timeMin beside a sync token; every page of a listing repeats it.
        ...(!syncToken && request.retainedSince
          ? { timeMin: request.retainedSince.toISOString() }
          : {}),
        ...(pageToken ? { pageToken } : {}),
      };
      const data = await this.withTokens(request.connection, (tokens) =>
        this.client.listEvents(tokens, listing, request.signal),
      );
      pageToken = data.nextPageToken ?? undefined;
      const last = !pageToken;
      if (last && !data.nextSyncToken)
        throw new Error('Google ended a listing without a sync token');
      const sorted = sortItems(data.items ?? [], data.itemTexts, request.calendar.timeZone, owner);
      if (mode === 'delta' && (await this.deletesSeries(request, data.items, checkedSeries))) {
        // Google reports a deleted series as cancelled instances only about six months ahead
        // (googleapis/google-api-ruby-client#860), while the listing that stored it expanded it
        // further: only a full listing removes the rest. This page goes without a cursor, so a
        // run cut short before the listing ends does all this again.
        yield { mode, ...sorted, nextCursor: null, hasMore: true };
        progress.snapshotStarted = true;
        yield* this.pages(request, 'snapshot', null);
        return;
      }
      yield {
        mode,
        ...sorted,
        nextCursor: last ? writeCursor({ syncToken: data.nextSyncToken ?? '' }) : null,
        hasMore: !last,
      };
    } while (pageToken);
  }

  /**
   * Whether a delta's cancelled instances include one of a series deleted whole: its master is
   * cancelled or gone. A cancelled instance of a series that lives on is only itself. Each series
   * is asked about once per run (`checked`).
   */
  private async deletesSeries(
    request: FetchChangesRequest,
    items: GoogleEvent[] | undefined,
    checked: Set<string>,
  ): Promise<boolean> {
    for (const seriesId of cancelledSeriesOf(items ?? [])) {
      if (checked.has(seriesId)) continue;
      checked.add(seriesId);
      const target = { calendarId: request.calendar.providerCalendarId, eventId: seriesId };
      const master = await this.withTokens(request.connection, (tokens) =>
        this.client.getEvent(tokens, target),
      ).catch((error: unknown) => {
        if (error instanceof ProviderError && error.kind === 'gone') return null;
        throw error;
      });
      if (!master || master.status === 'cancelled') return true;
    }
    return false;
  }

  canWrite(connection: ProviderConnection): boolean {
    return canWriteEvents(connection.secrets.scope ?? '');
  }

  /**
   * Declines for the connection's account only, on a calendar it owns: the attendee whose
   * address is the account's (case, dots and +tags as one mailbox), never whoever Google marks
   * `self`, which on a calendar shared with the account is that calendar's owner. The event is
   * read fresh, refused if it moved or was cancelled, and its attendee list sent back whole with
   * just that answer changed, as of the version read (If-Match), so nobody else's answer is
   * overwritten by a stale copy.
   */
  async decline(
    connection: ProviderConnection,
    ref: RemoteEventRef,
    guard: WriteGuard,
  ): Promise<void> {
    const calendar = await this.requireOwnCalendar(connection, ref, guard);
    const target = { calendarId: ref.providerCalendarId, eventId: ref.providerEventId };
    const event = await this.withTokens(connection, (tokens) =>
      this.client.getEvent(tokens, target),
    );
    if (event.status === 'cancelled')
      throw new WriteRefused('google', 'changed', 'the meeting was cancelled meanwhile');
    requireTimes(event, calendar, guard);
    const key = mailboxKey(guard.account);
    const attendees = event.attendees ?? [];
    // On the account's primary calendar, Google marks the account's own entry `self`, whatever
    // address the invitation went to (an alias); elsewhere only the address says who is who.
    const mine =
      (calendar.primary === true ? attendees.find((a) => a.self === true) : undefined) ??
      attendees.find((a) => !!a.email && mailboxKey(a.email) === key);
    if (!mine)
      throw new WriteRefused(
        'google',
        'not_attendee',
        `${guard.account} is not invited to this event, so there is no answer of theirs to decline`,
      );
    const answered = attendees.map((a) => (a === mine ? { ...a, responseStatus: 'declined' } : a));
    await this.withTokens(connection, (tokens) =>
      this.client.patchAttendees(tokens, target, answered, event.etag),
    );
  }

  /**
   * Deletes the account's own hold from its own calendar, as Google holds it now: organised by
   * the account (or by the calendar itself), nobody else invited, at the expected times; the
   * delete names the version read (If-Match). Already deleted counts as done.
   */
  async deleteEvent(
    connection: ProviderConnection,
    ref: RemoteEventRef,
    guard: WriteGuard,
  ): Promise<void> {
    const calendar = await this.requireOwnCalendar(connection, ref, guard);
    const target = { calendarId: ref.providerCalendarId, eventId: ref.providerEventId };
    const event = await this.withTokens(connection, (tokens) =>
      this.client.getEvent(tokens, target),
    ).catch((error: unknown) => {
      if (error instanceof ProviderError && error.kind === 'gone') return null;
      throw error;
    });
    if (!event || event.status === 'cancelled') return;
    const key = mailboxKey(guard.account);
    const organizer = event.organizer;
    const organisedHere =
      !organizer ||
      (!!organizer.email && mailboxKey(organizer.email) === key) ||
      (organizer.self === true && organizer.email === ref.providerCalendarId);
    if (!organisedHere)
      throw new WriteRefused(
        'google',
        'not_owner',
        `the event is organised by ${organizer.email ?? 'someone else'}, not ${guard.account}: calintel deletes only your own holds`,
      );
    const others = (event.attendees ?? []).filter(
      (a) =>
        a.resource !== true &&
        !!a.email &&
        mailboxKey(a.email) !== key &&
        a.email !== ref.providerCalendarId,
    );
    if (others.length > 0)
      throw new WriteRefused(
        'google',
        'changed',
        `the event now has other attendees (${others.map((a) => a.email).join(', ')}): it is no longer your own hold`,
      );
    requireTimes(event, calendar, guard);
    await this.withTokens(connection, (tokens) =>
      this.client.deleteEvent(tokens, target, event.etag),
    );
  }

  /**
   * Writes go only to a calendar the account owns: its primary calendar, or one it has the owner
   * role on that is not another person's calendar (whose id is that person's address).
   */
  private async requireOwnCalendar(
    connection: ProviderConnection,
    ref: RemoteEventRef,
    guard: WriteGuard,
  ): Promise<calendar_v3.Schema$CalendarListEntry> {
    const entries = await this.withTokens(connection, (tokens) =>
      this.client.listCalendars(tokens),
    );
    const entry = entries.find((e) => e.id === ref.providerCalendarId && !e.deleted);
    if (entry?.primary === true) return entry;
    const calendarKey = mailboxKey(ref.providerCalendarId);
    const someoneElses =
      calendarKey !== null &&
      !GOOGLE_CALENDAR_IDS.test(ref.providerCalendarId) &&
      calendarKey !== mailboxKey(guard.account);
    if (entry?.accessRole === 'owner' && !someoneElses) return entry;
    throw new WriteRefused(
      'google',
      'not_owner',
      `calendar ${ref.providerCalendarId} is not ${guard.account}'s own${
        entry?.accessRole ? ` (it is shared with them as ${entry.accessRole})` : ''
      }: calintel writes only to your own calendars`,
    );
  }

  /** Runs a call with fresh tokens; a 401 gets one forced refresh and one more try. */
  private async withTokens<T>(
    connection: ProviderConnection,
    call: (tokens: GoogleTokens) => Promise<T>,
  ): Promise<T> {
    const tokens = await this.tokens.fresh(connection);
    try {
      return await call(tokens);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      return call(await this.tokens.forceRefresh(connection));
    }
  }
}

/** Refuses a write to an event Google now has at other times than the decision saw. */
function requireTimes(
  event: GoogleEvent,
  calendar: calendar_v3.Schema$CalendarListEntry,
  guard: WriteGuard,
): void {
  if (!guard.expected) return;
  const now = mapGoogleEvent(event, calendar.timeZone ?? null).event;
  if (!sameTimes(now, guard.expected))
    throw new WriteRefused(
      'google',
      'changed',
      `the event moved in Google since (it is now ${now.allDay ? `${now.startDate} to ${now.endDate}` : `${now.start} to ${now.end}`})`,
    );
}

/**
 * The account's address, on a calendar where Google's `self` is the account's user: its primary
 * calendar (or one named by its address) and a secondary calendar (a `calendar.google.com` id,
 * no one's mailbox). On a calendar another person shared with the account, `self` is that person.
 * Null when the connection does not name its account (older connections), or on a resource's
 * calendar, whose `self` is the room.
 */
function selfOwnerOf(connection: ProviderConnection, calendar: RemoteCalendar): string | null {
  const account = connection.settings['account'];
  const accountKey = typeof account === 'string' ? mailboxKey(account) : null;
  if (typeof account !== 'string' || accountKey === null) return null;
  const id = calendar.providerCalendarId;
  if (calendar.isPrimary || mailboxKey(id) === accountKey) return account.trim();
  if (GOOGLE_CALENDAR_IDS.test(id) && !isProviderResource(id)) return account.trim();
  return null;
}

/** `texts`: each item's JSON as Google sent it, in the same order (see EventsPage). */
function sortItems(
  items: GoogleEvent[],
  texts: readonly string[] | null,
  calendarZone: string | null,
  owner: string | null,
): Pick<SyncPage, 'upserts' | 'deletions' | 'issues'> {
  const upserts: ProviderEvent[] = [];
  const deletions: string[] = [];
  const issues: SyncIssue[] = [];
  items.forEach((item, index) => {
    if (isRemoval(item)) {
      if (item.id) deletions.push(item.id);
      return;
    }
    try {
      const mapped = mapGoogleEvent(item, calendarZone, owner);
      const rawJson = texts?.[index];
      if (rawJson !== undefined) mapped.rawJson = rawJson;
      upserts.push(mapped);
    } catch (error) {
      issues.push({
        message: error instanceof Error ? error.message : String(error),
        line: null,
        providerEventId: item.id ?? null,
      });
    }
  });
  return { upserts, deletions, issues };
}

/** The series that the cancelled instances among `items` belong to, each once. */
function cancelledSeriesOf(items: GoogleEvent[]): Set<string> {
  const series = new Set<string>();
  for (const item of items) {
    if (isRemoval(item) && item.recurringEventId) series.add(item.recurringEventId);
  }
  return series;
}

function readCursor(cursor: string | null): string | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(cursor) as Partial<GoogleCursor>;
    return typeof parsed.syncToken === 'string' && parsed.syncToken ? parsed.syncToken : null;
  } catch {
    // A cursor we cannot read is treated like none: a full sync puts everything right.
    return null;
  }
}

function writeCursor(cursor: GoogleCursor): string {
  return JSON.stringify(cursor);
}
