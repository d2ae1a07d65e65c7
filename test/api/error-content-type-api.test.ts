/**
 * Every error answer says it is JSON, with the charset Fastify gives its other JSON answers: the
 * error handler serialises the body itself (past the routes' response schemas), and a custom
 * serializer alone sets no Content-Type.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const JSON_TYPE = 'application/json; charset=utf-8';

describeEachDialect('error answers are JSON', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store, { API_RATE_LIMIT_PER_MINUTE: '5' });
    const tenant = await seedTenant(context().store, 'error-types');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
  });
  afterAll(async () => api?.close());

  const get = (url: string, headers: Record<string, string> = bearer(token)) =>
    api.server.inject({ method: 'GET', url, headers });

  it('a 200 and the unknown-route 404 are the reference: application/json with its charset', async () => {
    expect((await get(`${BASE}/events/`)).headers['content-type']).toBe(JSON_TYPE);
    const unknown = await get('/api/v1/nowhere/');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe(JSON_TYPE);
  });

  it('400, 401, 404 and 429 from the error handler carry the same Content-Type', async () => {
    const answers = [
      await get(`${BASE}/events/?limit=nope`),
      await get(`${BASE}/events/`, {}),
      await get(`${BASE}/events/no-such-event/`),
    ];
    // The limit is five a minute for this token: two used above, the rest spent here.
    for (let i = 0; i < 5; i++) answers.push(await get(`${BASE}/events/`));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses).toEqual(expect.arrayContaining([400, 401, 404, 429]));
    for (const answer of answers.filter((a) => a.statusCode >= 400)) {
      expect(answer.headers['content-type'], String(answer.statusCode)).toBe(JSON_TYPE);
      expect(answer.json().error.code, String(answer.statusCode)).toEqual(expect.any(String));
    }
  });
});
