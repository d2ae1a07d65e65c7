/**
 * An Outlook calendar created after the account was connected, against the Graph emulator: a
 * sync of everything asked for by the user (`POST /sync/` without a calendar) lists the
 * account's calendars again, stores the new one as connect does, subscribes it and syncs it.
 * Before, only connecting again would have found it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
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

describeEachDialect('an Outlook calendar created after connecting', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let api: TestApi;
  let scope: Scope;

  const app = discoveryApp();
  const { call, settle } = app;

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      seed: danaAtOutlook([danasOutlookCalendar()]),
      settings: { notificationRetryDelaysMs: [20, 40], deliveryTimeoutMs: 2_000 },
    });
    ({ api, scope } = await app.start({
      store: context().store,
      env: microsoftEmulatorEnv(emulator),
      appOptions: { microsoftFetch: fetchTrusting(emulator.ca) },
      orgName: `Northwind Outlook discovery ${context().dialect}`,
      tokenName: 'discovery',
      settled: () => emulator.state.deliveriesSettled(),
    }));
    await app.connect('outlook', { loginHint: DANA }, fetchTrusting(emulator.ca));
  });

  afterAll(async () => {
    await emulator?.state.deliveriesSettled();
    await app.close();
    await emulator?.close();
  });

  it('is found by a sync of everything, subscribed and synced', async () => {
    expect((await api.app.store.calendars.list(scope)).map((c) => c.name)).toEqual(['Calendar']);
    const added = emulator.state.addCalendar(DANA, {
      id: 'cal-deals',
      name: 'Deals',
      events: [{ id: 'AAMkDeal', subject: 'Acme negotiation', start: at(30), end: at(31) }],
    });
    expect((await call('POST', '/api/v1/calendar/sync/', {})).status).toBe(202);
    await settle();
    const deals = (await api.app.store.calendars.list(scope)).find((c) => c.name === 'Deals');
    expect(deals).toMatchObject({
      providerCalendarId: added.id,
      selected: true,
      missingSince: null,
    });
    expect((await api.app.store.syncStatus.get(scope, deals!.id))?.state).toBe('ok');
    const titles = (await api.app.store.events.list(scope, { limit: 50, cursor: null })).items
      .filter((item) => item.calendarId === deals!.id)
      .map((item) => item.event.title);
    expect(titles).toEqual(['Acme negotiation']);
    const subscribed = await api.app.store.pushChannels.list(scope, { status: 'active' });
    expect(subscribed.map((c) => c.calendarId)).toContain(deals!.id);
  });
});
