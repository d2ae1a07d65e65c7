import { describe, expect, it } from 'vitest';
import type {
  ExchangeProvider,
  ExchangeSubscription,
  SharedWatch,
} from '../../providers/exchange/exchange-provider.js';
import { ProviderError, type ProviderConnection } from '../../providers/provider.js';
import type { Connection, Scope, Store } from '../../store/store.js';
import { createLogger } from '../logger.js';
import {
  ExchangeSharedWatch,
  isHeld,
  REFUSED_SUBSCRIPTION_HOLD_MS,
  sharedSubscriptionsOf,
} from './exchange-shared-watch.js';

describe('sharedSubscriptionsOf', () => {
  it('reads the subscriptions kept by owner address, without anything else they carried', () => {
    const settings = {
      sharedSubscriptions: {
        'boss@contoso.test': { subscriptionId: 'S1', watermark: 'W1', calendarIds: ['x'] },
      },
    };
    expect(sharedSubscriptionsOf(settings)).toEqual({
      'boss@contoso.test': { subscriptionId: 'S1', watermark: 'W1' },
    });
  });

  it('leaves out what is not a subscription, and reads none from a missing or odd setting', () => {
    expect(sharedSubscriptionsOf({})).toEqual({});
    expect(sharedSubscriptionsOf({ sharedSubscriptions: ['S1'] })).toEqual({});
    expect(sharedSubscriptionsOf({ sharedSubscriptions: 'S1' })).toEqual({});
    const mixed = {
      sharedSubscriptions: {
        'a@contoso.test': { subscriptionId: 'S1' },
        'b@contoso.test': null,
        'c@contoso.test': { subscriptionId: 'S3', watermark: 'W3' },
      },
    };
    expect(sharedSubscriptionsOf(mixed)).toEqual({
      'c@contoso.test': { subscriptionId: 'S3', watermark: 'W3' },
    });
  });
});

describe('isHeld', () => {
  const refused = '2026-03-01T12:00:00.000Z';
  const at = (ms: number) => new Date(Date.parse(refused) + ms);

  it('holds a refusal for the hold time, then lets the calendar be asked again', () => {
    expect(isHeld(refused, at(0))).toBe(true);
    expect(isHeld(refused, at(REFUSED_SUBSCRIPTION_HOLD_MS - 1))).toBe(true);
    expect(isHeld(refused, at(REFUSED_SUBSCRIPTION_HOLD_MS))).toBe(false);
  });

  it('holds nothing without a refusal, or with one in the future (a clock set back)', () => {
    expect(isHeld(undefined, at(0))).toBe(false);
    expect(isHeld(refused, at(-60_000))).toBe(false);
    expect(isHeld('not a time', at(0))).toBe(false);
  });
});

/** A connection's store, as the poll sees it: its calendars, none `gone`, and its settings. */
function fakeStore(calendars: Array<{ address: string; selected: boolean }>) {
  const saved: Array<Record<string, unknown>> = [];
  const store = {
    calendars: {
      list: () =>
        Promise.resolve(
          calendars.map(({ address, selected }) => ({
            id: `cal-${address}`,
            providerCalendarId: address,
            selected,
            missingSince: null,
          })),
        ),
    },
    syncStatus: { get: () => Promise.resolve(null) },
    connections: {
      patchSettings: (_scope: Scope, _id: string, patch: Record<string, unknown>) => {
        saved.push(patch);
        return Promise.resolve();
      },
    },
  };
  return { store: store as unknown as Store, saved };
}

/** Exchange as the poll sees it: what each mailbox's poll answers, and what it was told to end. */
function fakeExchange(
  answers: Record<string, () => Promise<SharedWatch>>,
  unsubscribe: (id: string) => Promise<void> = () => Promise.resolve(),
) {
  const ended: string[] = [];
  const provider = {
    watchShared: (_remote: ProviderConnection, address: string) =>
      answers[address]?.() ?? Promise.reject(new Error(`no answer for ${address}`)),
    unsubscribe: async (_remote: ProviderConnection, id: string) => {
      await unsubscribe(id);
      ended.push(id);
    },
  };
  return { provider: provider as unknown as ExchangeProvider, ended };
}

const scope: Scope = { orgId: 'org', userId: 'user' };
const remote = { id: 'conn' } as ProviderConnection;
const now = new Date('2026-03-01T12:00:00.000Z');
const subscription = (id: string) => ({ subscriptionId: id, watermark: `${id}-w` });
const connectionWith = (subscriptions: Record<string, ExchangeSubscription>) =>
  ({ id: 'conn', settings: { sharedSubscriptions: subscriptions } }) as unknown as Connection;
const watch = (store: Store) =>
  new ExchangeSharedWatch({
    store,
    sync: { queueCalendar: () => Promise.resolve() },
    logger: createLogger({ logLevel: 'silent' }),
  });

describe('ExchangeSharedWatch.poll', () => {
  it('ends the subscription of a calendar no longer watched even when a mailbox refuses the credentials', async () => {
    const { store, saved } = fakeStore([
      { address: 'boss@contoso.test', selected: true },
      { address: 'old@contoso.test', selected: false },
    ]);
    const refused = new ProviderError('exchange', 'auth', 'credentials refused');
    const { provider, ended } = fakeExchange({
      'boss@contoso.test': () => Promise.reject(refused),
    });
    const connection = connectionWith({
      'boss@contoso.test': subscription('S-boss'),
      'old@contoso.test': subscription('S-old'),
    });
    await expect(watch(store).poll(scope, connection, provider, remote, now)).rejects.toBe(refused);
    expect(ended).toEqual(['S-old']);
    expect(saved.at(-1)?.sharedSubscriptions).toEqual({
      'boss@contoso.test': subscription('S-boss'),
    });
  });

  it('keeps a subscription it could not end, and ends it at the next poll', async () => {
    const { store, saved } = fakeStore([{ address: 'old@contoso.test', selected: false }]);
    let answering = false;
    const { provider, ended } = fakeExchange({}, () =>
      answering ? Promise.resolve() : Promise.reject(new Error('server busy')),
    );
    const first = connectionWith({ 'old@contoso.test': subscription('S-old') });
    await watch(store).poll(scope, first, provider, remote, now);
    // Nothing was ended, so nothing changed: the setting is left as it was.
    expect(saved).toEqual([]);
    answering = true;
    await watch(store).poll(scope, first, provider, remote, now);
    expect(ended).toEqual(['S-old']);
    expect(saved.at(-1)?.sharedSubscriptions).toEqual({});
  });

  it('does not end again a subscription Exchange answered gone and the poll replaced', async () => {
    const { store, saved } = fakeStore([{ address: 'boss@contoso.test', selected: true }]);
    const { provider, ended } = fakeExchange({
      'boss@contoso.test': () =>
        Promise.resolve({ state: 'watching', subscription: subscription('S-new'), changed: true }),
    });
    const connection = connectionWith({ 'boss@contoso.test': subscription('S-lapsed') });
    await watch(store).poll(scope, connection, provider, remote, now);
    expect(ended).toEqual([]);
    expect(saved.at(-1)?.sharedSubscriptions).toEqual({
      'boss@contoso.test': subscription('S-new'),
    });
  });

  it('does not end a subscription Exchange refused', async () => {
    const { store, saved } = fakeStore([{ address: 'boss@contoso.test', selected: true }]);
    const { provider, ended } = fakeExchange({
      'boss@contoso.test': () => Promise.resolve({ state: 'refused', code: 'ErrorAccessDenied' }),
    });
    const connection = connectionWith({ 'boss@contoso.test': subscription('S-boss') });
    await watch(store).poll(scope, connection, provider, remote, now);
    expect(ended).toEqual([]);
    expect(saved.at(-1)?.sharedSubscriptions).toEqual({});
  });
});
