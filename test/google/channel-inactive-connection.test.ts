/**
 * `renew_webhook_channels` on a connection that is no longer active (its grant refused, or
 * disconnected without its channels stopped): nothing is renewed or opened, each active channel
 * is stopped at Google while the tokens still allow it and is no longer active here, whatever
 * its expiry. Before, only a channel within a day of its end was touched (marked expired,
 * never stopped), so Google kept notifying, and each notification queued a sync, for up to a
 * week. A stop Google refuses is logged and the channel retired all the same; what Google still
 * sends on a retired channel is answered 200 and ignored, so Google does not retry it.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { startGoogleAccount } from '../support/google-account.js';
import { connectGoogleByApi, danaAndTeamSeed } from '../support/google-env.js';
import type { TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const TEAM = 'team@northwind.io';

describeEachDialect('Google channels of an inactive connection', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };
  let apiToken: string;
  let round = 0;

  beforeAll(async () => {
    ({
      emulator,
      api,
      scope,
      token: apiToken,
    } = await startGoogleAccount(context().store, {
      seed: danaAndTeamSeed(DANA, TEAM),
      email: DANA,
      name: 'Dana',
      orgName: `Northwind inactive channels ${context().dialect}`,
    }));
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  beforeEach(async () => {
    round++;
    await connectGoogleByApi(api.server, apiToken, DANA);
  });

  async function connection() {
    const [listed] = await api.app.store.connections.list(scope);
    if (!listed) throw new Error('not connected');
    return listed;
  }
  const active = async () =>
    (await api.app.store.pushChannels.list(scope)).filter((c) => c.status === 'active');
  const runningAtGoogle = () => emulator.state.channels().filter((c) => !c.stopped);

  /** A message Google sends on the channel, as the webhook route answers it. */
  async function notify(channelId: string) {
    const channel = emulator.state.channels().find((c) => c.id === channelId);
    if (!channel) throw new Error(`no channel ${channelId} at Google`);
    return api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/webhook/google/',
      headers: {
        'x-goog-channel-id': channel.id,
        'x-goog-channel-token': channel.token ?? '',
        'x-goog-resource-id': channel.resourceId,
        'x-goog-resource-state': 'exists',
        'x-goog-message-number': String(100 + round),
      },
    });
  }

  it('are stopped at Google and retired when the grant was refused, long before they expire', async () => {
    const channels = await active();
    expect(channels).toHaveLength(2);
    expect(runningAtGoogle()).toHaveLength(2);
    const { id } = await connection();
    await api.app.store.connections.updateStatus(scope, id, 'reauth_required', 'invalid_grant');
    // Before the renewal comes round, a change at Google queues nothing either.
    const early = await notify(channels[1]?.id ?? '');
    expect(early.statusCode).toBe(200);
    expect(early.json()).toEqual({ outcome: 'ignored', reason: 'the connection is not active' });

    expect(await api.app.google.renewChannels()).toEqual({ renewed: 0, opened: 0, failed: 0 });

    expect(await active()).toEqual([]);
    const stored = await api.app.store.pushChannels.list(scope);
    expect(
      stored.filter((c) => channels.some((old) => old.id === c.id)).map((c) => c.status),
    ).toEqual(['stopped', 'stopped']);
    expect(runningAtGoogle()).toEqual([]);
    // What Google still sends on one is answered (no retry) and queues nothing.
    const late = await notify(channels[0]?.id ?? '');
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ outcome: 'ignored' });
  });

  it('are retired all the same when Google refuses channels.stop, and say so', async () => {
    const channels = await active();
    expect(channels).toHaveLength(2);
    const { id } = await connection();
    await api.app.store.connections.updateStatus(scope, id, 'disconnected');
    emulator.state.addFault({
      fault: 'serviceUnavailable',
      times: 2,
      match: { method: 'POST', pathIncludes: '/channels/stop' },
    });

    expect(await api.app.google.renewChannels()).toEqual({ renewed: 0, opened: 0, failed: 0 });

    expect(await active()).toEqual([]);
    const stored = await api.app.store.pushChannels.list(scope);
    expect(
      stored.filter((c) => channels.some((old) => old.id === c.id)).map((c) => c.status),
    ).toEqual(['expired', 'expired']);
    // Google still runs them; their messages are answered and ignored.
    expect(
      runningAtGoogle()
        .map((c) => c.id)
        .sort(),
    ).toEqual(channels.map((c) => c.id).sort());
    const late = await notify(channels[1]?.id ?? '');
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ outcome: 'ignored' });
  });
});
