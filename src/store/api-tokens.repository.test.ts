import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../test/support/databases.js';
import { hashToken } from './api-tokens.repository.js';

describeEachDialect('api tokens repository', (context) => {
  it('returns the token once and stores only its SHA-256 and a display prefix', async () => {
    const { store, database } = context();
    const { scope } = await seedTenant(store);
    const { token, apiToken } = await store.apiTokens.create(scope, 'ci');
    expect(token).toMatch(/^cit_[\w-]{43}$/);
    expect(apiToken.prefix).toBe(token.slice(0, 12));
    const rows = await database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', apiToken.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashToken(token));
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows[0])).not.toContain(token);
  });

  it('finds the owner of a live token, and nothing for a wrong, revoked or expired one', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const { token, apiToken } = await store.apiTokens.create(scope, 'cli');
    const owner = await store.apiTokens.findUserByToken(token);
    expect(owner?.scope).toEqual(scope);
    expect(owner?.tokenId).toBe(apiToken.id);
    expect(await store.apiTokens.findUserByToken(`${token}x`)).toBeUndefined();
    expect(await store.apiTokens.findUserByToken('not-a-token')).toBeUndefined();

    const expiring = await store.apiTokens.create(scope, 'short', {
      expiresAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(
      await store.apiTokens.findUserByToken(expiring.token, new Date('2025-12-31T23:59:59Z')),
    ).toBeDefined();
    expect(
      await store.apiTokens.findUserByToken(expiring.token, new Date('2026-01-01T00:00:00Z')),
    ).toBeUndefined();

    expect(await store.apiTokens.revoke(scope, apiToken.id)).toBe(true);
    expect(await store.apiTokens.revoke(scope, apiToken.id)).toBe(false);
    expect(await store.apiTokens.findUserByToken(token)).toBeUndefined();
  });

  it('records last use at most once a minute', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const { token, apiToken } = await store.apiTokens.create(scope, 'api');
    const lastUsed = async () =>
      (await store.apiTokens.list(scope)).find((t) => t.id === apiToken.id)?.lastUsedAt;
    await store.apiTokens.findUserByToken(token, new Date('2026-02-01T10:00:00Z'));
    expect(await lastUsed()).toBe('2026-02-01T10:00:00.000Z');
    await store.apiTokens.findUserByToken(token, new Date('2026-02-01T10:00:59Z'));
    expect(await lastUsed()).toBe('2026-02-01T10:00:00.000Z');
    await store.apiTokens.findUserByToken(token, new Date('2026-02-01T10:01:00Z'));
    expect(await lastUsed()).toBe('2026-02-01T10:01:00.000Z');
  });

  it('finds a token only within its organisation, and revokes all of a user’s live ones', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const other = await seedTenant(store);
    const one = await store.apiTokens.create(scope, 'one');
    const two = await store.apiTokens.create(scope, 'two');
    const theirs = await store.apiTokens.create(other.scope, 'theirs');
    expect((await store.apiTokens.find({ orgId: scope.orgId }, one.apiToken.id))?.name).toBe('one');
    expect(await store.apiTokens.find({ orgId: scope.orgId }, theirs.apiToken.id)).toBeUndefined();
    expect((await store.apiTokens.findById(theirs.apiToken.id))?.orgId).toBe(other.scope.orgId);
    await store.apiTokens.revoke(scope, one.apiToken.id);
    expect(await store.apiTokens.revokeAll(scope)).toEqual([two.apiToken.id]);
    expect(await store.apiTokens.findUserByToken(two.token)).toBeUndefined();
    expect(await store.apiTokens.findUserByToken(theirs.token)).toBeDefined();
  });
});
