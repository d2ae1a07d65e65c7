/**
 * A CalDAV calendar that names no zone (no calendar-timezone) is read in its owner's zone: a
 * floating 10:00 is 10:00 where the owner lives, and an all-day date starts at their midnight,
 * not at UTC's (RFC 5545 floating time; the imported-file case is imported-floating-zone-api).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';
import { vcalendar, vevent } from './harness.js';

const PASSWORD = 'app-password-2';

describeWithRadicale('CalDAV calendars without a zone', () => {
  const radicale = useRadicale({ users: { nina: PASSWORD } });

  describeEachDialect('floating times', (context) => {
    let api: TestApi;
    let token: string;
    let scope: { orgId: string; userId: string };

    beforeAll(async () => {
      api = await buildTestApi(context().store);
      api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
      const store = context().store;
      const org = await store.organisations.create({
        name: `Northwind ${Math.random().toString(36).slice(2)}`,
        internalDomains: ['northwind.io'],
      });
      const user = await store.users.create(org.id, {
        email: 'nina@northwind.io',
        name: 'Nina',
        timeZone: 'America/New_York',
      });
      scope = { orgId: org.id, userId: user.id };
      token = (await store.apiTokens.create(scope, 'test')).token;
      const nina = radicale().as('nina');
      const work = await nina.makeCalendar(`work-${context().dialect}`, 'Work');
      const uid = (name: string) => `${name}-${context().dialect}@radicale.test`;
      await nina.put(
        work,
        'floating.ics',
        vcalendar(
          vevent({
            uid: uid('floating'),
            summary: 'Acme call',
            start: '20261202T100000',
            end: '20261202T110000',
          }),
        ),
      );
      await nina.put(
        work,
        'offsite.ics',
        vcalendar(
          vevent({ uid: uid('offsite'), summary: 'Offsite', start: '20261201', end: '20261202' }),
        ),
      );
    });

    afterAll(async () => api?.close());

    it("reads them in the owner's zone, not UTC", async () => {
      const response = await api.server.inject({
        method: 'POST',
        url: '/api/v1/calendar/providers/caldav/connect/',
        headers: bearer(token),
        payload: { serverUrl: radicale().url, username: 'nina', password: PASSWORD },
      });
      expect(response.statusCode, response.body).toBe(201);
      await api.app.queue.drain();
      const events = (await api.app.store.events.list(scope, { limit: 50 })).items;
      const byTitle = new Map(events.map((e) => [e.event.title, e.event]));
      expect(byTitle.get('Acme call')).toMatchObject({
        start: '2026-12-02T15:00:00.000Z',
        end: '2026-12-02T16:00:00.000Z',
      });
      expect(byTitle.get('Offsite')).toMatchObject({
        allDay: true,
        startDate: '2026-12-01',
        start: '2026-12-01T05:00:00.000Z',
      });
      const calendars = await api.app.store.calendars.list(scope);
      // Radicale's account is shared by the dialects' runs: one calendar each, none with a zone.
      expect(new Set(calendars.map((c) => c.timeZone))).toEqual(new Set(['America/New_York']));
    });
  });
});
