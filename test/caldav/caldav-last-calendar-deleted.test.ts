/**
 * A CalDAV account whose last calendar is deleted on the server, against a real Radicale. The
 * home set then answers a well-formed multistatus that names itself and no calendar: calendar
 * discovery takes that as it takes any other calendar no longer listed (marked, not synced, then
 * removed with its events a day later). Before, any empty listing was distrusted, so the
 * calendar stayed and failed as `gone` on every sync, for ever. A home set that cannot be read
 * (a 404 here) still changes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MISSING_CALENDAR_GRACE_MS } from '../../src/app/services/calendar-discovery-plan.js';
import { describeEachDialect } from '../support/databases.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { bearer, TEST_NOW, type TestApi } from '../support/test-app.js';
import { connectCaldavDiscoveryApp } from './discovery-app.js';
import { vcalendar, vevent } from './harness.js';

const PASSWORD = 'app-password-1';
const USERS = { sqlite: 'lee', postgres: 'max' } as const;

interface StatusItem {
  calendarId: string;
  state: string;
  nextRunAt: string | null;
  lastError: { kind: string; message: string } | null;
}

describeWithRadicale('a CalDAV account whose last calendar is deleted on the server', () => {
  const radicale = useRadicale({ users: { lee: PASSWORD, max: PASSWORD } });

  describeEachDialect('calendar discovery', (context) => {
    let api: TestApi;
    let token: string;
    let scope: { orgId: string; userId: string };
    let refreshLists: () => Promise<void>;
    let now = TEST_NOW.getTime();
    let onlyUrl: string;
    const user = () => USERS[context().dialect];

    const get = async <T>(url: string) => {
      const response = await api.server.inject({ method: 'GET', url, headers: bearer(token) });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<T>();
    };
    const statuses = async () =>
      (await get<{ calendars: StatusItem[] }>('/api/v1/calendar/sync/status/')).calendars;
    const listedNames = async () =>
      (await get<{ items: { name: string }[] }>('/api/v1/calendar/calendars/')).items.map(
        (c) => c.name,
      );

    beforeAll(async () => {
      const client = radicale().as(user());
      onlyUrl = await client.makeCalendar('only', 'Only');
      const day = '20260310';
      await client.put(
        onlyUrl,
        'a.ics',
        vcalendar(
          vevent({
            uid: 'only-1',
            summary: 'Call',
            start: `${day}T150000Z`,
            end: `${day}T160000Z`,
          }),
        ),
      );
      ({ api, token, scope, refreshLists } = await connectCaldavDiscoveryApp({
        store: context().store,
        clock: () => new Date(now),
        orgName: `Northwind last caldav calendar ${context().dialect}`,
        username: user(),
        password: PASSWORD,
        serverUrl: radicale().url,
      }));
    });

    afterAll(async () => api?.close());

    it('a home set that cannot be read keeps the calendar', async () => {
      const [only] = await api.app.store.calendars.list(scope);
      expect(only).toMatchObject({ name: 'Only', missingSince: null });
      expect(await api.app.store.events.count(scope, { calendarId: only!.id })).toBe(1);
      const [connection] = await api.app.store.connections.list(scope);
      const full = (await api.app.store.connections.get(scope, connection!.id))!;
      const homeUrl = String(full.settings['homeUrl']);
      // A home set that is not there: the PROPFIND is a 404, which lists nothing and says so.
      await api.app.store.connections.patchSettings(scope, full.id, {
        homeUrl: `${homeUrl}no-such-home/`,
      });
      await refreshLists();
      await api.app.store.connections.patchSettings(scope, full.id, { homeUrl });
      expect(await api.app.store.calendars.list(scope)).toEqual([only]);
    });

    it('is marked, then removed with its events as any calendar deleted there', async () => {
      const [only] = await api.app.store.calendars.list(scope);
      const deleted = await radicale().as(user()).request(onlyUrl, { method: 'DELETE' });
      expect(deleted.ok).toBe(true);
      await refreshLists();
      expect((await api.app.store.calendars.get(scope, only!.id))?.missingSince).toBe(
        new Date(now).toISOString(),
      );
      // Not synced meanwhile: no next run, and the status says why instead of a sync's failure.
      const marked = (await statuses()).find((s) => s.calendarId === only!.id);
      expect(marked?.nextRunAt).toBeNull();
      expect(marked?.lastError?.message).toMatch(
        /^The CalDAV server no longer lists this calendar since/,
      );

      now += MISSING_CALENDAR_GRACE_MS;
      await refreshLists();
      expect(await listedNames()).toEqual([]);
      expect(await statuses()).toEqual([]);
      expect(await api.app.store.events.count(scope, { calendarId: only!.id })).toBe(0);
      const [connection] = await api.app.store.connections.list(scope);
      expect(connection).toMatchObject({ status: 'active' });
    });
  });
});
