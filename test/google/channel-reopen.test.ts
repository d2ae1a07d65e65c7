/**
 * A calendar whose events.watch failed while connecting (one 503: gaxios does not retry a POST)
 * had no push channel until the account was connected again: channels were opened only at
 * connect, and the hourly renewal only replaced channels that existed. The renewal now also
 * opens a channel for each selected calendar of an active Google connection that has none.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGoogleEmulator } from '../../emulators/google/index.js';
import { describeEachDialect } from '../support/databases.js';
import { startGoogleAccount } from '../support/google-account.js';
import type { TestApi } from '../support/test-app.js';
import { connectGoogleByApi, danaAndTeamSeed } from '../support/google-env.js';

const DANA = 'dana@northwind.io';
const TEAM = 'team@northwind.io';

describeEachDialect('a Google push channel that could not be opened at connect', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };
  let token: string;

  beforeAll(async () => {
    ({ emulator, api, scope, token } = await startGoogleAccount(context().store, {
      seed: danaAndTeamSeed(DANA, TEAM),
      email: DANA,
      name: 'Dana',
      orgName: `Northwind reopen ${context().dialect}`,
      pushRetryDelaysMs: [20],
    }));
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const activeChannels = async () =>
    (await api.app.store.pushChannels.list(scope, { status: 'active' })).map((c) => c.calendarId);

  it('is opened by the next renewal, for selected calendars only, and only once', async () => {
    // Both calendars' watches fail once while connecting.
    emulator.state.addFault({
      fault: 'serviceUnavailable',
      times: 2,
      match: { method: 'POST', pathIncludes: '/events/watch' },
    });
    await connectGoogleByApi(api.server, token, DANA);
    expect(await activeChannels()).toEqual([]);
    expect(emulator.state.channels()).toEqual([]);

    const calendars = await api.app.store.calendars.list(scope);
    const primary = calendars.find((c) => c.providerCalendarId === DANA);
    const team = calendars.find((c) => c.providerCalendarId === TEAM);
    if (!primary || !team) throw new Error('the calendars were not listed');
    await api.app.store.calendars.setSelected(scope, team.id, false);

    expect(await api.app.google.renewChannels()).toEqual({ renewed: 0, opened: 1, failed: 0 });
    expect(await activeChannels()).toEqual([primary.id]);
    const [stored] = await api.app.store.pushChannels.list(scope, { status: 'active' });
    expect(emulator.state.channels().map((c) => c.id)).toEqual([stored?.id]);

    // The next hour finds nothing missing.
    expect(await api.app.google.renewChannels()).toEqual({ renewed: 0, opened: 0, failed: 0 });

    // Selected again later: the renewal opens its channel too.
    await api.app.store.calendars.setSelected(scope, team.id, true);
    expect(await api.app.google.renewChannels()).toEqual({ renewed: 0, opened: 1, failed: 0 });
    expect((await activeChannels()).sort()).toEqual([primary.id, team.id].sort());
  });
});
