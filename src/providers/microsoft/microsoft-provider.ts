/**
 * Outlook and Microsoft 365 calendars through Microsoft Graph, behind the CalendarProvider port.
 * The primary calendar syncs by calendarView delta: a first sync (or one after a 410 or
 * syncStateNotFound, or once the window has moved) is a round over the window as a snapshot, so
 * the engine removes whatever did not come back; later syncs replay the stored deltaLink as delta
 * pages. Other calendars have delta in beta only, so each of their syncs is a v1.0 calendarView
 * snapshot, paged by offset: listed a second time when the first missed an event the previous
 * listing had, so that an event deleted mid-listing cannot make a live one vanish (listingPages,
 * in microsoft-listing.ts).
 */
import { mailboxKey } from '../../domain/matching/addresses.js';
import {
  ProviderError,
  WriteRefused,
  type CalendarProvider,
  type EventWriter,
  type FetchChangesRequest,
  type ProviderConnection,
  type RemoteCalendar,
  type RemoteEventRef,
  type SyncPage,
  type WriteGuard,
  sameTimes,
} from '../provider.js';
import { MailboxGate } from './mailbox-gate.js';
import {
  canWriteEvents,
  subscriptionResource,
  type GraphPage,
  type GraphSubscription,
  type MicrosoftClient,
  type MicrosoftTokens,
} from './microsoft-client.js';
import { isResyncRequired, isUnauthorized } from './microsoft-errors.js';
import {
  listingPages,
  readCursor,
  sameWindow,
  windowText,
  writeCursor,
} from './microsoft-listing.js';
import { mapGraphEvent } from './microsoft-mapper.js';
import { sortItems } from './microsoft-page-items.js';
import { accountAddressOf, TokenKeeper } from './microsoft-tokens.js';
import type { GraphEvent } from './microsoft-wire.js';

export { readCursor } from './microsoft-listing.js';

export interface MicrosoftProviderOptions {
  /** Prefer: odata.maxpagesize; Outlook serves at most about 1,000 events a page. */
  pageSize?: number;
  now?: () => number;
}

export interface SubscribeRequest {
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState: string;
  expiresAt: Date;
}

export class MicrosoftProvider implements CalendarProvider, EventWriter {
  readonly kind = 'microsoft' as const;
  // Its snapshots list the window: what ages out of it was not deleted.
  readonly snapshotsList = 'window' as const;
  // calendarView delta sends @removed for events that aged out of the window or changed outside
  // it, not only for deleted ones (providers.md 2.1).
  readonly removals = 'within window' as const;
  readonly tokens: TokenKeeper;
  private readonly gate: MailboxGate;
  private readonly pageSize: number;

  constructor(
    readonly client: MicrosoftClient,
    options: MicrosoftProviderOptions = {},
  ) {
    this.tokens = new TokenKeeper(client, options.now);
    this.gate = new MailboxGate(undefined, options.now);
    this.pageSize = options.pageSize ?? 500;
  }

  async listCalendars(connection: ProviderConnection): Promise<RemoteCalendar[]> {
    const calendars = await this.withTokens(connection, (tokens) =>
      this.client.listCalendars(tokens),
    );
    return calendars.map((c) => ({
      providerCalendarId: c.id,
      name: c.name,
      // Graph calendars have no zone of their own (the mailbox's needs MailboxSettings.Read).
      timeZone: null,
      isPrimary: c.isDefaultCalendar,
      ...(c.ownerEmail ? { ownerAddress: c.ownerEmail } : {}),
    }));
  }

  async *fetchChanges(request: FetchChangesRequest): AsyncGenerator<SyncPage> {
    const cursor = readCursor(request.cursor);
    if (cursor?.deltaLink && request.calendar.isPrimary && sameWindow(cursor, request.window)) {
      try {
        yield* this.pages(request, 'delta', cursor.deltaLink);
        return;
      } catch (error) {
        // The delta state expired or was evicted: list the window again, as a snapshot.
        if (!isResyncRequired(error)) throw error;
      }
    }
    try {
      if (request.calendar.isPrimary) yield* this.pages(request, 'snapshot', null);
      else yield* listingPages(request, cursor, () => this.pages(request, 'snapshot', null));
    } catch (error) {
      // A page link of the listing itself expired part-way. Not `gone` (that would stop the
      // calendar for good): the run fails as passing trouble, and the next run lists again under
      // a new generation, so what the half-done listing stamped cannot outlive it.
      if (!isResyncRequired(error)) throw error;
      throw new ProviderError(
        'microsoft',
        'transient',
        'Graph expired the calendar listing part-way; it starts again on the next run',
        null,
        { cause: error },
      );
    }
  }

  /**
   * Pages of one round. Only the last page carries a cursor: a nextLink is bound to its round,
   * so a run cut short starts again from the previous deltaLink, and re-applying changes already
   * stored is a no-op.
   */
  private async *pages(
    request: FetchChangesRequest,
    mode: SyncPage['mode'],
    deltaLink: string | null,
  ): AsyncGenerator<SyncPage> {
    const { connection, calendar, window, signal } = request;
    const fetchPage = (link: string | null) =>
      this.withTokens(connection, (tokens) =>
        link
          ? this.client.followLink(tokens, link, this.pageSize, signal)
          : this.client.startRound(
              tokens,
              {
                calendarId: calendar.providerCalendarId,
                isPrimary: calendar.isPrimary,
                from: window.from,
                to: window.to,
              },
              this.pageSize,
              signal,
            ),
      );
    // responseStatus is the response of the mailbox the calendar is in: the signed-in account's
    // for its default calendar, another person's for a calendar shared with it (whose address
    // the request does not carry), so only the default calendar's events take it.
    const owner = calendar.isPrimary ? accountAddressOf(connection.secrets) : null;
    let page: GraphPage = await fetchPage(deltaLink);
    for (;;) {
      const last = page.nextLink === null;
      if (last && calendar.isPrimary && !page.deltaLink)
        throw new ProviderError(
          'microsoft',
          'transient',
          'Graph ended a delta round without a deltaLink',
        );
      yield {
        mode,
        ...sortItems(page.value, calendar.timeZone, owner),
        nextCursor: last ? writeCursor({ deltaLink: page.deltaLink, ...windowText(window) }) : null,
        hasMore: !last,
      };
      if (last) return;
      page = await fetchPage(page.nextLink);
    }
  }

  canWrite(connection: ProviderConnection): boolean {
    return canWriteEvents(connection.secrets.scope ?? '');
  }

  /**
   * Declines for the signed-in user through /events/{id}/decline, which answers the organiser.
   * Graph acts as the mailbox's owner; the event is read from that mailbox first, and the decline
   * refused unless it is on one of the account's own calendars and the account is invited.
   */
  async decline(
    connection: ProviderConnection,
    ref: RemoteEventRef,
    guard: WriteGuard,
  ): Promise<void> {
    this.requireWrite(connection, `decline for ${guard.account}`);
    const event = await this.ownEvent(connection, ref, guard);
    if (!event)
      throw new WriteRefused(
        'microsoft',
        'changed',
        `the event is no longer in ${guard.account}'s calendar`,
      );
    if (event.isCancelled === true)
      throw new WriteRefused('microsoft', 'changed', 'the meeting was cancelled meanwhile');
    requireTimes(event, guard);
    const key = mailboxKey(guard.account);
    const invited = (event.attendees ?? []).some(
      (a) => !!a.emailAddress?.address && mailboxKey(a.emailAddress.address) === key,
    );
    if (event.isOrganizer === true || !invited)
      throw new WriteRefused(
        'microsoft',
        'not_attendee',
        event.isOrganizer === true
          ? `${guard.account} organises this meeting: there is no invitation to decline`
          : `${guard.account} is not invited to this event, so there is no answer of theirs to decline`,
      );
    await this.withTokens(connection, (tokens) =>
      this.client.declineEvent(tokens, ref.providerEventId),
    );
  }

  /**
   * Deletes the account's own hold from its own calendar, as Outlook holds it now: organised by
   * the account, nobody else invited, at the expected times; the delete names the version read
   * (If-Match). Already deleted counts as done.
   */
  async deleteEvent(
    connection: ProviderConnection,
    ref: RemoteEventRef,
    guard: WriteGuard,
  ): Promise<void> {
    this.requireWrite(connection, 'delete an event');
    const event = await this.ownEvent(connection, ref, guard);
    if (!event) return;
    const organizer = event.organizer?.emailAddress?.address ?? null;
    const organisedHere =
      event.isOrganizer === true ||
      (event.isOrganizer == null &&
        (!organizer || mailboxKey(organizer) === mailboxKey(guard.account)));
    if (!organisedHere)
      throw new WriteRefused(
        'microsoft',
        'not_owner',
        `the event is organised by ${organizer ?? 'someone else'}, not ${guard.account}: calintel deletes only your own holds`,
      );
    const key = mailboxKey(guard.account);
    const others = (event.attendees ?? []).flatMap((a) => {
      const address = a.emailAddress?.address;
      return a.type !== 'resource' && address && mailboxKey(address) !== key ? [address] : [];
    });
    if (others.length > 0)
      throw new WriteRefused(
        'microsoft',
        'changed',
        `the event now has other attendees (${others.join(', ')}): it is no longer your own hold`,
      );
    requireTimes(event, guard);
    await this.withTokens(connection, (tokens) =>
      this.client.deleteEvent(tokens, ref.providerEventId, event['@odata.etag'] ?? null),
    );
  }

  /**
   * The event as the account's own mailbox holds it now (null: gone), after checking that its
   * calendar is the account's own: the default calendar or one the account owns, not one shared
   * with it.
   */
  private async ownEvent(connection: ProviderConnection, ref: RemoteEventRef, guard: WriteGuard) {
    const calendars = await this.withTokens(connection, (tokens) =>
      this.client.listCalendars(tokens),
    );
    const calendar = calendars.find((c) => c.id === ref.providerCalendarId);
    const owned =
      !!calendar &&
      (calendar.ownerEmail
        ? mailboxKey(calendar.ownerEmail) === mailboxKey(guard.account)
        : calendar.isDefaultCalendar);
    if (!owned)
      throw new WriteRefused(
        'microsoft',
        'not_owner',
        `calendar ${calendar?.name ?? ref.providerCalendarId} is not ${guard.account}'s own${
          calendar?.ownerEmail ? ` (it belongs to ${calendar.ownerEmail})` : ''
        }: calintel writes only to your own calendars`,
      );
    return this.withTokens(connection, (tokens) =>
      this.client.getEvent(tokens, ref.providerEventId),
    );
  }

  /** A subscription to one calendar's events (change notifications for its syncs). */
  subscribe(
    connection: ProviderConnection,
    providerCalendarId: string,
    request: SubscribeRequest,
  ): Promise<GraphSubscription> {
    return this.withTokens(connection, (tokens) =>
      this.client.createSubscription(tokens, {
        ...request,
        resource: subscriptionResource(providerCalendarId),
      }),
    );
  }

  renewSubscription(
    connection: ProviderConnection,
    subscriptionId: string,
    expiresAt: Date,
  ): Promise<GraphSubscription> {
    return this.withTokens(connection, (tokens) =>
      this.client.renewSubscription(tokens, subscriptionId, expiresAt),
    );
  }

  unsubscribe(connection: ProviderConnection, subscriptionId: string): Promise<void> {
    return this.withTokens(connection, (tokens) =>
      this.client.deleteSubscription(tokens, subscriptionId),
    );
  }

  /** The signed-in user (/me), to name the connection. */
  account(connection: ProviderConnection) {
    return this.withTokens(connection, (tokens) => this.client.me(tokens));
  }

  private requireWrite(connection: ProviderConnection, what: string): void {
    if (!this.canWrite(connection))
      throw new ProviderError(
        'microsoft',
        'auth',
        `cannot ${what}: the Microsoft connection was not granted Calendars.ReadWrite; reconnect it with write access`,
      );
  }

  /**
   * Runs a Graph call with fresh tokens through the mailbox's gate (4 at once, Retry-After held);
   * a 401 gets one forced refresh and one more try.
   */
  private withTokens<T>(
    connection: ProviderConnection,
    call: (tokens: MicrosoftTokens) => Promise<T>,
  ): Promise<T> {
    return this.gate.run(connection.id, async () => {
      const tokens = await this.tokens.fresh(connection);
      try {
        return await call(tokens);
      } catch (error) {
        if (!isUnauthorized(error)) throw error;
        return call(await this.tokens.forceRefresh(connection));
      }
    });
  }
}

/**
 * Refuses a write to an event Outlook now has at other times than the decision saw. All-day
 * events are left to the stored copy's check: their days depend on the calendar's zone.
 */
function requireTimes(event: GraphEvent, guard: WriteGuard): void {
  if (!guard.expected || guard.expected.allDay || event.isAllDay === true) return;
  const now = mapGraphEvent(event, null).event;
  if (!sameTimes(now, guard.expected))
    throw new WriteRefused(
      'microsoft',
      'changed',
      `the event moved in Outlook since (it is now ${now.start} to ${now.end})`,
    );
}
