import { EventType, type ExchangeService, type PullSubscription } from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import { ALICE, buildItem, buildSeed, calendarFolder, ewsClient, failure } from './test-kit.js';

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  emulator = await startExchangeEmulator({
    seed: buildSeed([buildItem({ id: 'AAMkExisting' })]),
    settings: { maxEventsPerGetEvents: 2 },
  });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());

const subscribe = (watermark: string | null = null) =>
  ews.SubscribeToPullNotifications(
    [calendarFolder()],
    30,
    watermark as string,
    EventType.Created,
    EventType.Modified,
    EventType.Deleted,
  );

async function events(subscription: PullSubscription) {
  const result = await subscription.GetEvents();
  return {
    events: result.ItemEvents.map((e) => [EventType[e.EventType], e.ItemId.UniqueId]),
    more: subscription.MoreEventsAvailable,
  };
}

describe('pull subscriptions', () => {
  it('reports changes after the watermark, MoreEvents when there are more, then nothing new', async () => {
    const subscription = await subscribe();
    expect(subscription.Watermark).toBeTruthy();
    const added = emulator.state.addItem(ALICE, buildItem());
    emulator.state.moveItem(ALICE, 'AAMkExisting', {
      start: '2026-03-05T09:00:00Z',
      end: '2026-03-05T10:00:00Z',
    });
    emulator.state.deleteItem(ALICE, added.id);

    const first = await events(subscription);
    expect(first).toEqual({
      events: [
        ['Created', added.id],
        ['Modified', 'AAMkExisting'],
      ],
      more: true,
    });
    const second = await events(subscription);
    expect(second).toEqual({ events: [['Deleted', added.id]], more: false });
    expect(await events(subscription)).toEqual({ events: [], more: false });
  });

  it('resumes from a watermark given to Subscribe', async () => {
    const subscription = await subscribe();
    const mark = subscription.Watermark;
    const added = emulator.state.addItem(ALICE, buildItem());
    const resumed = await subscribe(mark);
    expect((await events(resumed)).events).toEqual([['Created', added.id]]);
  });

  it('refuses purged or unreadable watermarks with ErrorInvalidWatermark', async () => {
    const subscription = await subscribe();
    emulator.state.invalidateWatermarks(ALICE);
    expect((await failure(subscription.GetEvents())).code).toBe('ErrorInvalidWatermark');
    expect((await failure(subscribe('bm90IGEgd2F0ZXJtYXJr'))).code).toBe('ErrorInvalidWatermark');
    // Recovery as the contract says: subscribe again without the old watermark.
    expect((await events(await subscribe())).events).toEqual([]);
  });

  it('answers ErrorSubscriptionNotFound for expired and unsubscribed subscriptions', async () => {
    const expiring = await subscribe();
    expect(emulator.state.expireSubscriptions(ALICE)).toBeGreaterThan(0);
    expect((await failure(expiring.GetEvents())).code).toBe('ErrorSubscriptionNotFound');
    const leaving = await subscribe();
    await leaving.Unsubscribe();
    expect((await failure(leaving.GetEvents())).code).toBe('ErrorSubscriptionNotFound');
  });
});
