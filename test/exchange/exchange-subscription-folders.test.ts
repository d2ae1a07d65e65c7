/**
 * The mailbox's pull subscription follows the synced calendars (exchange.service.ts), through the
 * API against the EWS emulator: a calendar turned off leaves the subscription at the next poll;
 * a folder hard-deleted while watched is marked missing by the poll that finds it gone, as
 * calendar discovery would, so that the subscription and the watched calendars agree. Before,
 * the subscription left the folder out while the calendar stayed watched, and every minute's
 * poll replaced the subscription and synced every calendar until the hourly discovery ran; and
 * when that folder was the only one watched, every poll failed.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const TEAM = 'AAMkFldTeamHolidays';
const ON_CALL = 'AAMkFldOnCall';

describeEachDialect('Exchange subscription and calendar folders', (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };
  let now = TEST_NOW.getTime();

  const byRemoteId = async (id: string) =>
    (await api.app.store.calendars.list(scope)).find((c) => c.providerCalendarId === id);
  const subscription = async () => {
    const [connection] = await api.app.store.connections.list(scope);
    const full = await api.app.store.connections.get(scope, connection!.id);
    return full?.settings['subscription'] as
      { subscriptionId: string; calendarIds?: string[] } | undefined;
  };
  const poll = async () => {
    now += 60_000;
    const outcome = await api.app.exchange.pollAll();
    await api.app.queue.drain();
    return outcome;
  };
  const select = async (remoteId: string, selected: boolean) => {
    const calendar = await byRemoteId(remoteId);
    const response = await api.server.inject({
      method: 'PATCH',
      url: `/api/v1/calendar/calendars/${calendar!.id}/`,
      headers: bearer(token),
      payload: { selected },
    });
    expect(response.statusCode, response.body).toBe(200);
    await api.app.queue.drain();
  };

  beforeAll(async () => {
    const seed = buildSeed([
      buildItem({ id: 'AAMkMain', subject: 'Acme pricing call' }),
      buildItem({ id: 'AAMkTeam', subject: 'Team offsite', folderId: TEAM }),
      buildItem({ id: 'AAMkOnCall', subject: 'On call week', folderId: ON_CALL }),
    ]);
    seed.mailboxes[0]!.folders = [
      { id: TEAM, displayName: 'Team holidays' },
      { id: ON_CALL, displayName: 'On call', parent: 'msgfolderroot' },
    ];
    emulator = await startExchangeEmulator({ protocol: 'http', seed });
    api = await buildTestApi(
      context().store,
      { EXCHANGE_SERVER_URL: emulator.ewsUrl, EXCHANGE_VERSION: 'Exchange2013_SP1' },
      () => new Date(now),
    );
    api.app.queue.start(taskHandlers(api.app, () => new Date(now)));
    const seeded = await seedNorthwind(context().store);
    token = seeded.token;
    scope = { orgId: seeded.orgId, userId: seeded.userId };
    const response = await api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/exchange/connect/',
      headers: bearer(token),
      payload: { email: ALICE, username: 'alice', password: ALICE_PASSWORD, authType: 'basic' },
    });
    expect(response.statusCode, response.body).toBe(201);
    await api.app.queue.drain();
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await api?.close();
    await emulator?.close();
  });

  it('a calendar turned off leaves the subscription at the next poll', async () => {
    expect((await subscription())?.calendarIds?.sort()).toEqual(['calendar', ON_CALL, TEAM].sort());
    await select(ON_CALL, false);
    await poll();
    expect((await subscription())?.calendarIds?.sort()).toEqual(['calendar', TEAM].sort());
  });

  it('a watched folder hard-deleted is marked missing at once; the subscription then stays', async () => {
    emulator.state.deleteFolder(ALICE, TEAM);
    emulator.state.invalidateWatermarks(ALICE);
    const queued = vi.spyOn(api.app.sync, 'queueCalendar');
    emulator.state.resetOperationCounts();

    expect(await poll()).toEqual({ polled: 1, changed: 1 });
    const replaced = await subscription();
    expect(replaced?.calendarIds).toEqual(['calendar']);
    expect((await byRemoteId(TEAM))?.missingSince).toBe(new Date(now).toISOString());
    for (let i = 0; i < 3; i++) expect(await poll()).toEqual({ polled: 1, changed: 0 });

    expect((await subscription())?.subscriptionId).toBe(replaced?.subscriptionId);
    // One sync, of the Calendar: not one of every calendar every minute, nor of the gone folder.
    const calendar = await byRemoteId('calendar');
    expect(queued.mock.calls.map(([, id]) => id)).toEqual([calendar!.id]);
    // The failed Subscribe and the one without the folder; no replacement after.
    expect(emulator.state.operationCounts()['Subscribe']).toBe(2);
    queued.mockRestore();
  });

  it('the only watched folder hard-deleted: marked missing, and the Calendar is watched', async () => {
    await select(ON_CALL, true);
    await select('calendar', false);
    await poll();
    expect((await subscription())?.calendarIds).toEqual([ON_CALL]);

    emulator.state.deleteFolder(ALICE, ON_CALL);
    emulator.state.invalidateWatermarks(ALICE);
    expect(await poll()).toEqual({ polled: 1, changed: 1 });
    const replaced = await subscription();
    expect(replaced?.calendarIds).toEqual(['calendar']);
    expect((await byRemoteId(ON_CALL))?.missingSince).toBe(new Date(now).toISOString());
    expect(await poll()).toEqual({ polled: 1, changed: 0 });
    expect((await subscription())?.subscriptionId).toBe(replaced?.subscriptionId);
  });
});
