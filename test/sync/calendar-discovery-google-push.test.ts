/**
 * A Google calendar removed by calendar discovery (missing from the account's list on listings a
 * day apart) has its push channel stopped at Google first. Before, the channel row went with the
 * calendar row and Google kept notifying for up to a week, each notification answered as for an
 * unknown channel. Stopping is best-effort: when Google refuses it, the refusal is logged and
 * the calendar is removed all the same (the channel then runs out by itself).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { MISSING_CALENDAR_GRACE_MS } from '../../src/app/services/calendar-discovery-plan.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import {
  berlinCalendar,
  DANA,
  danaAtGoogle,
  danasPrimaryCalendar,
  discoveryApp,
  googleMeeting,
} from '../support/discovery-env.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { startGoogleListProxy, type GoogleListProxy } from '../support/google-list-proxy.js';
import type { TestApi } from '../support/test-app.js';

const TEAM = 'team@group.calendar.google.com';
const DEALS = 'deals@group.calendar.google.com';

describeEachDialect('push channels of a calendar Google no longer lists', (context) => {
  let emulator: RunningGoogleEmulator;
  let proxy: GoogleListProxy;
  let api: TestApi;
  let scope: Scope;
  // The app's clock runs this far ahead of the wall clock: the grace is a day.
  let aheadMs = 0;
  const clock = () => new Date(Date.now() + aheadMs);

  const app = discoveryApp();
  const { refreshLists, calendarNamed } = app;
  /** Hidden from Google's list, then listed again past the grace: removed. */
  const removeAtGoogle = async (remoteId: string) => {
    proxy.hidden.add(remoteId);
    await refreshLists();
    aheadMs += MISSING_CALENDAR_GRACE_MS;
    await refreshLists();
  };
  /** The channels Google runs for a calendar (by Google's calendar id), not stopped. */
  const runningAtGoogle = (remoteId: string) =>
    emulator.state.channels().filter((c) => c.calendarId === remoteId && !c.stopped);

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: danaAtGoogle([
        danasPrimaryCalendar([googleMeeting('own1', 24)]),
        berlinCalendar(TEAM, 'Team', [googleMeeting('team1', 26)]),
        berlinCalendar(DEALS, 'Deals', [googleMeeting('deal1', 28)]),
      ]),
      pushRetryDelaysMs: [20, 40],
    });
    proxy = await startGoogleListProxy(emulator.url);
    ({ api, scope } = await app.start({
      store: context().store,
      env: { ...googleEmulatorEnv(emulator), GOOGLE_CALENDAR_API_URL: proxy.url },
      clock,
      orgName: `Northwind discovery push ${context().dialect}`,
      tokenName: 'push',
    }));
    await app.connect('google');
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await app.close();
    await proxy?.close();
    await emulator?.close();
  });

  it('its channel is stopped at Google before the calendar is removed', async () => {
    expect(runningAtGoogle(TEAM)).toHaveLength(1);
    expect(runningAtGoogle(DANA)).toHaveLength(1);
    await removeAtGoogle(TEAM);
    expect(await calendarNamed(TEAM)).toBeUndefined();
    expect(runningAtGoogle(TEAM)).toEqual([]);
    // The others keep theirs, here and at Google.
    expect(runningAtGoogle(DANA)).toHaveLength(1);
    const own = (await calendarNamed(DANA))!;
    const active = await api.app.store.pushChannels.list(scope, { status: 'active' });
    expect(active.map((c) => c.calendarId)).toContain(own.id);
  });

  it('a stop Google refuses is logged, and the calendar is removed all the same', async () => {
    const deals = (await calendarNamed(DEALS))!;
    expect(runningAtGoogle(DEALS)).toHaveLength(1);
    const warn = vi.spyOn(api.app.logger, 'warn');
    const fault = emulator.state.addFault({
      fault: 'serviceUnavailable',
      match: { method: 'POST', pathIncludes: '/channels/stop' },
    });
    try {
      await removeAtGoogle(DEALS);
    } finally {
      emulator.state.removeFault(fault.id);
    }
    expect(await calendarNamed(DEALS)).toBeUndefined();
    expect(await api.app.store.events.count(scope, { calendarId: deals.id })).toBe(0);
    // Google runs it out by itself; what it still sends is answered as for an unknown channel.
    expect(runningAtGoogle(DEALS)).toHaveLength(1);
    const messages = warn.mock.calls.map((args) => String(args[1] ?? args[0]));
    expect(messages).toContain('could not stop a Google channel');
  });
});
