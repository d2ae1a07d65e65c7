/**
 * Reconnecting a Google account opens fresh push channels. Before, the OAuth callback of an
 * account already connected opened channels only for calendars without an active one: after
 * Google lost the channels (here the emulator's reset, which forgets channels and grants, as its
 * restart does) and the connection went reauth_required, reconnecting left the old rows active
 * with their week-long expiry while Google had none, and changes waited for the poll.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { startGoogleAccount } from '../support/google-account.js';
import { connectGoogleByApi, danaAndTeamSeed } from '../support/google-env.js';
import type { TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const TEAM = 'team@northwind.io';

interface ControlChannel {
  id: string;
  calendarId: string;
  stopped?: boolean;
}

describeEachDialect('reconnecting a Google account', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };
  let apiToken: string;

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
      orgName: `Northwind reconnect channels ${context().dialect}`,
    }));
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  /** What the emulator's control API says Google is running. */
  async function channelsAtGoogle(): Promise<ControlChannel[]> {
    const answer = await fetch(`${emulator.url}/__control/channels`);
    const channels = (await answer.json()) as ControlChannel[];
    return channels.filter((c) => !c.stopped);
  }
  const activeRows = () => api.app.store.pushChannels.list(scope, { status: 'active' });

  it('replaces channels Google lost while their rows still read active', async () => {
    await connectGoogleByApi(api.server, apiToken, DANA);
    const before = await activeRows();
    expect(before).toHaveLength(2);
    expect((await channelsAtGoogle()).map((c) => c.id).sort()).toEqual(
      before.map((c) => c.id).sort(),
    );

    // Google forgets every channel and grant; the next refresh is refused.
    const reset = await fetch(`${emulator.url}/__control/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(await channelsAtGoogle()).toEqual([]);
    const [connection] = await api.app.store.connections.list(scope);
    if (!connection) throw new Error('not connected');
    await api.app.store.connections.updateStatus(
      scope,
      connection.id,
      'reauth_required',
      'invalid_grant',
    );

    await connectGoogleByApi(api.server, apiToken, DANA);

    const after = await activeRows();
    expect(after).toHaveLength(2);
    expect(after.map((c) => c.calendarId).sort()).toEqual(before.map((c) => c.calendarId).sort());
    expect(after.some((c) => before.some((old) => old.id === c.id))).toBe(false);
    expect((await channelsAtGoogle()).map((c) => c.id).sort()).toEqual(
      after.map((c) => c.id).sort(),
    );
    const all = await api.app.store.pushChannels.list(scope);
    expect(all.filter((c) => before.some((old) => old.id === c.id)).map((c) => c.status)).toEqual([
      'stopped',
      'stopped',
    ]);
  });

  it('replaces live channels too, stopping the old ones at Google', async () => {
    const before = await activeRows();
    expect(before).toHaveLength(2);

    await connectGoogleByApi(api.server, apiToken, DANA);

    const after = await activeRows();
    expect(after).toHaveLength(2);
    expect(after.some((c) => before.some((old) => old.id === c.id))).toBe(false);
    expect((await channelsAtGoogle()).map((c) => c.id).sort()).toEqual(
      after.map((c) => c.id).sort(),
    );
  });
});
