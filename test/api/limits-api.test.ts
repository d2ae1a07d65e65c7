import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

describeEachDialect('API limits', (context) => {
  let api: TestApi;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {
      API_RATE_LIMIT_PER_MINUTE: '3',
      API_BODY_LIMIT_BYTES: '2048',
    });
    const tenant = await seedTenant(context().store, 'limits');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
    otherToken = (await context().store.apiTokens.create(tenant.scope, 'b')).token;
  });

  afterAll(async () => api.close());

  it('limits each token separately and answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await api.server.inject({
        method: 'GET',
        url: `${BASE}/events/`,
        headers: bearer(token),
      });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('rate limit') },
    });
    const other = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/`,
      headers: bearer(otherToken),
    });
    expect(other.statusCode).toBe(200);
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: { ...bearer(otherToken), 'content-type': 'text/calendar' },
      payload: 'X'.repeat(4096),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });
});
