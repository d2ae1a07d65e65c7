/**
 * The transport a session's ExchangeService sends through: @ewsjs/xhr's, with each answer also
 * read for the zones of its calendar items (exchange-zone-xml.ts), which ews-javascript-api
 * reads differently in different process zones. The answer itself goes on to the library as is.
 */
import type { IXHRApi, IXHROptions, IXHRProgress } from 'ews-javascript-api';
import { itemZonesOf, type ItemZone } from './exchange-zone-xml.js';

/** The library's answer type (an XMLHttpRequest, which Node's typings do not have). */
type Answer = ReturnType<IXHRApi['xhr']>;

/** The zones of the items a session's answers held, by ItemId, until they are read. */
export class ItemZones {
  private readonly byItem = new Map<string, ItemZone>();

  /** Notes what an answer says of its items' zones; an answer it cannot read adds nothing. */
  record(responseText: unknown): void {
    if (typeof responseText !== 'string') return;
    let zones: Map<string, ItemZone>;
    try {
      zones = itemZonesOf(responseText);
    } catch {
      // The answer still goes to the library; an item whose zone it lacks says so when mapped.
      return;
    }
    for (const [id, zone] of zones) this.byItem.set(id, zone);
  }

  /** The zone an answer gave the item, once; undefined when it named one a table knows. */
  take(itemId: string): ItemZone | undefined {
    const zone = this.byItem.get(itemId);
    this.byItem.delete(itemId);
    return zone;
  }
}

export class ZoneReadingTransport implements IXHRApi {
  constructor(
    private readonly inner: IXHRApi,
    private readonly zones: ItemZones,
  ) {}

  get apiName(): string {
    return this.inner.apiName ?? 'calintel';
  }

  async xhr(options: IXHROptions, progress?: (data: IXHRProgress) => void): Answer {
    const response = await this.inner.xhr(options, progress);
    this.zones.record(response.responseText);
    return response;
  }

  xhrStream(options: IXHROptions, progress: (data: IXHRProgress) => void): Answer {
    return this.inner.xhrStream(options, progress);
  }

  disconnect(): void {
    this.inner.disconnect();
  }
}
