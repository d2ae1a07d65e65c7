/**
 * An Outlook calendar removed by calendar discovery (missing from the account's list on listings
 * a day apart) has its Graph subscription deleted at Graph first. Before, the subscription's row
 * went with the calendar row and Graph kept notifying until the subscription ran out (up to a
 * week), each notification answered as for an unknown subscription. A calendar taken away is
 * played by leaving it out of `/me/calendars` answers (the emulator cannot take one away).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { MISSING_CALENDAR_GRACE_MS } from '../../src/app/services/calendar-discovery-plan.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import {
  DANA,
  danaAtOutlook,
  danasOutlookCalendar,
  discoveryApp,
  graphTime as at,
  microsoftEmulatorEnv,
} from '../support/discovery-env.js';
import type { TestApi } from '../support/test-app.js';

/** A fetch to the emulator whose `/me/calendars` answers leave out the hidden calendars. */
function hidingCalendars(ca: string, hidden: ReadonlySet<string>): typeof fetch {
  const trusting = fetchTrusting(ca);
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await trusting(request);
    if (request.method !== 'GET' || !/\/me\/calendars\/?$/.test(new URL(request.url).pathname))
      return response;
    const page = (await response.json()) as { value: Array<{ id: string }> };
    page.value = page.value.filter((c) => !hidden.has(c.id));
    return Response.json(page, { status: response.status });
  };
}

describeEachDialect('the Graph subscription of a calendar Outlook no longer lists', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let api: TestApi;
  let scope: Scope;
  const hidden = new Set<string>();
  let aheadMs = 0;
  const clock = () => new Date(Date.now() + aheadMs);

  const app = discoveryApp();
  const { refreshLists, calendarNamed } = app;
  const removeAtOutlook = async (remoteId: string) => {
    hidden.add(remoteId);
    await refreshLists();
    aheadMs += MISSING_CALENDAR_GRACE_MS;
    await refreshLists();
  };
  /** Graph's live subscriptions to a calendar (by Outlook's calendar id). */
  const liveAtGraph = (remoteId: string) =>
    emulator.state.subscriptions().filter((s) => s.calendarId === remoteId && !s.removed);

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      seed: danaAtOutlook([
        danasOutlookCalendar(),
        {
          id: 'cal-deals',
          name: 'Deals',
          events: [{ id: 'AAMkDeal', subject: 'Acme call', start: at(30), end: at(31) }],
        },
        {
          id: 'cal-team',
          name: 'Team',
          events: [{ id: 'AAMkTeam', subject: 'Team sync', start: at(32), end: at(33) }],
        },
      ]),
      settings: { notificationRetryDelaysMs: [20, 40], deliveryTimeoutMs: 2_000 },
    });
    ({ api, scope } = await app.start({
      store: context().store,
      env: microsoftEmulatorEnv(emulator),
      clock,
      appOptions: { microsoftFetch: hidingCalendars(emulator.ca, hidden) },
      orgName: `Northwind Outlook discovery push ${context().dialect}`,
      tokenName: 'push',
      settled: () => emulator.state.deliveriesSettled(),
    }));
    await app.connect('outlook', { loginHint: DANA }, fetchTrusting(emulator.ca));
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await emulator?.state.deliveriesSettled();
    await app.close();
    await emulator?.close();
  });

  it('its subscription is deleted at Graph before the calendar is removed', async () => {
    expect(liveAtGraph('cal-deals')).toHaveLength(1);
    await removeAtOutlook('cal-deals');
    expect(await calendarNamed('cal-deals')).toBeUndefined();
    expect(liveAtGraph('cal-deals')).toEqual([]);
    // The others keep theirs.
    expect(liveAtGraph('cal-dana')).toHaveLength(1);
    expect(liveAtGraph('cal-team')).toHaveLength(1);
  });

  it('a delete Graph refuses is logged, and the calendar is removed all the same', async () => {
    const team = (await calendarNamed('cal-team'))!;
    const warn = vi.spyOn(api.app.logger, 'warn');
    const fault = emulator.state.addFault({
      fault: 'internalServerError',
      match: { method: 'DELETE', pathIncludes: '/subscriptions/' },
    });
    try {
      await removeAtOutlook('cal-team');
    } finally {
      emulator.state.removeFault(fault.id);
    }
    expect(await calendarNamed('cal-team')).toBeUndefined();
    expect(await api.app.store.events.count(scope, { calendarId: team.id })).toBe(0);
    expect(liveAtGraph('cal-team')).toHaveLength(1);
    const messages = warn.mock.calls.map((args) => String(args[1] ?? args[0]));
    expect(messages).toContain('could not delete a Graph subscription');
  });
});
