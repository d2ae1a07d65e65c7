import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { up } from './0028-rescan-conflict-wording.js';

describeEachDialect('migration 0028: conflicts worded again', (context) => {
  it("forgets every user's conflict scan, so that the next pass rewrites their wording", async () => {
    const { store, database } = context();
    const one = await seedTenant(store, 'reword');
    await store.conflicts.saveScanCursor(one.scope, 'c-42');
    expect(await store.conflicts.scanCursor(one.scope)).toBe('c-42');

    await up(database.db as unknown as Kysely<unknown>);

    expect(await store.conflicts.scanCursor(one.scope)).toBeUndefined();
  });
});
