/**
 * Opening a Google channel for a calendar is exclusive. A connect and the hourly renewal (or two
 * renewals) that both found a calendar without a channel each opened one: two watch channels for
 * one calendar, the second notifying for nothing and stopped by nobody. The opener that comes
 * second now finds the first one's channel (pending or active) and opens none.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import {
  connectGoogleByApi,
  danaAndTeamSeed,
  googleEmulatorEnv,
  watchByHand,
} from '../support/google-env.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const TEAM = 'team@northwind.io';
const WATCH = { method: 'POST', pathIncludes: '/events/watch' };

describeEachDialect('opening Google channels from two places at once', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };
  let connectionId: string;

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: danaAndTeamSeed(DANA, TEAM),
      pushRetryDelaysMs: [20],
    });
    api = await buildTestApi(
      context().store,
      {
        ...googleEmulatorEnv(emulator),
        // Nothing listens there: Google's messages fail, which does not matter here.
        CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
        // A week: every channel (Google's last at most that long) is due for replacement.
        GOOGLE_CHANNEL_RENEW_BEFORE_HOURS: '168',
      },
      () => new Date(),
    );
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName: `Northwind channel race ${context().dialect}`,
      name: 'Dana',
      timeZone: 'UTC',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: created.organisation.id, userId: created.user.id };
    const token = (await api.app.store.apiTokens.create(scope, 'test')).token;
    // Both watches fail while connecting, so that both calendars start without a channel.
    emulator.state.addFault({ fault: 'serviceUnavailable', times: 2, match: WATCH });
    await connectGoogleByApi(api.server, token, DANA);
    const [connection] = await api.app.store.connections.list(scope);
    connectionId = connection?.id ?? '';
  });
  afterEach(() => emulator.state.clearFaults());
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  /** Per calendar (provider id): the channels Google is running, and those stored as active. */
  async function channelsByCalendar() {
    const calendars = await api.app.store.calendars.list(scope);
    const providerIdOf = new Map(calendars.map((c) => [c.id, c.providerCalendarId]));
    const stored = await api.app.store.pushChannels.list(scope, { status: 'active' });
    const running = emulator.state.channels().filter((c) => !c.stopped);
    return calendars.map((calendar) => ({
      calendar: calendar.providerCalendarId,
      running: running.filter((c) => c.calendarId === calendar.providerCalendarId).map((c) => c.id),
      active: stored
        .filter((c) => providerIdOf.get(c.calendarId) === calendar.providerCalendarId)
        .map((c) => c.id),
    }));
  }

  it('a connect and the renewal racing open one channel per calendar', async () => {
    expect(emulator.state.channels()).toEqual([]);
    // Slow watches keep both openers in flight together, as a real race would.
    emulator.state.addFault({ fault: 'slow', delayMs: 300, times: 4, match: WATCH });
    const [opened, renewal] = await Promise.all([
      api.app.google.channels.openChannels(scope, connectionId),
      api.app.google.renewChannels(),
    ]);
    expect(opened + renewal.opened).toBe(2);
    expect(renewal.failed).toBe(0);
    for (const { running, active } of await channelsByCalendar()) {
      expect(running).toHaveLength(1);
      expect(active).toEqual(running);
    }
  });

  it('two renewals replacing the same expiring channels replace each once', async () => {
    const before = await channelsByCalendar();
    emulator.state.addFault({ fault: 'slow', delayMs: 300, times: 4, match: WATCH });
    const [first, second] = await Promise.all([
      api.app.google.renewChannels(),
      api.app.google.renewChannels(),
    ]);
    expect(first.renewed + second.renewed).toBe(2);
    expect(first.failed + second.failed).toBe(0);
    const after = await channelsByCalendar();
    for (const { calendar, running, active } of after) {
      expect(running).toHaveLength(1);
      expect(active).toEqual(running);
      // Replaced: the old channel is stopped at Google.
      expect(running).not.toEqual(before.find((b) => b.calendar === calendar)?.running);
    }
  });

  it('two active channels for one calendar (opened before this was exclusive) become one', async () => {
    const primary = (await api.app.store.calendars.list(scope)).find(
      (c) => c.providerCalendarId === DANA,
    );
    if (!primary) throw new Error('the calendar was not listed');
    const duplicate = await watchAtGoogle(DANA, 'duplicate-channel');
    await api.app.store.pushChannels.create(scope, {
      id: 'duplicate-channel',
      provider: 'google',
      connectionId,
      calendarId: primary.id,
      resourceId: duplicate.resourceId,
      token: 'duplicate-token',
      expiresAt: new Date(Number(duplicate.expiration)),
    });
    expect((await channelsByCalendar()).map((c) => c.running.length).sort()).toEqual([1, 2]);

    await api.app.google.renewChannels();

    for (const { running, active } of await channelsByCalendar()) {
      expect(running).toHaveLength(1);
      expect(active).toEqual(running);
    }
  });

  /** events.watch called by hand, as the opener of a duplicate did. */
  async function watchAtGoogle(calendar: string, channelId: string) {
    const full = await api.app.store.connections.get(scope, connectionId);
    const answer = await watchByHand(emulator, full?.secrets['accessToken'] ?? '', {
      calendar,
      id: channelId,
      token: 'duplicate-token',
    });
    expect(answer.status).toBe(200);
    return (await answer.json()) as { resourceId: string; expiration: string };
  }
});
