/**
 * An Exchange mailbox with calendar folders besides the Calendar, connected through the API
 * against the EWS emulator: connect stores every calendar folder (not one in Deleted Items, nor a
 * folder of another class) and syncs each with its own events; the pull subscription watches
 * every synced folder; a folder made later is found by calendar discovery
 * (`refresh_calendar_lists`) and synced, a renamed one renamed, and a deleted one marked missing
 * (calendars.missing_since) with its events kept, as for the other providers. Before, Exchange
 * listed the Calendar alone and nothing in the other folders was ever synced.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import {
  POLL_EXCHANGE_SUBSCRIPTIONS,
  REFRESH_CALENDAR_LISTS,
  taskHandlers,
} from '../../src/app/tasks.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const TEAM = 'AAMkFldTeamHolidays';

describeEachDialect('Exchange calendar folders', (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };
  let handlers: Map<string, JobHandler>;
  let now = TEST_NOW.getTime();

  const run = async (task: string) => {
    await handlers.get(task)!(null, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });
    await api.app.queue.drain();
  };
  const calendars = () => api.app.store.calendars.list(scope);
  const byRemoteId = async (id: string) =>
    (await calendars()).find((c) => c.providerCalendarId === id);
  const titlesIn = async (calendarId: string) =>
    (await api.app.store.events.list(scope, { calendarId, limit: 50 })).items
      .map((e) => e.event.title)
      .sort();
  const subscription = async () => {
    const [connection] = await api.app.store.connections.list(scope);
    const full = await api.app.store.connections.get(scope, connection!.id);
    return full?.settings['subscription'] as { calendarIds?: string[] } | undefined;
  };

  beforeAll(async () => {
    const seed = buildSeed([
      buildItem({ id: 'AAMkMain', subject: 'Acme pricing call' }),
      buildItem({ id: 'AAMkTeam', subject: 'Team offsite', folderId: TEAM }),
      buildItem({ id: 'AAMkBinned', subject: 'Old plans', folderId: 'AAMkFldBinned' }),
    ]);
    seed.mailboxes[0]!.folders = [
      { id: TEAM, displayName: 'Team holidays' },
      // Deleted in Outlook: moved to Deleted Items, still a calendar folder there.
      { id: 'AAMkFldBinned', displayName: 'Old plans', parent: 'deleteditems' },
      { id: 'AAMkFldNews', displayName: 'Newsletters', parent: 'inbox', folderClass: 'IPF.Note' },
    ];
    emulator = await startExchangeEmulator({ protocol: 'http', seed });
    api = await buildTestApi(
      context().store,
      { EXCHANGE_SERVER_URL: emulator.ewsUrl, EXCHANGE_VERSION: 'Exchange2013_SP1' },
      () => new Date(now),
    );
    handlers = taskHandlers(api.app, () => new Date(now));
    api.app.queue.start(handlers);
    const seeded = await seedNorthwind(context().store);
    scope = { orgId: seeded.orgId, userId: seeded.userId };
    const response = await api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/exchange/connect/',
      headers: bearer(seeded.token),
      payload: { email: ALICE, username: 'alice', password: ALICE_PASSWORD, authType: 'basic' },
    });
    expect(response.statusCode, response.body).toBe(201);
    await api.app.queue.drain();
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  it('connect stores every calendar folder and syncs each with its own events', async () => {
    const stored = (await calendars()).map((c) => ({
      id: c.providerCalendarId,
      name: c.name,
      primary: c.isPrimary,
    }));
    expect(stored.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { id: 'calendar', name: 'Calendar', primary: true },
      { id: TEAM, name: 'Team holidays', primary: false },
    ]);
    expect(await titlesIn((await byRemoteId('calendar'))!.id)).toEqual(['Acme pricing call']);
    expect(await titlesIn((await byRemoteId(TEAM))!.id)).toEqual(['Team offsite']);
    expect((await subscription())?.calendarIds?.sort()).toEqual(['calendar', TEAM].sort());
  });

  it('a change in a second folder reaches its calendar through the subscription', async () => {
    emulator.state.addItem(
      ALICE,
      buildItem({ id: 'AAMkTeam2', subject: 'Summer party', folderId: TEAM }),
    );
    await run(POLL_EXCHANGE_SUBSCRIPTIONS);
    expect(await titlesIn((await byRemoteId(TEAM))!.id)).toEqual(['Summer party', 'Team offsite']);
  });

  it('a folder made later is found by discovery and synced; the subscription follows', async () => {
    const deals = emulator.state.createFolder(ALICE, {
      displayName: 'Deals',
      parent: 'msgfolderroot',
    });
    emulator.state.addItem(ALICE, buildItem({ subject: 'Fabrikam demo', folderId: deals.id }));
    emulator.state.renameFolder(ALICE, TEAM, 'Team days off');
    await run(REFRESH_CALENDAR_LISTS);
    const stored = await byRemoteId(deals.id);
    expect(stored).toMatchObject({ name: 'Deals', selected: true, missingSince: null });
    expect(await titlesIn(stored!.id)).toEqual(['Fabrikam demo']);
    expect((await byRemoteId(TEAM))?.name).toBe('Team days off');

    // The next poll watches the new folder too, and so learns of its changes.
    await run(POLL_EXCHANGE_SUBSCRIPTIONS);
    expect((await subscription())?.calendarIds).toContain(deals.id);
    emulator.state.addItem(ALICE, buildItem({ subject: 'Fabrikam contract', folderId: deals.id }));
    await run(POLL_EXCHANGE_SUBSCRIPTIONS);
    expect(await titlesIn(stored!.id)).toEqual(['Fabrikam contract', 'Fabrikam demo']);
  });

  it('a deleted folder is marked missing, its events kept; polling goes on without it', async () => {
    const deals = (await calendars()).find((c) => c.name === 'Deals')!;
    emulator.state.deleteFolder(ALICE, deals.providerCalendarId);
    now += 60_000;
    await run(REFRESH_CALENDAR_LISTS);
    expect((await byRemoteId(deals.providerCalendarId))?.missingSince).toBe(
      new Date(now).toISOString(),
    );
    expect(await titlesIn(deals.id)).toEqual(['Fabrikam contract', 'Fabrikam demo']);
    expect((await byRemoteId('calendar'))?.missingSince).toBeNull();

    emulator.state.addItem(ALICE, buildItem({ id: 'AAMkMain2', subject: 'Acme follow-up' }));
    const outcome = await api.app.exchange.pollAll();
    await api.app.queue.drain();
    expect(outcome).toEqual({ polled: 1, changed: 1 });
    expect((await subscription())?.calendarIds).not.toContain(deals.providerCalendarId);
    expect(await titlesIn((await byRemoteId('calendar'))!.id)).toEqual([
      'Acme follow-up',
      'Acme pricing call',
    ]);
  });
});
