/**
 * Calendars created, shared, deleted or unshared at Google after the connection was made. Connect
 * lists the calendars once, so before `refresh_calendar_lists` a calendar created later was never
 * synced and one deleted kept being tried (and failing, `gone`) with its events kept forever.
 * Google is the emulator; a calendar taken away is played by a proxy in front of its API
 * (google-list-proxy.ts), since the emulator cannot take one away.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { MISSING_CALENDAR_GRACE_MS } from '../../src/app/services/calendar-discovery-plan.js';
import type { Scope } from '../../src/store/store.js';
import { readAll } from '../support/change-log.js';
import { describeEachDialect } from '../support/databases.js';
import {
  berlinCalendar,
  DANA,
  danaAtGoogle,
  danasPrimaryCalendar,
  discoveryApp,
  googleMeeting,
  HOUR_MS,
} from '../support/discovery-env.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { startGoogleListProxy, type GoogleListProxy } from '../support/google-list-proxy.js';
import type { TestApi } from '../support/test-app.js';

const TEAM = 'team@group.calendar.google.com';
const LATER = 'later@group.calendar.google.com';

describeEachDialect('calendars created and removed at Google after connecting', (context) => {
  let emulator: RunningGoogleEmulator;
  let proxy: GoogleListProxy;
  let api: TestApi;
  let scope: Scope;
  // The app's clock runs this far ahead of the wall clock: the grace is a day.
  let aheadMs = 0;
  const clock = () => new Date(Date.now() + aheadMs);

  const app = discoveryApp();
  const { call, statuses, refreshLists, calendarNamed } = app;

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: danaAtGoogle([
        danasPrimaryCalendar([googleMeeting('own1', 24)]),
        berlinCalendar(TEAM, 'Team', [googleMeeting('team1', 26), googleMeeting('team2', 50)]),
      ]),
      pushRetryDelaysMs: [20, 40],
    });
    proxy = await startGoogleListProxy(emulator.url);
    ({ api, scope } = await app.start({
      store: context().store,
      env: { ...googleEmulatorEnv(emulator), GOOGLE_CALENDAR_API_URL: proxy.url },
      clock,
      orgName: `Northwind discovery ${context().dialect}`,
      tokenName: 'discovery',
    }));
    await app.connect('google');
  });

  afterAll(async () => {
    await app.close();
    await proxy?.close();
    await emulator?.close();
  });

  it('a calendar created at Google later is stored as connect stores it, watched and synced', async () => {
    expect((await api.app.store.calendars.list(scope)).map((c) => c.name).sort()).toEqual([
      'Dana Reyes',
      'Team',
    ]);
    emulator.state.addCalendar(DANA, {
      id: LATER,
      summary: 'Partner deals',
      timeZone: 'America/New_York',
      events: [googleMeeting('later1', 30)],
    });
    await refreshLists();
    const later = await calendarNamed(LATER);
    expect(later).toMatchObject({
      name: 'Partner deals',
      timeZone: 'America/New_York',
      selected: true,
      isPrimary: false,
      missingSince: null,
    });
    const status = (await statuses()).find((s) => s.calendarId === later?.id);
    expect(status).toMatchObject({ state: 'ok', lastError: null });
    expect(await api.app.store.events.count(scope, { calendarId: later!.id })).toBe(1);
    const channels = await api.app.store.pushChannels.list(scope, { status: 'active' });
    expect(channels.map((c) => c.calendarId)).toContain(later!.id);
  });

  it('a calendar the user turned off stays off through later listings', async () => {
    const later = (await calendarNamed(LATER))!;
    expect(
      (await call('PATCH', `/api/v1/calendar/calendars/${later.id}/`, { selected: false })).status,
    ).toBe(200);
    await refreshLists();
    expect(await calendarNamed(LATER)).toMatchObject({ id: later.id, selected: false });
  });

  it('a listing that fails, or that comes back empty, changes nothing', async () => {
    const before = await api.app.store.calendars.list(scope);
    const fault = emulator.state.addFault({
      fault: 'backendError',
      match: { pathIncludes: 'calendarList' },
    });
    await refreshLists();
    emulator.state.removeFault(fault.id);
    expect(await api.app.store.calendars.list(scope)).toEqual(before);
    proxy.hidden = new Set([DANA, TEAM, LATER]);
    await refreshLists();
    proxy.hidden = new Set();
    expect(await api.app.store.calendars.list(scope)).toEqual(before);
    const [connection] = await api.app.store.connections.list(scope);
    expect(connection).toMatchObject({ status: 'active', lastError: null });
  });

  it('a calendar Google no longer lists is marked and not synced; listed again, it resumes', async () => {
    const team = (await calendarNamed(TEAM))!;
    proxy.hidden.add(TEAM);
    const markedAt = clock();
    await refreshLists();
    const marked = await calendarNamed(TEAM);
    expect(Date.parse(marked?.missingSince ?? '')).toBeGreaterThanOrEqual(markedAt.getTime());
    expect(await api.app.store.events.count(scope, { calendarId: team.id })).toBe(2);
    const status = (await statuses()).find((s) => s.calendarId === team.id);
    expect(status).toMatchObject({ state: 'error', nextRunAt: null, lastError: { kind: 'gone' } });
    expect(status?.lastError?.message).toMatch(
      /^Google no longer lists this calendar since \d{4}-\d\d-\d\d \d\d:\d\d UTC\./,
    );
    // Not synced: not due, not queued by a sync of everything, and asked for by name, a 409.
    const due = await api.app.store.syncStatus.listDue(new Date(clock().getTime() + 2 * HOUR_MS));
    expect(due.map((d) => d.calendarId)).not.toContain(team.id);
    const all = (await (await call('POST', '/api/v1/calendar/sync/', {})).json()) as {
      queued: { calendarId: string }[];
    };
    expect(all.queued.map((q) => q.calendarId)).not.toContain(team.id);
    const named = await call('POST', '/api/v1/calendar/sync/', { calendarId: team.id });
    expect(named.status).toBe(409);
    expect(await named.text()).toMatch(/no longer lists this calendar/);
    // A job queued before the mark (a push, say) ends without syncing it.
    const before = await api.app.store.syncStatus.get(scope, team.id);
    await api.app.sync.queueCalendar(scope, team.id);
    await api.app.queue.drain();
    expect((await api.app.store.syncStatus.get(scope, team.id))?.lastSyncAt).toBe(
      before?.lastSyncAt,
    );
    // The sync of everything listed again too, and it is still missing: the mark stands.
    expect((await calendarNamed(TEAM))?.missingSince).toBe(marked?.missingSince);

    proxy.hidden.delete(TEAM);
    await refreshLists();
    expect((await calendarNamed(TEAM))?.missingSince).toBeNull();
    expect((await statuses()).find((s) => s.calendarId === team.id)).toMatchObject({
      state: 'ok',
      lastError: null,
    });
  });

  it('a calendar missing on listings a day apart is removed with its events', async () => {
    const team = (await calendarNamed(TEAM))!;
    proxy.hidden.add(TEAM);
    await refreshLists();
    aheadMs += MISSING_CALENDAR_GRACE_MS / 2;
    await refreshLists();
    expect(await calendarNamed(TEAM)).toBeDefined();
    aheadMs += MISSING_CALENDAR_GRACE_MS / 2;
    await refreshLists();
    expect(await calendarNamed(TEAM)).toBeUndefined();
    expect(await api.app.store.events.count(scope, { calendarId: team.id })).toBe(0);
    expect((await statuses()).map((s) => s.calendarId)).not.toContain(team.id);
    // Each removal is in the change log, as when a calendar is turned off.
    const deletions = (await readAll(api.app.store, scope)).filter(
      (c) => c.calendarId === team.id && c.change.kind === 'deleted',
    );
    expect(deletions.map((c) => c.providerEventId).sort()).toEqual(['team1', 'team2']);
    // The others are untouched.
    const own = (await calendarNamed(DANA))!;
    expect(await api.app.store.events.count(scope, { calendarId: own.id })).toBe(1);
  });

  it('a calendar hidden from the list at Google is kept, turned off, and never taken for removed', async () => {
    // calendarList.list leaves hidden entries out unless asked: before, discovery would have
    // marked such a calendar missing and a day later deleted it with its events.
    const HIDDEN = 'hidden@group.calendar.google.com';
    emulator.state.addCalendar(DANA, {
      id: HIDDEN,
      summary: 'Hidden holidays',
      hidden: true,
      events: [googleMeeting('hidden1', 28)],
    });
    await refreshLists();
    const hidden = await calendarNamed(HIDDEN);
    expect(hidden).toMatchObject({ selected: false, missingSince: null });
    expect(await api.app.store.events.count(scope, { calendarId: hidden!.id })).toBe(0);
    const before = aheadMs;
    aheadMs += MISSING_CALENDAR_GRACE_MS + HOUR_MS;
    await refreshLists();
    aheadMs = before;
    expect(await calendarNamed(HIDDEN)).toMatchObject({ id: hidden!.id, missingSince: null });
  });

  it('a synced calendar the user then hides at Google stays, as it was', async () => {
    const own = (await calendarNamed(DANA))!;
    emulator.state.setCalendarHidden(DANA, true);
    try {
      await refreshLists();
      aheadMs += MISSING_CALENDAR_GRACE_MS + HOUR_MS;
      await refreshLists();
    } finally {
      emulator.state.setCalendarHidden(DANA, false);
    }
    expect(await calendarNamed(DANA)).toMatchObject({
      id: own.id,
      selected: true,
      missingSince: null,
    });
  });

  it('a refused listing marks the connection for reconnecting', async () => {
    emulator.state.invalidateRefreshTokens(DANA);
    emulator.state.expireAccessTokens(DANA);
    await refreshLists();
    const [connection] = await api.app.store.connections.list(scope);
    expect(connection?.status).toBe('reauth_required');
    expect((await api.app.store.calendars.list(scope)).every((c) => c.missingSince === null)).toBe(
      true,
    );
  });
});
