import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/databases.js';
import { down, up } from './0021-user-roles.js';

describeEachDialect('migration 0021: user roles', (context) => {
  it("makes each organisation's first user its admin and the others members", async () => {
    const { store, database } = context();
    const acme = await store.organisations.create({ name: 'Acme roles', internalDomains: [] });
    const globex = await store.organisations.create({ name: 'Globex roles', internalDomains: [] });
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));
    // Created out of order: the oldest, not the first inserted, administers the organisation.
    await store.users.create(acme.id, { email: 'second@acme.test' });
    const db = database.db as unknown as Kysely<unknown>;
    await sql`update users set created_at = ${at(5).toISOString()} where email = 'second@acme.test'`.execute(
      db,
    );
    await store.users.create(acme.id, { email: 'first@acme.test' });
    await sql`update users set created_at = ${at(1).toISOString()} where email = 'first@acme.test'`.execute(
      db,
    );
    await store.users.create(acme.id, { email: 'third@acme.test' });
    await sql`update users set created_at = ${at(9).toISOString()} where email = 'third@acme.test'`.execute(
      db,
    );
    await store.users.create(globex.id, { email: 'only@globex.test' });

    await down(db);
    await up(db);

    const roles = async (orgId: string) =>
      Object.fromEntries(
        (await store.users.list({ orgId })).map((user) => [user.email, user.role]),
      );
    expect(await roles(acme.id)).toEqual({
      'first@acme.test': 'admin',
      'second@acme.test': 'member',
      'third@acme.test': 'member',
    });
    expect(await roles(globex.id)).toEqual({ 'only@globex.test': 'admin' });
  });
});
