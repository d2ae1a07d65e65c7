import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import { updateConnectionStatus } from './connections.repository.js';
import { SecretBoxError } from './store.js';

describeEachDialect('connections repository', (context) => {
  it('keeps secrets encrypted at rest and opens them on get', async () => {
    const { store, database } = context();
    const { scope } = await seedTenant(store);
    const secrets = { refreshToken: 'rt-very-secret-123', clientSecret: 'cs-456' };
    const created = await store.connections.create(scope, {
      provider: 'google',
      label: 'Google',
      secrets,
    });
    const row = await database.db
      .selectFrom('calendar_connections')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secrets_encrypted).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain('rt-very-secret-123');
    expect(JSON.stringify(row)).not.toContain('cs-456');
    expect((await store.connections.get(scope, created.id))?.secrets).toEqual(secrets);
    expect(await store.connections.list(scope)).not.toContainEqual(
      expect.objectContaining({ secrets }),
    );
  });

  it('detects secrets altered in the database', async () => {
    const { store, database } = context();
    const { scope } = await seedTenant(store);
    const sealed = async (id: string) =>
      (
        await database.db
          .selectFrom('calendar_connections')
          .select('secrets_encrypted')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).secrets_encrypted.split(':');
    const mine = await store.connections.create(scope, {
      provider: 'google',
      label: 'G',
      secrets: { a: 'b' },
    });
    const other = await store.connections.create(scope, {
      provider: 'google',
      label: 'H',
      secrets: { a: 'c' },
    });
    // Graft the other connection's ciphertext under this one's IV and tag.
    const [v, iv, tag] = await sealed(mine.id);
    const [, , , body] = await sealed(other.id);
    await database.db
      .updateTable('calendar_connections')
      .set({ secrets_encrypted: [v, iv, tag, body].join(':') })
      .where('id', '=', mine.id)
      .execute();
    await expect(store.connections.get(scope, mine.id)).rejects.toThrow(SecretBoxError);
  });

  it('updates status and secrets, lists active connections with their scope', async () => {
    const { store } = context();
    const { scope, connection } = await seedTenant(store);
    expect(await store.connections.updateSecrets(scope, connection.id, { url: 'new' })).toBe(true);
    expect((await store.connections.get(scope, connection.id))?.secrets).toEqual({ url: 'new' });
    expect(await store.connections.listActive()).toContainEqual({
      scope,
      connection: expect.objectContaining({ id: connection.id, status: 'active' }),
    });
    expect(
      await store.connections.updateStatus(
        scope,
        connection.id,
        'reauth_required',
        'token revoked',
      ),
    ).toBe(true);
    const updated = await store.connections.get(scope, connection.id);
    expect(updated).toMatchObject({ status: 'reauth_required', lastError: 'token revoked' });
    expect((await store.connections.listActive()).map((c) => c.connection.id)).not.toContain(
      connection.id,
    );
  });

  it('patches settings key by key, each change on the settings as stored then', async () => {
    const { store } = context();
    const { scope, connection } = await seedTenant(store);
    const id = connection.id;
    expect(await store.connections.patchSettings(scope, id, { a: 1, gone: true })).toBe(true);
    expect(await store.connections.patchSettings(scope, id, { b: 2, gone: undefined })).toBe(true);
    const append = (item: string) =>
      store.connections.patchSettings(scope, id, (settings) => ({
        list: [...((settings['list'] as string[] | undefined) ?? []), item],
      }));
    await Promise.all(['x1', 'x2', 'x3'].map(append));
    const { settings } = (await store.connections.get(scope, id))!;
    expect({ ...settings, list: [...(settings['list'] as string[])].sort() }).toEqual({
      pollMinutes: 15,
      a: 1,
      b: 2,
      list: ['x1', 'x2', 'x3'],
    });
    const stranger = { ...scope, userId: 'someone-else' };
    expect(await store.connections.patchSettings(stranger, id, { a: 0 })).toBe(false);
  });

  it('a status the connection has already is not written again (no row touched)', async () => {
    const { store, database } = context();
    const { scope, connection } = await seedTenant(store);
    await store.connections.updateStatus(scope, connection.id, 'error', 'feed gone');
    await store.connections.updateStatus(scope, connection.id, 'active', null);
    const before = await store.connections.get(scope, connection.id);

    // What every successful sync asks, a minute later.
    const later = new Date(Date.parse(before?.updatedAt ?? '') + 60_000);
    expect(
      await updateConnectionStatus(database.db, scope, connection.id, 'active', null, later, {
        unlessDisconnected: true,
      }),
    ).toBe(true);

    expect(await store.connections.get(scope, connection.id)).toMatchObject({
      status: 'active',
      lastError: null,
      updatedAt: before?.updatedAt,
    });
  });

  it('a sync that ends after a disconnect leaves the connection disconnected', async () => {
    const { store } = context();
    const { scope, connection } = await seedTenant(store);
    await store.connections.updateStatus(scope, connection.id, 'disconnected', 'by the user');
    for (const status of ['active', 'error', 'reauth_required'] as const)
      expect(
        await store.connections.updateStatus(scope, connection.id, status, null, {
          unlessDisconnected: true,
        }),
      ).toBe(false);
    expect((await store.connections.get(scope, connection.id))?.status).toBe('disconnected');
  });

  it('one connection per account: racing claims for the same account get the same one', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    const claim = (label: string) =>
      store.connections.claim(scope, {
        provider: 'google',
        label,
        secrets: { refreshToken: label },
        settings: { account: 'google-account-1' },
      });
    const results = await Promise.all([claim('first'), claim('second'), claim('third')]);
    expect(new Set(results.map((r) => r.connection.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const other = await store.connections.claim(scope, {
      provider: 'google',
      label: 'other',
      secrets: {},
      settings: { account: 'google-account-2' },
    });
    expect(other.created).toBe(true);
    // Feeds name no account: two subscriptions are two connections.
    const feed = { provider: 'ics', label: 'feed', secrets: { url: 'https://x.test/a.ics' } };
    const feeds = [
      await store.connections.claim(scope, feed),
      await store.connections.claim(scope, feed),
    ];
    expect(feeds.every((f) => f.created)).toBe(true);
    const google = (await store.connections.list(scope)).filter((c) => c.provider === 'google');
    expect(google).toHaveLength(2);
  });

  it('deleting a connection removes its calendars, their sync status and events', async () => {
    const { store } = context();
    const { scope, connection, calendar } = await seedTenant(store);
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [{ event: buildEvent(), raw: {} }], deletions: [] },
      1,
    );
    expect(await store.connections.delete(scope, connection.id)).toBe(true);
    expect(await store.connections.get(scope, connection.id)).toBeUndefined();
    expect(await store.calendars.list(scope)).toEqual([]);
    expect(await store.syncStatus.get(scope, calendar.id)).toBeUndefined();
    expect(await store.events.count(scope)).toBe(0);
  });
});
