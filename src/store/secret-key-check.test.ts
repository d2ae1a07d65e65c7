import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant, TEST_SECRET_KEY } from '../../test/support/databases.js';
import { SecretBox } from './secret-box.js';
import { checkSecretKey } from './secret-key-check.js';
import { Store } from './store.js';

const OTHER_KEY = '1e'.repeat(32);

describeEachDialect('the secret key check', (context) => {
  /** The suite's database as a process started with `key` sees it. */
  const storeWith = (key: string) => new Store(context().database, new SecretBox(key));
  const clear = () => context().database.db.deleteFrom('settings').execute();

  it('is written by the first process, and matched by the next one with the same key', async () => {
    await clear();
    expect(await storeWith(TEST_SECRET_KEY).checkSecretKey()).toEqual({ outcome: 'recorded' });
    expect(await storeWith(TEST_SECRET_KEY).checkSecretKey()).toEqual({ outcome: 'matches' });
    const rows = await context().database.db.selectFrom('settings').selectAll().execute();
    expect(rows.map((row) => row.name)).toEqual(['secret_key_check']);
    // Sealed, never the key itself.
    expect(rows[0]?.value).not.toContain(TEST_SECRET_KEY);
    expect(rows[0]?.value).toMatch(/^v1:/);
  });

  it('tells a process with another key that it differs, and keeps the first check', async () => {
    await clear();
    await storeWith(TEST_SECRET_KEY).checkSecretKey();
    expect(await storeWith(OTHER_KEY).checkSecretKey()).toEqual({
      outcome: 'differs',
      evidence: 'check',
    });
    expect(await storeWith(TEST_SECRET_KEY).checkSecretKey()).toEqual({ outcome: 'matches' });
  });

  it('lets the first of two racing processes decide, the other told it differs', async () => {
    await clear();
    const db = context().database.db;
    const verdicts = await Promise.all([
      checkSecretKey(db, new SecretBox(TEST_SECRET_KEY)),
      checkSecretKey(db, new SecretBox(OTHER_KEY)),
    ]);
    const outcomes = verdicts.map((verdict) => verdict.outcome).sort();
    expect(outcomes).toEqual(['differs', 'recorded']);
  });

  it('judges a database from before the check by a secret it stores', async () => {
    await clear();
    // A connection sealed with the test key, and no check yet (a database from before it).
    await seedTenant(context().store, 'sealed');
    expect(await storeWith(OTHER_KEY).checkSecretKey()).toEqual({
      outcome: 'differs',
      evidence: 'stored_secret',
    });
    expect(await context().database.db.selectFrom('settings').selectAll().execute()).toEqual([]);
    expect(await storeWith(TEST_SECRET_KEY).checkSecretKey()).toEqual({ outcome: 'recorded' });
    expect(await storeWith(OTHER_KEY).checkSecretKey()).toMatchObject({ outcome: 'differs' });
  });
});
