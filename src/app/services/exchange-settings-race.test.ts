/**
 * The settings of an Exchange connection written by several hands at once: the user adding and
 * removing other people's Calendars, and the minute's poll writing its subscription. Each change
 * is made to the settings as stored at that moment; none writes back a copy read before.
 */
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import {
  ExchangeProvider,
  type ExchangeSubscription,
  type PollResult,
} from '../../providers/exchange/exchange-provider.js';
import type { ProviderConnection, RemoteCalendar } from '../../providers/provider.js';
import type { Scope, Store } from '../../store/store.js';
import { createLogger } from '../logger.js';
import type { ConnectionsService } from './connections.service.js';
import { ExchangeService } from './exchange.service.js';
import type { SyncService } from './sync.service.js';

/** Resolves every address and answers each poll with the next watermark, without a server. */
class ServerlessExchange extends ExchangeProvider {
  override resolveSharedCalendar(_: ProviderConnection, address: string): Promise<RemoteCalendar> {
    return Promise.resolve({
      providerCalendarId: address,
      name: `Calendar (${address})`,
      timeZone: null,
      isPrimary: false,
    });
  }

  /** The connections whose poll the server answered. */
  readonly answered = new Set<string>();

  override poll(
    connection: ProviderConnection,
    subscription: ExchangeSubscription,
  ): Promise<PollResult> {
    this.answered.add(connection.id);
    const next = { ...subscription, watermark: `${subscription.watermark}+` };
    return Promise.resolve({ changed: false, subscription: next, dropped: [] });
  }
}

function exchangeService(store: Store, provider = new ServerlessExchange()): ExchangeService {
  return new ExchangeService({
    store,
    provider,
    settings: { serverUrl: 'https://mail.contoso.test/EWS/Exchange.asmx', version: null },
    // Only queueCalendar is reached here (an added Calendar's first sync); connecting, which
    // needs the connections service, is not.
    sync: { queueCalendar: () => Promise.resolve() } as unknown as SyncService,
    connections: {} as ConnectionsService,
    logger: createLogger({ logLevel: 'silent' }),
    redetect: () => Promise.resolve(),
  });
}

async function exchangeConnection(store: Store, scope: Scope): Promise<string> {
  const connection = await store.connections.create(scope, {
    provider: 'exchange',
    label: 'ana@contoso.test',
    secrets: { authType: 'basic', username: 'ana', password: 'secret' },
    settings: {
      email: 'ana@contoso.test',
      subscription: { subscriptionId: 's1', watermark: 'w1', calendarIds: ['calendar'] },
      pollNotBefore: '2000-01-01T00:00:00.000Z',
    },
  });
  return connection.id;
}

const stored = async (store: Store, scope: Scope, id: string) =>
  (await store.connections.get(scope, id))?.settings ?? {};

describeEachDialect('Exchange connection settings written at once', (context) => {
  it('keeps every shared Calendar added or removed at the same time', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const id = await exchangeConnection(store, scope);
    const exchange = exchangeService(store);
    await exchange.shared.add(scope, id, 'gone@contoso.test');
    await Promise.all([
      exchange.shared.add(scope, id, 'x1@contoso.test'),
      exchange.shared.add(scope, id, 'x2@contoso.test'),
      exchange.shared.remove(scope, id, 'gone@contoso.test'),
      exchange.shared.add(scope, id, 'x3@contoso.test'),
    ]);
    const settings = await stored(store, scope, id);
    expect([...(settings['sharedMailboxes'] as string[])].sort()).toEqual([
      'x1@contoso.test',
      'x2@contoso.test',
      'x3@contoso.test',
    ]);
    expect((await exchange.shared.list(scope, id)).map((c) => c.ownerEmail).sort()).toEqual([
      'x1@contoso.test',
      'x2@contoso.test',
      'x3@contoso.test',
    ]);
  });

  it('keeps a shared Calendar added while the poll writes its subscription', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const id = await exchangeConnection(store, scope);
    const provider = new ServerlessExchange();
    const exchange = exchangeService(store, provider);
    // The add runs in the last gap the poll leaves before its write, after the server answered:
    // after a read of the settings (which then hands the poll what it read before the add), or
    // else just before the write.
    const { get, patchSettings } = store.connections;
    let added: Promise<unknown> | null = null;
    const addOnce = () =>
      (added ??= exchange.shared.add(scope, id, 'boss@contoso.test').then(() => 'added'));
    store.connections.get = async (...args) => {
      const connection = await get(...args);
      if (args[1] === id && provider.answered.has(id) && !added) await addOnce();
      return connection;
    };
    store.connections.patchSettings = async (...args) => {
      if (args[1] === id && provider.answered.has(id) && !added) await addOnce();
      return patchSettings(...args);
    };
    try {
      await exchange.pollAll();
    } finally {
      Object.assign(store.connections, { get, patchSettings });
    }
    expect(await added).toBe('added');
    const settings = await stored(store, scope, id);
    expect(settings['sharedMailboxes']).toEqual(['boss@contoso.test']);
    expect(settings['subscription']).toMatchObject({ subscriptionId: 's1', watermark: 'w1+' });
    expect(settings).not.toHaveProperty('pollNotBefore');
    expect(settings['email']).toBe('ana@contoso.test');
  });
});
