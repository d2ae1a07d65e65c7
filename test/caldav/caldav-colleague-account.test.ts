/**
 * A CalDAV account whose username is another calintel user's address (as at iCloud or Fastmail,
 * where the username is the mailbox), in the caller's organisation, is not connected to the
 * caller: the colleague connects it. Against a real Radicale with such a username.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const LUKAS = 'lukas@northwind.io';
const PASSWORD = 'app-password-1';

describeWithRadicale("connecting a colleague's CalDAV account", () => {
  const radicale = useRadicale({ users: { [LUKAS]: PASSWORD } });

  describeEachDialect('connect', (context) => {
    let api: TestApi;
    let ana: { orgId: string; userId: string; token: string };
    let lukas: { orgId: string; userId: string; token: string };

    beforeAll(async () => {
      api = await buildTestApi(context().store);
      ana = await seedNorthwind(context().store);
      const user = await api.app.store.users.create(ana.orgId, { email: LUKAS, name: 'Lukas' });
      const scope = { orgId: ana.orgId, userId: user.id };
      lukas = { ...scope, token: (await api.app.store.apiTokens.create(scope, 'test')).token };
      await radicale().as(LUKAS).makeCalendar(`work-${context().dialect}`, 'Work');
    });
    afterAll(async () => api?.close());

    const connect = (token: string) =>
      api.server.inject({
        method: 'POST',
        url: '/api/v1/calendar/providers/caldav/connect/',
        headers: bearer(token),
        payload: { serverUrl: radicale().url, username: LUKAS, password: PASSWORD },
      });

    it("refuses Lukas's account for Ana with 409 and stores nothing", async () => {
      const response = await connect(ana.token);
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error.code).toBe('account_belongs_to_colleague');
      expect(await api.app.store.connections.list(ana)).toEqual([]);
    });

    it('connects it for Lukas himself', async () => {
      const response = await connect(lukas.token);
      expect(response.statusCode, response.body).toBe(201);
      expect(await api.app.store.connections.list(lukas)).toHaveLength(1);
    });
  });
});
