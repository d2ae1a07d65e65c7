import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { apiDepsFor } from '../../src/app/api-adapter.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

describeEachDialect('API limits', (context) => {
  let api: TestApi;
  let token: string;
  let otherToken: string;
  let tenant: Tenant;
  /** The same application behind a second server that counts its token lookups. */
  let counted: FastifyInstance;
  let lookups = 0;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {
      API_RATE_LIMIT_PER_MINUTE: '3',
      API_BODY_LIMIT_BYTES: '2048',
    });
    tenant = await seedTenant(context().store, 'limits');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
    otherToken = (await context().store.apiTokens.create(tenant.scope, 'b')).token;
    const deps = apiDepsFor(api.app);
    counted = await buildServer({
      ...deps,
      authenticate: async (candidate) => {
        lookups += 1;
        return deps.authenticate(candidate);
      },
    });
    await counted.ready();
  });

  afterAll(async () => {
    await counted?.close();
    await api?.close();
  });

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

  it('limits failed authentications per address before the lookup, with 429 and Retry-After', async () => {
    const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
      counted.inject({ method: 'GET', url: `${BASE}/events/`, remoteAddress, headers });
    const newToken = (await context().store.apiTokens.create(tenant.scope, 'fresh')).token;
    // A token that authenticated from anywhere is known, and still passes a blocked address.
    expect((await from('10.9.0.9', bearer(otherToken))).statusCode).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await from('10.9.0.1', bearer(`cit_fake${i}`))).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    const lookupsBefore = lookups;
    const refused = [
      await from('10.9.0.1', bearer('cit_fake-again')),
      await from('10.9.0.1'),
      await from('10.9.0.1', { cookie: 'calintel_session=not-a-session' }),
      // Never seen authenticated: while the address waits, even a valid token does.
      await from('10.9.0.1', bearer(newToken)),
    ];
    for (const response of refused) {
      expect(response.statusCode).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.json()).toEqual({
        error: {
          code: 'rate_limited',
          message: expect.stringContaining('too many failed authentications'),
        },
      });
    }
    expect(lookups).toBe(lookupsBefore);

    expect((await from('10.9.0.1', bearer(otherToken))).statusCode).toBe(200);
    // Other addresses are not affected, nor is the new token elsewhere.
    expect((await from('10.9.0.2', bearer('cit_fake'))).statusCode).toBe(401);
    expect((await from('10.9.0.2', bearer(newToken))).statusCode).toBe(200);
  });

  it('leaves webhooks, OAuth callbacks and health checks of a blocked address alone', async () => {
    const address = '10.9.1.1';
    for (let i = 0; i < 4; i++)
      await counted.inject({ method: 'GET', url: `${BASE}/events/`, remoteAddress: address });
    const blocked = await counted.inject({
      method: 'GET',
      url: `${BASE}/events/`,
      remoteAddress: address,
    });
    expect(blocked.statusCode).toBe(429);
    const health = await counted.inject({ method: 'GET', url: '/healthz', remoteAddress: address });
    expect(health.statusCode).toBe(200);
    for (let i = 0; i < 5; i++) {
      const google = await counted.inject({
        method: 'POST',
        url: `${BASE}/webhook/google/`,
        remoteAddress: address,
        headers: { 'x-goog-channel-id': 'unknown', 'x-goog-channel-token': 'x' },
      });
      expect(google.statusCode).toBe(401);
      const handshake = await counted.inject({
        method: 'POST',
        url: `${BASE}/webhook/outlook/?validationToken=hello`,
        remoteAddress: address,
      });
      expect(handshake.statusCode).toBe(200);
      const callback = await counted.inject({
        method: 'GET',
        url: '/api/calendar/callback/google/?state=unknown&code=x',
        remoteAddress: address,
      });
      expect(callback.statusCode).not.toBe(429);
    }
  });

  it("counts a dashboard session check's unknown cookies against the address too", async () => {
    const check = (cookie?: string) =>
      counted.inject({
        method: 'GET',
        url: '/auth/session',
        remoteAddress: '10.9.2.1',
        headers: cookie ? { cookie: `calintel_session=${cookie}` } : {},
      });
    // Without a cookie nothing is looked up, and nothing is counted.
    for (let i = 0; i < 4; i++) expect((await check()).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) expect((await check(`nope${i}`)).statusCode).toBe(401);
    const refused = await check('nope-again');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().error.code).toBe('rate_limited');
  });
});
