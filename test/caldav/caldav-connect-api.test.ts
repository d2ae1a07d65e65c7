/**
 * Connecting a CalDAV account through the API, against a real Radicale: a wrong password is a
 * 400 and stores nothing; the right one stores the connection (the password sealed), every
 * calendar found, queues their first syncs, and the events arrive; connecting again renews the
 * same connection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';
import { vcalendar, vevent } from './harness.js';

const PASSWORD = 'app-password-1';

describeWithRadicale('CalDAV connect through the API', () => {
  const radicale = useRadicale({ users: { ana: PASSWORD } });

  describeEachDialect('connect', (context) => {
    let api: TestApi;
    let token: string;
    let scope: { orgId: string; userId: string };

    beforeAll(async () => {
      api = await buildTestApi(context().store);
      api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
      ({ token, ...scope } = await seedNorthwind(context().store));
      const ana = radicale().as('ana');
      const work = await ana.makeCalendar(`work-${context().dialect}`, 'Work');
      await ana.put(
        work,
        'discovery.ics',
        vcalendar(
          vevent({
            uid: `discovery-${context().dialect}@radicale.test`,
            summary: 'Acme discovery call',
            start: '20260310T150000Z',
            end: '20260310T160000Z',
          }),
        ),
      );
    });

    afterAll(async () => api?.close());

    const connect = (password: string) =>
      api.server.inject({
        method: 'POST',
        url: '/api/v1/calendar/providers/caldav/connect/',
        headers: bearer(token),
        payload: { serverUrl: radicale().url, username: 'ana', password },
      });

    it('a wrong password is a clear 400 and stores nothing', async () => {
      const response = await connect('not-the-password');
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.message).toMatch(/password|credential|401|unauthori/i);
      expect(await api.app.store.connections.list(scope)).toEqual([]);
    });

    it('a server on this machine is refused unless the deployment allows its private network', async () => {
      const guarded = await buildTestApi(context().store, {
        ALLOW_PRIVATE_NETWORK_CALENDARS: 'false',
      });
      try {
        const response = await guarded.server.inject({
          method: 'POST',
          url: '/api/v1/calendar/providers/caldav/connect/',
          headers: bearer(token),
          payload: { serverUrl: radicale().url, username: 'ana', password: PASSWORD },
        });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().error.message).toMatch(/private or local address/);
        expect(await guarded.app.store.connections.list(scope)).toEqual([]);
      } finally {
        await guarded.close();
      }
    });

    it('the right one stores the account, its calendars, and syncs their events', async () => {
      const response = await connect(PASSWORD);
      expect(response.statusCode, response.body).toBe(201);
      const connection = response.json();
      expect(connection).toMatchObject({ provider: 'caldav', status: 'active' });
      expect(connection.calendars.map((c: { name: string }) => c.name)).toContain('Work');
      const stored = await api.app.store.connections.get(scope, connection.id);
      expect(stored?.secrets).toEqual({ username: 'ana', password: PASSWORD });
      await api.app.queue.drain();
      const events = (await api.app.store.events.list(scope, { limit: 50 })).items;
      expect(events.map((e) => e.event.title)).toContain('Acme discovery call');
      expect(events.every((e) => e.provider === 'caldav')).toBe(true);

      // Connecting the same account again renews it; no second connection.
      const again = await connect(PASSWORD);
      expect(again.json().id).toBe(connection.id);
      expect(await api.app.store.connections.list(scope)).toHaveLength(1);
    });

    it('a calendar can be turned off (its events go) and on again (synced from scratch)', async () => {
      const request = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
        api.server.inject({
          method,
          url: `/api/v1/calendar${url}`,
          headers: bearer(token),
          ...(payload ? { payload } : {}),
        });
      const listed = (await request('GET', '/calendars/')).json().items as {
        id: string;
        name: string;
        selected: boolean;
      }[];
      const work = listed.find((c) => c.name === 'Work')!;
      expect(work.selected).toBe(true);
      const titles = async () =>
        (await api.app.store.events.list(scope, { calendarId: work.id, limit: 50 })).items.map(
          (e) => e.event.title,
        );
      expect(await titles()).toEqual(['Acme discovery call']);

      const off = await request('PATCH', `/calendars/${work.id}/`, { selected: false });
      expect(off.json()).toMatchObject({ selected: false, nextRunAt: null });
      expect(await titles()).toEqual([]);
      // Whatever queues a sync meanwhile (a manual sync, a reconnect) does not bring them back.
      await api.app.sync.queueCalendar(scope, work.id);
      await connect(PASSWORD);
      await api.app.queue.drain();
      expect(await titles()).toEqual([]);

      await request('PATCH', `/calendars/${work.id}/`, { selected: true });
      await api.app.queue.drain();
      expect(await titles()).toEqual(['Acme discovery call']);
      expect((await request('PATCH', '/calendars/nope/', { selected: true })).statusCode).toBe(404);
    });
  });
});
