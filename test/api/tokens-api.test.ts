/**
 * API tokens through the API: the caller lists its own (never a secret or a hash), revokes one,
 * and a revoked token is refused at once; an admin may revoke a member's token, a member may
 * not revoke another's, and another organisation's token is not found.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant, seedUser, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const REVOKED = 'invalid, expired or revoked API token';

describeEachDialect('tokens API', (context) => {
  let api: TestApi;
  let admin: Tenant;
  let member: Tenant;
  let adminToken: string;
  let memberToken: string;

  beforeAll(async () => {
    const { store } = context();
    api = await buildTestApi(store);
    admin = await seedTenant(store, 'tokens');
    member = await seedUser(store, admin.scope.orgId, `member-${context().dialect}@acme.test`);
    adminToken = (await store.apiTokens.create(admin.scope, 'admin laptop')).token;
    memberToken = (await store.apiTokens.create(member.scope, 'member crm')).token;
  });
  afterAll(async () => api?.close());

  const call = (method: 'GET' | 'DELETE', url: string, token: string) =>
    api.server.inject({ method, url, headers: bearer(token) });
  const tokenIdsOf = async (token: string) =>
    ((await call('GET', '/api/v1/tokens/', token)).json() as { items: { id: string }[] }).items;

  it('lists the caller’s own tokens without the secret or its hash', async () => {
    const { store } = context();
    const extra = await store.apiTokens.create(member.scope, 'spare');
    const answer = await call('GET', '/api/v1/tokens/', memberToken);
    expect(answer.statusCode, answer.body).toBe(200);
    const items = (answer.json() as { items: Record<string, unknown>[] }).items;
    expect(items.map((t) => t['name'])).toEqual(['member crm', 'spare']);
    expect(items[0]).toMatchObject({ status: 'active', revokedAt: null, expiresAt: null });
    expect(Object.keys(items[0]!).sort()).toEqual(
      [
        'createdAt',
        'expiresAt',
        'id',
        'lastUsedAt',
        'name',
        'prefix',
        'revokedAt',
        'status',
      ].sort(),
    );
    expect(answer.body).not.toContain(memberToken);
    expect(answer.body).not.toContain(extra.token);
    await store.apiTokens.revoke(member.scope, extra.apiToken.id);
  });

  it('revokes the caller’s own token: refused at once with the same 401, and audited', async () => {
    const { store } = context();
    const own = await store.apiTokens.create(member.scope, 'to revoke');
    expect((await call('GET', '/api/v1/tokens/', own.token)).statusCode).toBe(200);
    const revoked = await call('DELETE', `/api/v1/tokens/${own.apiToken.id}/`, own.token);
    expect(revoked.statusCode, revoked.body).toBe(204);
    const refused = await call('GET', '/api/v1/tokens/', own.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: { code: 'unauthorized', message: REVOKED } });
    const listed = await call('GET', '/api/v1/tokens/', memberToken);
    expect(listed.json().items).toContainEqual(
      expect.objectContaining({ id: own.apiToken.id, status: 'revoked' }),
    );
    const audit = await store.audit.list({ orgId: member.scope.orgId });
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'api_token.revoked',
        target: own.apiToken.id,
        userId: member.scope.userId,
      }),
    );
  });

  it('lets an admin revoke a member’s token, but not a member an admin’s', async () => {
    const { store } = context();
    const victim = await store.apiTokens.create(member.scope, 'revoked by admin');
    const refused = await call(
      'DELETE',
      `/api/v1/tokens/${(await tokenIdsOf(adminToken))[0]!.id}/`,
      memberToken,
    );
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect((await call('GET', '/api/v1/tokens/', adminToken)).statusCode).toBe(200);
    const byAdmin = await call('DELETE', `/api/v1/tokens/${victim.apiToken.id}/`, adminToken);
    expect(byAdmin.statusCode, byAdmin.body).toBe(204);
    expect((await call('GET', '/api/v1/tokens/', victim.token)).statusCode).toBe(401);
  });

  it('answers 404 for another organisation’s token, which stays usable', async () => {
    const { store } = context();
    const other = await seedTenant(store, 'other tokens');
    const theirs = await store.apiTokens.create(other.scope, 'theirs');
    const answer = await call('DELETE', `/api/v1/tokens/${theirs.apiToken.id}/`, adminToken);
    expect(answer.statusCode, answer.body).toBe(404);
    expect(answer.json().error.code).toBe('not_found');
    expect((await call('GET', '/api/v1/tokens/', theirs.token)).statusCode).toBe(200);
    const unknown = await call('DELETE', '/api/v1/tokens/no-such-token/', adminToken);
    expect(unknown.statusCode).toBe(404);
  });

  it('is in the OpenAPI document, and another method on its paths is a 405', async () => {
    const document = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/api/v1/tokens/'] ?? {})).toContain('get');
    expect(Object.keys(document.paths['/api/v1/tokens/{id}/'] ?? {})).toContain('delete');
    const wrong = await api.server.inject({
      method: 'POST',
      url: '/api/v1/tokens/',
      headers: bearer(adminToken),
    });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.json().error.code).toBe('method_not_allowed');
  });
});
