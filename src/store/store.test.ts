import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import { Store, generateSecretKey } from './store.js';

describe('Store.open', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calintel-open-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens, migrates and reopens a SQLite file, with the data still there', async () => {
    const url = `sqlite:${join(dir, 'data', 'calintel.db')}`;
    const store = await Store.open({ url, secretKey: TEST_SECRET_KEY });
    const org = await store.organisations.create({
      name: 'Persisted',
      internalDomains: ['Acme.TEST', 'acme.test'],
    });
    expect(await store.migrate()).toEqual({ executed: [] });
    await store.close();
    const reopened = await Store.open({ url, secretKey: TEST_SECRET_KEY });
    expect(await reopened.organisations.findByName('Persisted')).toEqual({
      ...org,
      internalDomains: ['acme.test'],
    });
    await reopened.close();
  });

  it('refuses a malformed secret key before touching the database', async () => {
    await expect(Store.open({ url: ':memory:', secretKey: 'short' })).rejects.toThrow(/32 bytes/);
    const store = await Store.open({ url: ':memory:', secretKey: generateSecretKey() });
    expect(store.dialect).toBe('sqlite');
    await store.close();
  });
});

describeEachDialect('store', (context) => {
  it('finds users by email across organisations, with their organisation', async () => {
    const { store } = context();
    const a = await store.organisations.create({ name: 'Email A' });
    const b = await store.organisations.create({ name: 'Email B' });
    await store.users.create(a.id, {
      email: 'Shared@Example.TEST',
      name: 'One',
      timeZone: 'Europe/Paris',
    });
    await store.users.create(b.id, { email: 'shared@example.test' });
    const found = await store.users.findByEmail(' shared@EXAMPLE.test');
    expect(found.map((f) => f.organisation.name).sort()).toEqual(['Email A', 'Email B']);
    expect(found.find((f) => f.organisation.id === a.id)?.user).toMatchObject({
      email: 'shared@example.test',
      timeZone: 'Europe/Paris',
      name: 'One',
    });
    await expect(store.users.create(a.id, { email: 'SHARED@example.test' })).rejects.toThrow();
  });

  it('nested transactions reuse the outer one, and a failure rolls all of it back', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    await expect(
      store.transaction(async (tx) => {
        await tx.connections.create(scope, { provider: 'ics', label: 'inner', secrets: {} });
        await tx.transaction(async (inner) => {
          await inner.audit.append(scope, { action: 'x' });
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await store.connections.list(scope)).map((c) => c.label)).toEqual(['Work']);
    expect(await store.audit.list(scope)).toEqual([]);
  });

  it('a transaction store cannot be closed or migrated', async () => {
    const { store } = context();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.transaction(async (tx) => {
      await expect(tx.close()).rejects.toThrow(/cannot be closed/);
      await expect(tx.migrate()).rejects.toThrow(/inside a transaction/);
    });
  });
});
