/**
 * The paths name Microsoft `outlook` (`/providers/outlook/connect/`) where `provider` says
 * `microsoft`: filters and bodies take `outlook` as `microsoft`, and `/providers/microsoft/
 * disconnect/` does what `/providers/outlook/disconnect/` does instead of reading `microsoft` as a
 * connection id (404). Another provider's name in that path is a 400 that says what to do.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { callCalendarApi } from '../support/meetings.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('outlook and microsoft name one provider', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    const tenant = await seedTenant(context().store, 'names');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
  });
  afterAll(async () => api?.close());

  const call = (method: 'GET' | 'POST', path: string, payload?: object) =>
    callCalendarApi(api.server, token, method, path, payload);

  it('the events filter takes outlook as microsoft', async () => {
    const outlook = await call('GET', '/events/?provider=outlook');
    const microsoft = await call('GET', '/events/?provider=microsoft');
    expect(outlook.statusCode, outlook.body).toBe(200);
    expect(outlook.json()).toEqual(microsoft.json());
  });

  it('a sync of provider outlook is a sync of microsoft', async () => {
    const outlook = await call('POST', '/sync/', { provider: 'outlook' });
    const microsoft = await call('POST', '/sync/', { provider: 'microsoft' });
    expect(outlook.statusCode, outlook.body).toBe(microsoft.statusCode);
    expect(outlook.statusCode).not.toBe(400);
    expect(outlook.json()).toEqual(microsoft.json());
  });

  it('/providers/microsoft/disconnect/ does what /providers/outlook/disconnect/ does', async () => {
    const outlook = await call('POST', '/providers/outlook/disconnect/', {});
    const microsoft = await call('POST', '/providers/microsoft/disconnect/', {});
    expect(microsoft.statusCode, microsoft.body).toBe(outlook.statusCode);
    expect(microsoft.json()).toEqual(outlook.json());
  });

  it("another provider's name in the disconnect path is a 400 that says to use ids", async () => {
    const response = await call('POST', '/providers/exchange/disconnect/', {});
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toEqual({
      code: 'invalid_input',
      message: expect.stringContaining('"exchange" is a provider, not a connection'),
    });
  });
});
