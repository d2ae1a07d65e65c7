/**
 * Other people's Calendars on an Exchange connection (exchange-shared.ts): the exec's calendar an
 * assistant keeps, a team's shared mailbox. Adding one resolves it on the server at once, so a
 * typo (404 `mailbox_not_found`) or a missing permission (403 `calendar_access_denied`, free/busy
 * only included) is said then, and nothing is kept; once resolved, its address joins the
 * connection's `sharedMailboxes` (which calendar discovery lists) and it is stored as a calendar
 * of the connection, named with its owner's address, and synced with its own cursor like the
 * mailbox's folders. A permission withdrawn later makes only that calendar `gone` (sync) and
 * missing (discovery). Removing it takes its events out as turning a calendar off does (each in
 * the change log) and forgets the address.
 */
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import type { ExchangeProvider } from '../../providers/exchange/exchange-provider.js';
import {
  mailboxAddress,
  SHARED_MAILBOXES_SETTING,
  SharedCalendarRefused,
  sharedMailboxesOf,
} from '../../providers/exchange/exchange-shared.js';
import type { Calendar, ConnectionWithSecrets, Scope, Store } from '../../store/store.js';
import { providerConnectionOf } from '../provider-connection.js';
import { emptyCalendarIn, type RedetectOrganisation } from './connection-deletion.js';
import { asConnectError } from './connections.service.js';

/** A shared Calendar as the API and the CLI show it. */
export interface SharedCalendarView {
  calendarId: string;
  connectionId: string;
  /** Whose Calendar it is: the address the user added. */
  ownerEmail: string;
  name: string;
  selected: boolean;
  /** Since when Exchange no longer opens it (a permission withdrawn); null while it does. */
  missingSince: string | null;
}

export interface ExchangeSharedCalendarsDeps {
  store: Store;
  provider: ExchangeProvider | null;
  sync: { queueCalendar(scope: Scope, calendarId: string): Promise<unknown> };
  redetect: RedetectOrganisation;
}

export class ExchangeSharedCalendars {
  constructor(private readonly deps: ExchangeSharedCalendarsDeps) {}

  /** Resolves `email`'s Calendar with this connection's credentials, then keeps and syncs it. */
  async add(scope: Scope, connectionId: string, email: string): Promise<SharedCalendarView> {
    const connection = await this.exchangeConnection(scope, connectionId);
    const address = mailboxAddress(email);
    if (!address) throw invalidInput(`"${email}" is not an email address`);
    if (address === ownAddress(connection))
      throw invalidInput(`${address} is this connection's own mailbox: its Calendar is synced`);
    const provider = this.provider();
    const remote = await provider
      .resolveSharedCalendar(providerConnectionOf(this.deps.store, scope, connection), address)
      .catch((error: unknown) => {
        throw refusalError(error);
      });
    await this.writeAddresses(scope, connectionId, (addresses) => [...addresses, address]);
    const calendar = await this.deps.store.calendars.upsert(scope, connectionId, remote);
    if (!calendar) throw notFound('connection');
    await this.deps.sync.queueCalendar(scope, calendar.id);
    return viewOf(calendar);
  }

  /** The shared Calendars of the connection, in the order the store lists calendars. */
  async list(scope: Scope, connectionId: string): Promise<SharedCalendarView[]> {
    const connection = await this.exchangeConnection(scope, connectionId);
    const added = new Set(sharedMailboxesOf(connection.settings));
    const calendars = await this.deps.store.calendars.list(scope, { connectionId });
    return calendars.filter((c) => added.has(c.providerCalendarId)).map(viewOf);
  }

  /** Stops syncing `email`'s Calendar: its events go (each in the change log), then the row. */
  async remove(scope: Scope, connectionId: string, email: string): Promise<void> {
    const connection = await this.exchangeConnection(scope, connectionId);
    const address = mailboxAddress(email);
    const calendar = (await this.deps.store.calendars.list(scope, { connectionId })).find(
      (c) => c.providerCalendarId === address,
    );
    if (!address || (!sharedMailboxesOf(connection.settings).includes(address) && !calendar))
      throw notFound('shared calendar');
    // Forgotten first: discovery running meanwhile must not list it back.
    await this.writeAddresses(scope, connectionId, (addresses) =>
      addresses.filter((a) => a !== address),
    );
    if (!calendar) return;
    const removed = await this.deps.store.transaction(async (tx) => {
      const events = await emptyCalendarIn(tx, scope, calendar.id);
      await tx.calendars.delete(scope, calendar.id);
      return events;
    });
    if (removed > 0) await this.deps.redetect({ orgId: scope.orgId });
  }

  private async exchangeConnection(
    scope: Scope,
    connectionId: string,
  ): Promise<ConnectionWithSecrets> {
    const connection = await this.deps.store.connections.get(scope, connectionId);
    if (!connection || connection.provider !== 'exchange') throw notFound('Exchange connection');
    return connection;
  }

  /**
   * Changes the connection's list of shared mailboxes as stored at that moment, in one step with
   * the write (patchSettings): two adds at once, or an add and the minute's poll, each read the
   * settings and wrote them back whole, so one undid the other.
   */
  private async writeAddresses(
    scope: Scope,
    connectionId: string,
    change: (addresses: string[]) => string[],
  ): Promise<void> {
    const written = await this.deps.store.connections.patchSettings(
      scope,
      connectionId,
      (settings) => ({
        [SHARED_MAILBOXES_SETTING]: [...new Set(change(sharedMailboxesOf(settings)))],
      }),
    );
    if (!written) throw notFound('Exchange connection');
  }

  private provider(): ExchangeProvider {
    if (!this.deps.provider)
      throw new AppError(
        'not_configured',
        'Exchange is not configured: set EXCHANGE_SERVER_URL (and EXCHANGE_VERSION)',
      );
    return this.deps.provider;
  }
}

function viewOf(calendar: Calendar): SharedCalendarView {
  return {
    calendarId: calendar.id,
    connectionId: calendar.connectionId,
    ownerEmail: calendar.providerCalendarId,
    name: calendar.name,
    selected: calendar.selected,
    missingSince: calendar.missingSince,
  };
}

function ownAddress(connection: ConnectionWithSecrets): string | null {
  const email = connection.settings['email'];
  return typeof email === 'string' ? mailboxAddress(email) : null;
}

/** What Exchange said, as the API's codes: 404 no mailbox, 403 no (or free/busy) access. */
function refusalError(error: unknown): AppError {
  if (!(error instanceof SharedCalendarRefused)) return asConnectError(error);
  const code =
    error.reason === 'mailbox_not_found' ? 'mailbox_not_found' : 'calendar_access_denied';
  return new AppError(code, error.message, false, { cause: error });
}
