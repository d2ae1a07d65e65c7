/**
 * QA: `GET /meetings/?accountId=acc-initech` (the CRM's id, imported as externalId) answered 200
 * with 0 items and no error. The CRM's id is now a filter of its own (`accountExternalId`), and an
 * accountId that names none of the organisation's accounts is a 400 saying which name to use.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import {
  CALENDAR_BASE,
  importCalendar,
  putAcmeCrm,
  salesFeed,
  seedNorthwind,
} from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('Meetings API: filtering by the CRM account id', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });

  afterAll(async () => api.close());

  const list = (token: string, query: string) =>
    api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/meetings/?limit=500&${query}`,
      headers: bearer(token),
    });

  const seeded = async () => {
    const { token } = await seedNorthwind(context().store);
    await putAcmeCrm(api.server, token);
    // The single meeting is with Globex, another account: a filter that is ignored lists it too.
    const globex = await api.server.inject({
      method: 'PUT',
      url: '/api/v1/crm/accounts/',
      headers: bearer(token),
      payload: { accounts: [{ externalId: 'gx', name: 'Globex', domains: ['globex.com'] }] },
    });
    expect(globex.statusCode).toBe(200);
    const feed = salesFeed({ singleAttendee: 'buyer@globex.com', singleTitle: 'Globex call' });
    await importCalendar(api.server, token, feed);
    await api.app.queue.drain();
    const all: { id: string; account: { id: string; externalId: string } | null }[] = (
      await list(token, '')
    ).json().items;
    const acme = all.filter((m) => m.account?.externalId === 'acc-1');
    expect(acme.length).toBeGreaterThan(0);
    expect(acme.length).toBeLessThan(all.length);
    return { token, acme, accountId: acme[0]?.account?.id ?? '' };
  };

  it('accountExternalId lists the same meetings as calintel’s accountId', async () => {
    const { token, acme, accountId } = await seeded();
    const byExternal = await list(token, 'accountExternalId=acc-1');
    expect(byExternal.statusCode, byExternal.body).toBe(200);
    const ids = (page: { items: { id: string }[] }) => page.items.map((m) => m.id).sort();
    expect(ids(byExternal.json())).toEqual(ids({ items: acme }));
    expect(ids((await list(token, `accountId=${accountId}`)).json())).toEqual(
      ids(byExternal.json()),
    );
  });

  it('an id naming no account of the organisation is a 400 that says which filter to use', async () => {
    const { token, accountId } = await seeded();
    const crmIdAsOurs = await list(token, 'accountId=acc-1');
    expect(crmIdAsOurs.statusCode).toBe(400);
    expect(crmIdAsOurs.json().error).toMatchObject({ code: 'invalid_input' });
    expect(crmIdAsOurs.json().error.message).toBe(
      `querystring.accountId: "acc-1" is the CRM's id (externalId) of Acme Corp, not calintel's id: use accountExternalId=acc-1, or accountId=${accountId}`,
    );
    const unknown = await list(token, 'accountId=nope');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("for the CRM's id use accountExternalId");
    const unknownExternal = await list(token, 'accountExternalId=acc-nope');
    expect(unknownExternal.statusCode).toBe(400);
    expect(unknownExternal.json().error.message).toBe(
      'querystring.accountExternalId: no account with externalId "acc-nope" in your organisation',
    );
    const both = await list(token, `accountId=${accountId}&accountExternalId=acc-1`);
    expect(both.statusCode).toBe(400);
    // Another organisation's account is none of this one's.
    const stranger = await seedNorthwind(context().store, 'Stranger');
    expect((await list(stranger.token, `accountId=${accountId}`)).statusCode).toBe(400);
  });
});
