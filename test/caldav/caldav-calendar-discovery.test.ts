/**
 * CalDAV calendars created or deleted on the server after the account was connected, against a
 * real Radicale: `refresh_calendar_lists` stores and syncs a new collection (in the owner's zone
 * when it names none, as connect does), marks a deleted one and removes it with its events once
 * it has been missing on listings a day apart. Before, the app never listed a CalDAV account's
 * calendars again except by connecting it again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MISSING_CALENDAR_GRACE_MS } from '../../src/app/services/calendar-discovery-plan.js';
import { describeEachDialect } from '../support/databases.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { bearer, TEST_NOW, type TestApi } from '../support/test-app.js';
import { connectCaldavDiscoveryApp } from './discovery-app.js';
import { vcalendar, vevent } from './harness.js';

const PASSWORD = 'app-password-1';
const USERS = { sqlite: 'cam', postgres: 'dee' } as const;

describeWithRadicale('CalDAV calendars created and deleted after connecting', () => {
  const radicale = useRadicale({ users: { cam: PASSWORD, dee: PASSWORD } });

  describeEachDialect('calendar discovery', (context) => {
    let api: TestApi;
    let token: string;
    let scope: { orgId: string; userId: string };
    let refreshLists: () => Promise<void>;
    let now = TEST_NOW.getTime();
    const user = () => USERS[context().dialect];

    const calendarNamed = async (name: string) =>
      (await api.app.store.calendars.list(scope)).find((c) => c.name === name);
    const event = (uid: string, day: string) =>
      vcalendar(
        vevent({ uid, summary: `Call ${uid}`, start: `${day}T150000Z`, end: `${day}T160000Z` }),
      );

    beforeAll(async () => {
      const client = radicale().as(user());
      const work = await client.makeCalendar('work', 'Work');
      await client.put(work, 'a.ics', event('work-1', '20260310'));
      ({ api, token, scope, refreshLists } = await connectCaldavDiscoveryApp({
        store: context().store,
        clock: () => new Date(now),
        orgName: `Northwind caldav discovery ${context().dialect}`,
        username: user(),
        password: PASSWORD,
        serverUrl: radicale().url,
      }));
    });

    afterAll(async () => api?.close());

    it('a collection made after connecting is stored in the owner’s zone and synced', async () => {
      expect((await api.app.store.calendars.list(scope)).map((c) => c.name)).toEqual(['Work']);
      const client = radicale().as(user());
      const deals = await client.makeCalendar('deals', 'Deals');
      await client.put(deals, 'b.ics', event('deal-1', '20260311'));
      await client.put(deals, 'c.ics', event('deal-2', '20260312'));
      await refreshLists();
      const stored = await calendarNamed('Deals');
      expect(stored).toMatchObject({
        providerCalendarId: deals,
        selected: true,
        timeZone: 'Europe/Lisbon',
        missingSince: null,
      });
      expect(await api.app.store.events.count(scope, { calendarId: stored!.id })).toBe(2);
      expect((await api.app.store.syncStatus.get(scope, stored!.id))?.state).toBe('ok');
    });

    it('a collection deleted on the server is marked, then removed with its events a day later', async () => {
      const deals = (await calendarNamed('Deals'))!;
      const client = radicale().as(user());
      const deleted = await client.request(deals.providerCalendarId, { method: 'DELETE' });
      expect(deleted.ok).toBe(true);
      await refreshLists();
      expect((await calendarNamed('Deals'))?.missingSince).toBe(new Date(now).toISOString());
      const status = await api.server.inject({
        method: 'GET',
        url: '/api/v1/calendar/sync/status/',
        headers: bearer(token),
      });
      const item = status
        .json<{ calendars: { calendarId: string; lastError: { message: string } | null }[] }>()
        .calendars.find((c) => c.calendarId === deals.id);
      expect(item?.lastError?.message).toMatch(
        /^The CalDAV server no longer lists this calendar since/,
      );
      expect(await api.app.store.events.count(scope, { calendarId: deals.id })).toBe(2);

      now += MISSING_CALENDAR_GRACE_MS - 60_000;
      await refreshLists();
      expect(await calendarNamed('Deals')).toBeDefined();
      now += 60_000;
      await refreshLists();
      expect(await calendarNamed('Deals')).toBeUndefined();
      expect(await api.app.store.events.count(scope, { calendarId: deals.id })).toBe(0);
      const work = (await calendarNamed('Work'))!;
      expect(work.missingSince).toBeNull();
      expect(await api.app.store.events.count(scope, { calendarId: work.id })).toBe(1);
    });
  });
});
