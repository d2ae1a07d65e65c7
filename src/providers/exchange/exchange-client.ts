/**
 * Exchange Web Services through ews-javascript-api and @ewsjs/xhr: one ExchangeService per
 * session (a server URL, a version and one user's credentials), and the few operations the
 * provider needs, answering plain wire types (exchange-wire.ts). Every failure leaves here as a
 * ProviderError (exchange-errors.ts).
 *
 * TLS stays verified. A private CA given here is trusted by every scheme (NTLM through its own
 * handshake, exchange-ntlm.ts), as is NODE_EXTRA_CA_CERTS.
 */
import { Agent } from 'node:https';
import { XhrApi } from '@ewsjs/xhr';
import {
  AlternateId,
  BasePropertySet,
  CalendarView,
  DateTime,
  EventType,
  ExchangeService,
  ExchangeVersion,
  FolderId,
  IdFormat,
  ItemId,
  Mailbox,
  OAuthCredentials,
  PropertySet,
  ServiceResult,
  SyncFolderItemsScope,
  TimeZoneInfo,
  Uri,
  WebCredentials,
  WellKnownFolderName,
  type GetEventsResults,
  type Item,
} from 'ews-javascript-api';
import { ProviderError } from '../provider.js';
import { NtlmAuthProvider } from './exchange-ntlm.js';
import { concernsItemOnly, mapExchangeError, readFailure } from './exchange-errors.js';
import {
  bindSharedCalendar,
  listCalendarFolders,
  type EwsCalendarFolder,
} from './exchange-folders.js';
import { readCalendarItem, readChange, readExceptionFields } from './exchange-read.js';
import { isSharedCalendarId } from './exchange-shared.js';
import { EXCEPTION_SHAPE, ITEM_SHAPE, SYNC_SHAPE } from './exchange-shapes.js';
import { ItemZones, ZoneReadingTransport } from './exchange-transport.js';
import type {
  EwsCalendarItem,
  EwsExceptionFields,
  EwsItemFailure,
  EwsSyncBatch,
} from './exchange-wire.js';

/** Where the server is: EXCHANGE_SERVER_URL and EXCHANGE_VERSION of the service's config. */
export interface ExchangeSettings {
  /** The EWS endpoint, `https://mail.example.com/EWS/Exchange.asmx`. */
  serverUrl: string;
  /** An ExchangeVersion name: Exchange2010_SP2, Exchange2013_SP1 (default). */
  version?: string;
}

export type ExchangeCredentials =
  | { authType: 'basic'; username: string; password: string }
  | { authType: 'ntlm'; username: string; password: string }
  | { authType: 'oauth'; token: string };

export interface ExchangeClientOptions {
  /** PEM of a private CA to trust (beside NODE_EXTRA_CA_CERTS). */
  ca?: string | null;
  /** Per request; ews-javascript-api's default is 100 s. */
  timeoutMs?: number;
}

/** The calendar folder, by its distinguished name: every mailbox has exactly one. */
export const CALENDAR_FOLDER = 'calendar';
/** SyncFolderItems' upper limit (contract 3.2). */
export const MAX_CHANGES_RETURNED = 512;

export interface ItemEventBatch {
  /** Ids of the items that were created, changed, moved or deleted. */
  itemIds: string[];
  watermark: string;
  more: boolean;
}

export class ExchangeClient {
  constructor(private readonly options: ExchangeClientOptions = {}) {}

  session(settings: ExchangeSettings, credentials: ExchangeCredentials): ExchangeSession {
    const zones = new ItemZones();
    return new ExchangeSession(this.service(settings, credentials, zones), zones);
  }

  private service(
    settings: ExchangeSettings,
    credentials: ExchangeCredentials,
    zones: ItemZones,
  ): ExchangeService {
    const version = versionOf(settings.version);
    // Scoped to UTC so that dates read the same whatever zone the process runs in.
    const service = new ExchangeService(version, TimeZoneInfo.Utc);
    try {
      service.Url = new Uri(settings.serverUrl);
    } catch (error) {
      throw new ProviderError(
        'exchange',
        'invalid_input',
        `not an EWS URL: ${settings.serverUrl}`,
        null,
        {
          cause: error,
        },
      );
    }
    if (this.options.timeoutMs) service.Timeout = this.options.timeoutMs;
    const xhr = new XhrApi(
      this.options.ca ? { httpsAgent: new Agent({ ca: this.options.ca }) } : {},
    );
    if (credentials.authType === 'oauth') {
      // Verbatim: the library otherwise insists that the token looks like a JWT.
      service.Credentials = new OAuthCredentials(credentials.token, true);
    } else {
      // The library insists on credentials; with NTLM the transport replaces their Basic header.
      service.Credentials = new WebCredentials(credentials.username, credentials.password);
      if (credentials.authType === 'ntlm')
        xhr.setAuthProvider(
          new NtlmAuthProvider(credentials.username, credentials.password, this.options.ca ?? null),
        );
    }
    service.XHRApi = new ZoneReadingTransport(xhr, zones);
    return service;
  }
}

/** The names EXCHANGE_VERSION and a connection's version may take (the library's enum). */
export const EXCHANGE_VERSIONS: readonly string[] = Object.keys(ExchangeVersion).filter(
  (name) => typeof (ExchangeVersion as unknown as Record<string, unknown>)[name] === 'number',
);

function versionOf(name: string | undefined): ExchangeVersion {
  if (!name) return ExchangeVersion.Exchange2013_SP1;
  if (!EXCHANGE_VERSIONS.includes(name))
    throw new ProviderError('exchange', 'invalid_input', `unknown Exchange version "${name}"`);
  return (ExchangeVersion as unknown as Record<string, number>)[name] as ExchangeVersion;
}

/**
 * The folder a calendar id names: `calendar` is the mailbox's Calendar by its distinguished name
 * (the id every connection stored before other calendar folders were listed); any other id is a
 * calendar folder's EWS FolderId, as FindFolder gave it (exchange-folders.ts), or another
 * person's address: their Calendar, by explicit access (exchange-shared.ts).
 */
export function folderOf(calendarId: string): FolderId {
  if (isSharedCalendarId(calendarId))
    return new FolderId(WellKnownFolderName.Calendar, new Mailbox(calendarId));
  return calendarId === CALENDAR_FOLDER
    ? new FolderId(WellKnownFolderName.Calendar)
    : new FolderId(calendarId);
}

/** One user's mailbox on one server. */
export class ExchangeSession {
  constructor(
    private readonly service: ExchangeService,
    /** Zones read from the answers' XML (exchange-transport.ts), taken as items are read. */
    private readonly zones: ItemZones,
  ) {}

  /**
   * One batch of a calendar folder's changes since `syncState` (null: from the start); a
   * SyncState is good only for the folder that gave it.
   */
  syncBatch(
    calendarId: string,
    syncState: string | null,
    max = MAX_CHANGES_RETURNED,
  ): Promise<EwsSyncBatch> {
    return this.call('reading the calendar folder changes (SyncFolderItems)', async () => {
      const result = await this.service.SyncFolderItems(
        folderOf(calendarId),
        SYNC_SHAPE(),
        [],
        Math.min(MAX_CHANGES_RETURNED, Math.max(1, max)),
        SyncFolderItemsScope.NormalItems,
        // null leaves m:SyncState out, as a first sync must; the typings say string.
        syncState as string,
      );
      return {
        changes: result.GetEnumerator().flatMap((change) => readChange(change) ?? []),
        syncState: result.SyncState,
        more: result.MoreChangesAvailable,
      };
    });
  }

  /**
   * The items with these ids, as GetItem gives them. Ids of items gone since they were listed
   * are `missing`; an item Exchange answered with an error of its own (ErrorCorruptData,
   * ErrorInvalidIdMalformed, ...) or with something that is not a readable calendar item is
   * `failed`, and the others are read all the same. An error that speaks for the server rather
   * than the item (throttling, a store down) fails the call, as a failure of the whole call does.
   */
  getItems(ids: string[]): Promise<{
    items: EwsCalendarItem[];
    missing: string[];
    failed: EwsItemFailure[];
  }> {
    return this.call('reading calendar items (GetItem)', async () => {
      const { found, missing, failed } = await this.bind(ids, ITEM_SHAPE());
      const items: EwsCalendarItem[] = [];
      for (const { id, item } of found) {
        const read = readCalendarItem(item, this.zones.take(safeId(item) ?? id));
        if (read) items.push(read);
        else failed.push(unreadable(id));
      }
      return { items, missing, failed };
    });
  }

  /**
   * The fields of exceptions (ModifiedOccurrences), by their ItemIds; exceptions that could not
   * be read are `failed`, as in getItems (those gone since are left out).
   */
  getExceptions(
    ids: string[],
  ): Promise<{ fields: Map<string, EwsExceptionFields>; failed: EwsItemFailure[] }> {
    return this.call('reading modified occurrences (GetItem)', async () => {
      const { found, failed } = await this.bind(ids, EXCEPTION_SHAPE());
      const fields = new Map<string, EwsExceptionFields>();
      for (const { id, item } of found) {
        const read = readExceptionFields(item);
        if (read) fields.set(safeId(item) ?? id, read);
        else failed.push(unreadable(id));
      }
      return { fields, failed };
    });
  }

  /** FindItem with a CalendarView: what a calendar shows in the range (at most `max`). */
  calendarView(
    calendarId: string,
    from: Date,
    to: Date,
    max = 1000,
  ): Promise<{ items: EwsCalendarItem[]; complete: boolean }> {
    return this.call('reading the calendar view (FindItem)', async () => {
      const view = new CalendarView(
        DateTime.Parse(from.toISOString()),
        DateTime.Parse(to.toISOString()),
        max,
      );
      view.PropertySet = new PropertySet(BasePropertySet.FirstClassProperties);
      const result = await this.service.FindAppointments(folderOf(calendarId), view);
      return {
        items: result.Items.flatMap(
          (item) => readCalendarItem(item, this.zones.take(safeId(item) ?? '')) ?? [],
        ),
        complete: !result.MoreAvailable,
      };
    });
  }

  /** A pull subscription to these calendars' folders (from `watermark` when given). */
  subscribe(
    calendarIds: readonly string[],
    timeoutMinutes: number,
    watermark: string | null,
  ): Promise<{ subscriptionId: string; watermark: string }> {
    return this.call('subscribing to the calendar (Subscribe)', async () => {
      const subscription = await this.service.SubscribeToPullNotifications(
        calendarIds.map(folderOf),
        timeoutMinutes,
        // null leaves t:Watermark out; the typings say string.
        watermark as string,
        EventType.Created,
        EventType.Modified,
        EventType.Deleted,
        EventType.Moved,
        EventType.Copied,
      );
      return { subscriptionId: subscription.Id, watermark: subscription.Watermark };
    });
  }

  /** The mailbox's calendar folders (exchange-folders.ts). */
  calendarFolders(): Promise<EwsCalendarFolder[]> {
    return this.call('listing the calendar folders (GetFolder, FindFolder)', () =>
      listCalendarFolders(this.service),
    );
  }

  /** ConvertId of a FolderId: the answer names the mailbox that holds it (exchange-verify.ts). */
  mailboxHolding(folderId: string, placeholder: string): Promise<string | null> {
    return this.call('finding the mailbox address (ConvertId)', async () => {
      const source = new AlternateId(IdFormat.EwsId, folderId, placeholder);
      const converted = await this.service.ConvertId(source, IdFormat.HexEntryId);
      return converted instanceof AlternateId ? converted.Mailbox : null;
    });
  }

  /** Another person's Calendar (GetFolder with their address): its name, if it opens. */
  sharedCalendar(address: string): Promise<EwsCalendarFolder> {
    return this.call(`opening the calendar of ${address} (GetFolder)`, () =>
      bindSharedCalendar(this.service, folderOf(address)),
    );
  }

  /** The events after `watermark`; call again at once while `more`. */
  getEvents(subscriptionId: string, watermark: string): Promise<ItemEventBatch> {
    return this.call('reading calendar notifications (GetEvents)', async () => {
      const result = await this.service.GetEvents(subscriptionId, watermark);
      const ids = result.ItemEvents.flatMap((e) => (e.ItemId?.UniqueId ? [e.ItemId.UniqueId] : []));
      const next = resultState(result);
      return { itemIds: ids, watermark: next.watermark ?? watermark, more: next.more };
    });
  }

  unsubscribe(subscriptionId: string): Promise<void> {
    // Public at run time (PullSubscription.Unsubscribe calls it) but left out of the typings.
    const service = this.service as unknown as { Unsubscribe(id: string): Promise<void> };
    return this.call('ending the subscription (Unsubscribe)', () =>
      service.Unsubscribe(subscriptionId),
    );
  }

  /** GetItem for `ids`, each answer sorted by what it says about its own id. */
  private async bind(
    ids: string[],
    shape: PropertySet,
  ): Promise<{ found: { id: string; item: Item }[]; missing: string[]; failed: EwsItemFailure[] }> {
    if (!ids.length) return { found: [], missing: [], failed: [] };
    const responses = await this.service.BindToItems(
      ids.map((id) => new ItemId(id)),
      shape,
    );
    const found: { id: string; item: Item }[] = [];
    const missing: string[] = [];
    const failed: EwsItemFailure[] = [];
    responses.Responses.forEach((response, index) => {
      const id = ids[index]!;
      if (response.Result !== ServiceResult.Error) {
        if (response.Item) found.push({ id, item: response.Item });
        else failed.push({ id, code: null, message: 'Exchange answered it without an item' });
        return;
      }
      const failure = readFailure(response);
      if (
        failure.code === 'ErrorItemNotFound' ||
        failure.code === 'ErrorCalendarOccurrenceIsDeletedFromRecurrence'
      )
        missing.push(id);
      else if (concernsItemOnly(failure))
        failed.push({ id, code: failure.code, message: failure.message });
      else throw response;
    });
    // Exchange answers every id; an id it left unanswered is read again next time, not lost.
    for (const id of ids.slice(responses.Responses.length))
      failed.push({ id, code: null, message: 'Exchange did not answer for it' });
    return { found, missing, failed };
  }

  private async call<T>(doing: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapExchangeError(error, doing);
    }
  }
}

/** A GetItem answer for `id` that is not a calendar item this provider can read. */
function unreadable(id: string): EwsItemFailure {
  return {
    id,
    code: null,
    message: 'Exchange sent it without what a calendar item needs (its id and start)',
  };
}

function safeId(item: Item): string | null {
  try {
    return item.Id?.UniqueId ?? null;
  } catch {
    return null;
  }
}

/**
 * The new watermark and MoreEvents of a GetEvents answer. GetEventsResults keeps them in private
 * fields (only PullSubscription reads them, and it cannot be made for a stored subscription id).
 */
function resultState(result: GetEventsResults): { watermark: string | null; more: boolean } {
  const hidden = result as unknown as { newWatermark?: unknown; moreEventsAvailable?: unknown };
  return {
    watermark: typeof hidden.newWatermark === 'string' ? hidden.newWatermark : null,
    more: hidden.moreEventsAvailable === true,
  };
}
