import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { up } from './0022-rescan-conflicts.js';

describeEachDialect('migration 0022: conflicts found again', (context) => {
  it("forgets every user's conflict scan, so that the next pass recomputes all of them", async () => {
    const { store, database } = context();
    const one = await seedTenant(store, 'rescan');
    const two = await seedTenant(store, 'rescan');
    await store.conflicts.saveScanCursor(one.scope, 'c-17');
    await store.conflicts.saveScanCursor(two.scope, null);
    expect(await store.conflicts.scanCursor(one.scope)).toBe('c-17');

    await up(database.db as unknown as Kysely<unknown>);

    expect(await store.conflicts.scanCursor(one.scope)).toBeUndefined();
    expect(await store.conflicts.scanCursor(two.scope)).toBeUndefined();
  });
});
