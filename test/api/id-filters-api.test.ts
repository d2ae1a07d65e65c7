/**
 * One rule for ids in a query or a body: one that names none of the caller's calendars,
 * connections, accounts or users (malformed, gone, or another tenant's) is a 400 `invalid_input`
 * that says where to find the right ones, never an empty page that reads as "nothing there". It
 * was 200 empty (events, change log, relationships' owner), 404 (a sync's calendar) or 400
 * (meetings' account); meetings have no calendar filter, and `calendarId` there is refused as
 * an unknown parameter instead of being ignored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { callCalendarApi } from '../support/meetings.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('ids that name nothing of the caller', (context) => {
  let api: TestApi;
  let ana: Tenant;
  let dana: Tenant;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    ana = await seedTenant(context().store, 'ana');
    dana = await seedTenant(context().store, 'dana');
    token = (await context().store.apiTokens.create(ana.scope, 'a')).token;
  });
  afterAll(async () => api?.close());

  const call = (method: 'GET' | 'POST', path: string, payload?: object) =>
    callCalendarApi(api.server, token, method, path, payload);
  const expect400 = async (
    method: 'GET' | 'POST',
    path: string,
    message: RegExp,
    payload?: object,
  ) => {
    const response = await call(method, path, payload);
    expect(response.statusCode, `${path}: ${response.body}`).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
    expect(response.json().error.message).toMatch(message);
  };

  it.each(['/events/', '/events/changes/'])(
    '%s with a calendarId that is malformed or another user’s is a 400',
    async (list) => {
      for (const id of ['garbage', dana.calendar.id])
        await expect400(
          'GET',
          `${list}?calendarId=${id}`,
          /^querystring\.calendarId: names none of your calendars/,
        );
      const own = await call('GET', `${list}?calendarId=${ana.calendar.id}`);
      expect(own.statusCode, own.body).toBe(200);
    },
  );

  it('a sync of a calendar or connection that is not the caller’s is a 400', async () => {
    for (const calendarId of ['not-a-uuid', dana.calendar.id])
      await expect400('POST', '/sync/', /^body\.calendarId: names none of your calendars/, {
        calendarId,
      });
    await expect400('POST', '/sync/', /^body\.connectionId: names none of your connections/, {
      connectionId: dana.connection.id,
    });
    const own = await call('POST', '/sync/', { calendarId: ana.calendar.id });
    expect(own.statusCode, own.body).toBe(202);
  });

  it('meetings: an unknown account is a 400, and calendarId is no filter of theirs', async () => {
    await expect400('GET', '/meetings/?accountId=unknown', /^querystring\.accountId/);
    await expect400(
      'GET',
      `/meetings/?calendarId=${ana.calendar.id}`,
      /unknown parameter "calendarId"/,
    );
  });

  it('relationships of an owner who is no one in the organisation are a 400', async () => {
    await expect400(
      'GET',
      '/relationships/?owner=nobody@acme.test',
      /^querystring\.owner: names none/,
    );
    const own = await call('GET', `/relationships/?owner=${ana.scope.userId}`);
    expect(own.statusCode, own.body).toBe(200);
  });
});
