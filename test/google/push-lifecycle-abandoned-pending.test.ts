/**
 * A channel is stored as pending before events.watch is called and completed after. A process
 * that dies in between leaves the pending row behind for good, and, when Google had already
 * opened the channel, a channel nobody stops. The renewal treats a pending row older than a
 * few minutes as abandoned: it deletes it, stops Google's channel, and opens a fresh one. A
 * recent pending row is an opener still at work, and is left alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { startGoogleAccount } from '../support/google-account.js';
import { connectGoogleByApi, danaAndTeamSeed, watchByHand } from '../support/google-env.js';
import type { TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const TEAM = 'team@northwind.io';
const MINUTE_MS = 60_000;

describeEachDialect('a Google channel left pending by a crash', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };

  beforeAll(async () => {
    let token: string;
    ({ emulator, api, scope, token } = await startGoogleAccount(context().store, {
      seed: danaAndTeamSeed(DANA, TEAM),
      email: DANA,
      name: 'Dana',
      orgName: `Northwind abandoned channel ${context().dialect}`,
      pushRetryDelaysMs: [20],
    }));
    // Both watches fail while connecting: the calendars start without a channel.
    emulator.state.addFault({
      fault: 'serviceUnavailable',
      times: 2,
      match: { method: 'POST', pathIncludes: '/events/watch' },
    });
    await connectGoogleByApi(api.server, token, DANA);
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  /** events.watch as the dead process made it, before it could complete its row. */
  async function watchAtGoogle(calendar: string, channelId: string): Promise<void> {
    const [connection] = await api.app.store.connections.list(scope);
    const full = await api.app.store.connections.get(scope, connection?.id ?? '');
    const answer = await watchByHand(emulator, full?.secrets['accessToken'] ?? '', {
      calendar,
      id: channelId,
      token: 'lost-token',
    });
    expect(answer.status).toBe(200);
  }

  async function storePending(calendarId: string, channelId: string, ageMs: number) {
    const [connection] = await api.app.store.connections.list(scope);
    await api.app.store.pushChannels.create(
      scope,
      {
        id: channelId,
        provider: 'google',
        connectionId: connection?.id ?? '',
        calendarId,
        resourceId: '',
        token: 'lost-token',
        expiresAt: null,
        status: 'pending',
      },
      new Date(Date.now() - ageMs),
    );
  }

  it('is deleted, stopped at Google and replaced; a recent one is left to its opener', async () => {
    const calendars = await api.app.store.calendars.list(scope);
    const primary = calendars.find((c) => c.providerCalendarId === DANA);
    const team = calendars.find((c) => c.providerCalendarId === TEAM);
    if (!primary || !team) throw new Error('the calendars were not listed');
    // Dana's: Google opened the channel, then the process died before completing its row.
    await watchAtGoogle(DANA, 'abandoned-channel');
    await storePending(primary.id, 'abandoned-channel', 15 * MINUTE_MS);
    // The team calendar's: an opener that started a moment ago and is still waiting on Google.
    await storePending(team.id, 'opening-channel', MINUTE_MS);

    expect(await api.app.google.renewChannels()).toEqual({ renewed: 0, opened: 1, failed: 0 });

    const stored = await api.app.store.pushChannels.list(scope);
    expect(stored.find((c) => c.id === 'abandoned-channel')).toBeUndefined();
    expect(stored.filter((c) => c.status === 'pending').map((c) => c.id)).toEqual([
      'opening-channel',
    ]);
    const active = stored.filter((c) => c.status === 'active');
    expect(active.map((c) => c.calendarId)).toEqual([primary.id]);
    const running = emulator.state.channels().filter((c) => !c.stopped);
    expect(running.map((c) => c.id)).toEqual(active.map((c) => c.id));
    expect(emulator.state.channels().find((c) => c.id === 'abandoned-channel')?.stopped).toBe(true);
  });

  it('is cleared when nothing was opened at Google, and its calendar gets a channel', async () => {
    const team = (await api.app.store.calendars.list(scope)).find(
      (c) => c.providerCalendarId === TEAM,
    );
    if (!team) throw new Error('the team calendar was not listed');
    // The team calendar's opener died too, before events.watch: its row is now old.
    await api.app.store.pushChannels.delete(scope, 'opening-channel');
    await storePending(team.id, 'never-opened', 15 * MINUTE_MS);

    expect(await api.app.google.renewChannels()).toEqual({ renewed: 0, opened: 1, failed: 0 });

    const stored = await api.app.store.pushChannels.list(scope);
    expect(stored.filter((c) => c.status === 'pending')).toEqual([]);
    expect(stored.filter((c) => c.status === 'active')).toHaveLength(2);
    const running = emulator.state.channels().filter((c) => !c.stopped);
    expect(running).toHaveLength(2);
  });
});
