/**
 * Exchange on-premises (2010-2019) and Exchange Online through EWS, behind the CalendarProvider
 * port. Its calendars are the mailbox's calendar folders (exchange-folders.ts): the Calendar, by
 * its distinguished name `calendar`, and every other IPF.Appointment folder by its FolderId; and
 * other people's Calendars the user added, by their owner's address (exchange-shared.ts), whose
 * refusal on sync (a permission withdrawn) is `gone` for that calendar alone. Each
 * calendar folder syncs on its own with SyncFolderItems: a first sync, a moved window and a
 * SyncState the server no longer accepts (ErrorInvalidSyncStateData) read the folder from no
 * state as a snapshot, so whatever it did not list is removed if it overlaps the window (by the
 * engine, or by the run that finishes a listing cut short: the SyncState is stored after every
 * batch); later syncs read the changes since the stored SyncState as delta pages. Changed items
 * are read with GetItem and recurring masters are expanded on our side (exchange-mapper.ts); the
 * instances a changed or deleted master no longer produces are found from the cursor
 * (exchange-cursor.ts). An item Exchange will not give (a per-item error such as ErrorCorruptData or ErrorInvalidIdMalformed,
 * an answer that is no readable calendar item, a series whose pattern or occurrences cannot be
 * read) does not stop the rest: it becomes a SyncIssue that keeps its stored events (a snapshot
 * does not remove them), and the cursor marks it to be read again on every run until it reads.
 * An item gone between SyncFolderItems and GetItem (ErrorItemNotFound) is a deletion.
 */
import type {
  CalendarProvider,
  FetchChangesRequest,
  ProviderConnection,
  RemoteCalendar,
  SyncPage,
} from '../provider.js';
import { ProviderError } from '../provider.js';
import { applyBatch, type ExchangeRun } from './exchange-batch.js';
import {
  CALENDAR_FOLDER,
  ExchangeClient,
  MAX_CHANGES_RETURNED,
  type ExchangeCredentials,
  type ExchangeSession,
  type ExchangeSettings,
} from './exchange-client.js';
import {
  listConnectionCalendars,
  mailboxAddressOf,
  resolveSharedCalendar,
  withdrawnOr,
} from './exchange-calendars.js';
import { credentialsOf, settingsOf } from './exchange-connection.js';
import {
  heldEventIds,
  readCursor,
  windowKeyOf,
  writeCursor,
  type ExchangeCursor,
  type ItemState,
} from './exchange-cursor.js';
import {
  isFolderGone,
  isInvalidSyncState,
  isSubscriptionGone,
  mapExchangeError,
} from './exchange-errors.js';
import { isSharedCalendarId } from './exchange-shared.js';
import {
  readEvents,
  watchSharedCalendar,
  type ExchangeSubscription,
  type PollResult,
  type SharedWatch,
  type Subscribed,
} from './exchange-subscriptions.js';
import { verifyMailbox } from './exchange-verify.js';

export { credentialsOf, settingsOf } from './exchange-connection.js';
export { SharedCalendarRefused } from './exchange-shared.js';
export type {
  ExchangeSubscription,
  PollResult,
  SharedWatch,
  Subscribed,
} from './exchange-subscriptions.js';

export interface ExchangeProviderOptions {
  /** EXCHANGE_SERVER_URL / EXCHANGE_VERSION, for connections whose settings name none. */
  defaults?: Partial<ExchangeSettings>;
  /** SyncFolderItems' MaxChangesReturned (1-512). */
  maxChangesReturned?: number;
  /** Ids per GetItem. */
  getItemBatch?: number;
  /** Pull subscriptions end after this many minutes without GetEvents (1-1440). */
  subscriptionTimeoutMinutes?: number;
}

export class ExchangeProvider implements CalendarProvider {
  readonly kind = 'exchange' as const;
  // Its snapshots list the window: what ages out of it was not deleted.
  readonly snapshotsList = 'window' as const;
  private readonly maxChanges: number;
  private readonly getItemBatch: number;
  private readonly subscriptionTimeout: number;

  constructor(
    readonly client: ExchangeClient = new ExchangeClient(),
    private readonly options: ExchangeProviderOptions = {},
  ) {
    this.maxChanges = Math.min(MAX_CHANGES_RETURNED, options.maxChangesReturned ?? 512);
    this.getItemBatch = options.getItemBatch ?? 100;
    this.subscriptionTimeout = options.subscriptionTimeoutMinutes ?? 60;
  }

  /**
   * The connect flow's check: one SyncFolderItems call on the Calendar with these credentials,
   * then the calendar folders, which connect stores, and the address of the mailbox opened
   * (exchange-verify.ts). A refused password or token is a ProviderError of kind `auth`; a server
   * that cannot be reached is `transient`; an unusable URL or version is `invalid_input`.
   */
  async verify(
    settings: ExchangeSettings,
    credentials: ExchangeCredentials,
  ): Promise<{ calendars: RemoteCalendar[]; mailbox: string | null }> {
    return verifyMailbox(this.client.session(settings, credentials));
  }

  /** The mailbox's calendar folders, then the shared Calendars that open (see its file). */
  async listCalendars(connection: ProviderConnection): Promise<RemoteCalendar[]> {
    return listConnectionCalendars(this.sessionFor(connection), connection);
  }

  /** Another person's Calendar, checked (else SharedCalendarRefused) before it is kept. */
  async resolveSharedCalendar(
    connection: ProviderConnection,
    address: string,
  ): Promise<RemoteCalendar> {
    return resolveSharedCalendar(this.sessionFor(connection), address);
  }

  async *fetchChanges(request: FetchChangesRequest): AsyncGenerator<SyncPage> {
    const calendarId = request.calendar.providerCalendarId;
    if (!isSharedCalendarId(calendarId)) return yield* this.folderChanges(request, null);
    try {
      // Its items' own answers (MyResponseType) are its owner's.
      yield* this.folderChanges(request, calendarId);
    } catch (error) {
      throw withdrawnOr(error, calendarId);
    }
  }

  private async *folderChanges(
    request: FetchChangesRequest,
    sharedOwner: string | null,
  ): AsyncGenerator<SyncPage> {
    const run: ExchangeRun = {
      session: this.sessionFor(request.connection),
      calendarId: request.calendar.providerCalendarId,
      window: request.window,
      windowKey: windowKeyOf(request.window),
      floatingZone: request.calendar.timeZone ?? 'UTC',
      owner: sharedOwner ?? mailboxAddressOf(request.connection),
      getItemBatch: this.getItemBatch,
    };
    const previous = readCursor(request.cursor);
    // What this run's delta pages stored: a listing that follows them must account for it too.
    const storedThisRun = new Set<string>();
    if (previous && previous.window === run.windowKey) {
      try {
        const pages = previous.listing
          ? this.resumedListing(run, previous, request.signal)
          : this.deltaPages(run, previous, request.signal);
        for await (const page of pages) {
          for (const upsert of page.upserts) storedThisRun.add(upsert.event.providerEventId);
          yield page;
        }
        return;
      } catch (error) {
        // The server forgot the state (ErrorInvalidSyncStateData): read the folder afresh.
        if (!isInvalidSyncState(error)) throw error;
      }
    }
    try {
      const before = [...new Set([...heldEventIds(previous), ...storedThisRun])];
      yield* this.snapshotPages(run, before, request.signal);
    } catch (error) {
      if (!isInvalidSyncState(error)) throw error;
      // The state of the listing itself went stale part-way. Not `gone` (that would stop the
      // calendar for good): the next run lists again under a new generation.
      throw new ProviderError(
        'exchange',
        'transient',
        'Exchange invalidated the calendar listing part-way; it starts again on the next run',
        null,
        { cause: error },
      );
    }
  }

  /**
   * Every item of the folder, from no SyncState, as snapshot pages: when the run lists it all,
   * the engine removes whatever the listing did not mention. Every page carries its batch's
   * SyncState (contract 3.2: stored after every batch), marked as a listing part-way with the
   * event ids held before it began, so a run cut short resumes after its last committed batch
   * (resumedListing) instead of listing a large mailbox again.
   */
  private async *snapshotPages(
    run: ExchangeRun,
    before: string[],
    signal?: AbortSignal,
  ): AsyncGenerator<SyncPage> {
    const items: Record<string, ItemState> = {};
    let state: string | null = null;
    for (;;) {
      signal?.throwIfAborted();
      const batch = await run.session.syncBatch(run.calendarId, state, this.maxChanges);
      const page = await applyBatch(run, batch.changes, items, 'snapshot', { held: before });
      state = batch.syncState;
      const listing = batch.more ? { before } : undefined;
      yield { ...page, nextCursor: this.cursorOf(run, state, items, listing), hasMore: batch.more };
      if (!batch.more) return;
    }
  }

  /**
   * The rest of a listing an earlier run began. Its pages are deltas (the engine's snapshot
   * bookkeeping belongs to one run), so the last one deletes, itself, what the calendar held
   * before the listing and the listing never produced. The listing covers the window only (a
   * moved window is why most listings happen), so those removals carry `removalsWithin`: an
   * event that merely aged out of the window stays, as the end of an uncut listing leaves it.
   * Deletions Exchange itself made definite (a Delete, an item GetItem no longer finds, the
   * instances a series stopped producing) go on a page of their own before them, unbounded.
   */
  private async *resumedListing(
    run: ExchangeRun,
    previous: ExchangeCursor,
    signal?: AbortSignal,
  ): AsyncGenerator<SyncPage> {
    const items = { ...previous.items };
    const before = previous.listing?.before ?? [];
    let state = previous.syncState;
    let retry = true;
    for (;;) {
      signal?.throwIfAborted();
      const batch = await run.session.syncBatch(run.calendarId, state, this.maxChanges);
      const page = await applyBatch(run, batch.changes, items, 'delta', { held: before, retry });
      retry = false;
      state = batch.syncState;
      if (batch.more) {
        yield { ...page, nextCursor: this.cursorOf(run, state, items, { before }), hasMore: true };
        continue;
      }
      const listed = new Set(Object.values(items).flatMap((item) => item.ids));
      const unlisted = before.filter((id) => !listed.has(id));
      if (unlisted.length === 0) {
        yield { ...page, nextCursor: this.cursorOf(run, state, items), hasMore: false };
        return;
      }
      // The batch's own deletions are definite: they go first, unbounded, on a page that still
      // marks the listing part-way (a run cut short after it ends it with the removals alone).
      const definite = page.deletions.length > 0;
      if (definite)
        yield { ...page, nextCursor: this.cursorOf(run, state, items, { before }), hasMore: true };
      yield {
        mode: 'delta',
        upserts: definite ? [] : page.upserts,
        deletions: unlisted,
        issues: definite ? [] : page.issues,
        removalsWithin: run.window,
        nextCursor: this.cursorOf(run, state, items),
        hasMore: false,
      };
      return;
    }
  }

  /**
   * The changes since the stored SyncState. Every page carries a cursor: the batch's SyncState
   * with the items as they are after applying it, committed with the page in one transaction,
   * so a run cut short resumes after the last committed batch (contract 3.2: store the state
   * after every batch).
   */
  private async *deltaPages(
    run: ExchangeRun,
    previous: ExchangeCursor,
    signal?: AbortSignal,
  ): AsyncGenerator<SyncPage> {
    const items = { ...previous.items };
    let state = previous.syncState;
    let retry = true;
    for (;;) {
      signal?.throwIfAborted();
      const batch = await run.session.syncBatch(run.calendarId, state, this.maxChanges);
      const page = await applyBatch(run, batch.changes, items, 'delta', { held: [], retry });
      retry = false;
      state = batch.syncState;
      yield { ...page, nextCursor: this.cursorOf(run, state, items), hasMore: batch.more };
      if (!batch.more) return;
    }
  }

  private cursorOf(
    run: ExchangeRun,
    syncState: string,
    items: Record<string, ItemState>,
    listing?: ExchangeCursor['listing'],
  ): string {
    return writeCursor({
      v: 1,
      window: run.windowKey,
      syncState,
      items,
      ...(listing ? { listing } : {}),
    });
  }

  /**
   * One pull subscription to these calendars' folders (default the Calendar alone), to learn of
   * changes between syncs. Subscribe fails whole when one folder is gone (ErrorFolderNotFound:
   * deleted since calendar discovery last listed it); then the folders are listed again, the
   * calendars still there are subscribed to (the Calendar when none is) and the others are
   * returned as `dropped`. When the listing still gives every one of them, the failure stands.
   */
  async subscribe(
    connection: ProviderConnection,
    calendarIds: readonly string[] = [CALENDAR_FOLDER],
  ): Promise<Subscribed> {
    const session = this.sessionFor(connection);
    const watch = async (ids: readonly string[]) => ({
      ...(await session.subscribe(ids, this.subscriptionTimeout, null)),
      calendarIds: [...ids],
    });
    try {
      return { subscription: await watch(calendarIds), dropped: [] };
    } catch (error) {
      if (!isFolderGone(error)) throw error;
      const listed = new Set(
        (await this.listCalendars(connection)).map((c) => c.providerCalendarId),
      );
      const dropped = calendarIds.filter((id) => !listed.has(id));
      if (dropped.length === 0) throw error;
      const left = calendarIds.filter((id) => listed.has(id));
      return { subscription: await watch(left.length ? left : [CALENDAR_FOLDER]), dropped };
    }
  }

  /**
   * Reads the subscription's events (all of them, while MoreEvents). An expired subscription or
   * watermark (ErrorSubscriptionNotFound, ErrorInvalidWatermark) is replaced by a new one and
   * reported as a change: what happened in between is caught up by the next sync. The new one
   * leaves out calendars whose folders are gone, as `subscribe` does, and says which.
   */
  async poll(
    connection: ProviderConnection,
    subscription: ExchangeSubscription,
  ): Promise<PollResult> {
    try {
      return { ...(await readEvents(this.sessionFor(connection), subscription)), dropped: [] };
    } catch (error) {
      if (!isSubscriptionGone(error)) throw error;
      const calendarIds = subscription.calendarIds ?? [CALENDAR_FOLDER];
      return { changed: true, ...(await this.subscribe(connection, calendarIds)) };
    }
  }

  /**
   * Another person's Calendar's own subscription (a subscription watches one mailbox), polled,
   * or made when there is none or it lapsed; `refused` once its owner no longer allows it
   * (exchange-subscriptions.ts).
   */
  async watchShared(
    connection: ProviderConnection,
    address: string,
    current: ExchangeSubscription | null,
  ): Promise<SharedWatch> {
    const session = this.sessionFor(connection);
    return watchSharedCalendar(session, address, this.subscriptionTimeout, current);
  }

  async unsubscribe(connection: ProviderConnection, subscriptionId: string): Promise<void> {
    try {
      await this.sessionFor(connection).unsubscribe(subscriptionId);
    } catch (error) {
      // Already gone is done.
      if (!isSubscriptionGone(error)) throw error;
    }
  }

  private sessionFor(connection: ProviderConnection): ExchangeSession {
    try {
      return this.client.session(
        settingsOf(connection, this.options.defaults),
        credentialsOf(connection),
      );
    } catch (error) {
      throw mapExchangeError(error, 'opening the Exchange session');
    }
  }
}
