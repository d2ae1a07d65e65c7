/**
 * Google sends a channel's `sync` message right after events.watch creates it, and it may reach
 * the webhook before events.watch has answered us. The channel used to be stored only after that
 * answer, so the message was refused (401) and counted as a forged notification. A channel is now
 * stored as pending (id and token hash) before the call, completed after, deleted if it fails.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { startGoogleAccount } from '../support/google-account.js';
import type { TestApi } from '../support/test-app.js';
import { connectGoogleByApi, danaAndTeamSeed } from '../support/google-env.js';

const DANA = 'dana@northwind.io';
const TEAM = 'team@northwind.io';

describeEachDialect('the sync message of a new Google channel', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };
  let token: string;

  beforeAll(async () => {
    ({ emulator, api, scope, token } = await startGoogleAccount(context().store, {
      seed: danaAndTeamSeed(DANA, TEAM),
      email: DANA,
      name: 'Dana',
      orgName: `Northwind sync message ${context().dialect}`,
      pushRetryDelaysMs: [20],
      listen: true,
    }));
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  async function connect(): Promise<void> {
    await connectGoogleByApi(api.server, token, DANA);
  }

  it('is accepted when it arrives before events.watch has answered', async () => {
    // Whatever stores a channel Google already has waits until Google's messages for it have
    // been delivered: the `sync` message always wins the race.
    const channels = api.app.store.pushChannels as Record<string, unknown>;
    const originals = new Map<string, unknown>();
    for (const name of ['create', 'complete']) {
      const original = channels[name];
      if (typeof original !== 'function') continue;
      originals.set(name, original);
      channels[name] = async (...args: unknown[]) => {
        const id = (args[1] as { id?: string } | string | undefined) ?? '';
        const channelId = typeof id === 'string' ? id : id.id;
        if (emulator.state.channels().some((c) => c.id === channelId)) {
          await emulator.state.deliveriesSettled();
        }
        return (original as (...a: unknown[]) => unknown).apply(channels, args);
      };
    }
    const outcomes: string[] = [];
    const deps = (api.app.google as unknown as { channels: { deps: Record<string, unknown> } })
      .channels.deps;
    const counted = deps['onNotification'] as ((outcome: string) => void) | undefined;
    deps['onNotification'] = (outcome: string) => {
      outcomes.push(outcome);
      counted?.(outcome);
    };
    try {
      await connect();
      await emulator.state.deliveriesSettled();
    } finally {
      for (const [name, original] of originals) channels[name] = original;
      deps['onNotification'] = counted;
    }

    const deliveries = emulator.state.deliveries();
    expect(deliveries.map((d) => d.resourceState)).toEqual(['sync', 'sync']);
    expect(deliveries.map((d) => d.outcome)).toEqual(['delivered', 'delivered']);
    expect(outcomes).toEqual(['ignored', 'ignored']);
    const stored = await api.app.store.pushChannels.list(scope);
    expect(stored.map((c) => c.status)).toEqual(['active', 'active']);
    expect(stored.map((c) => c.lastMessageNumber)).toEqual([1, 1]);
    expect(stored.map((c) => c.resourceId).sort()).toEqual(
      emulator.state
        .channels()
        .map((c) => c.resourceId)
        .sort(),
    );
  });

  it('refuses anything but a sync message on a channel still pending', async () => {
    const [calendar] = await api.app.store.calendars.list(scope);
    const [connection] = await api.app.store.connections.list(scope);
    if (!calendar || !connection) throw new Error('not connected');
    await api.app.store.pushChannels.create(scope, {
      id: 'pending-channel-1',
      provider: 'google',
      connectionId: connection.id,
      calendarId: calendar.id,
      resourceId: '',
      token: 'pending-token',
      expiresAt: null,
      status: 'pending',
    });
    const message = (state: string, channelToken = 'pending-token') =>
      api.app.google.handleNotification({
        'x-goog-channel-id': 'pending-channel-1',
        'x-goog-channel-token': channelToken,
        'x-goog-resource-id': 'some-resource',
        'x-goog-resource-state': state,
        'x-goog-message-number': state === 'sync' ? '1' : '5',
      });
    expect((await message('sync', 'a forged token')).outcome).toBe('rejected');
    expect((await message('exists')).outcome).toBe('rejected');
    expect((await message('not_exists')).outcome).toBe('rejected');
    expect((await message('sync')).outcome).toBe('ignored');
    await api.app.store.pushChannels.delete(scope, 'pending-channel-1');
  });

  it('leaves no channel behind when events.watch fails', async () => {
    const before = (await api.app.store.pushChannels.list(scope)).map((c) => c.id);
    emulator.state.addFault({
      fault: 'serviceUnavailable',
      times: 2,
      match: { method: 'POST', pathIncludes: '/events/watch' },
    });
    const [calendar] = await api.app.store.calendars.list(scope);
    const [connection] = await api.app.store.connections.list(scope);
    if (!calendar || !connection) throw new Error('not connected');
    for (const channel of await api.app.store.pushChannels.list(scope, { status: 'active' }))
      await api.app.store.pushChannels.setStatus(scope, channel.id, 'stopped');
    expect(await api.app.google.channels.openChannels(scope, connection.id)).toBe(0);
    expect((await api.app.store.pushChannels.list(scope)).map((c) => c.id)).toEqual(before);
  });
});
