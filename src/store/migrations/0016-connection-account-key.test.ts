import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { down, up } from './0016-connection-account-key.js';

describeEachDialect('migration 0016: connection account keys', (context) => {
  it('keys existing connections by account, the oldest of duplicates only, then enforces it', async () => {
    const { store, database } = context();
    const { scope } = await seedTenant(store);
    // Migrations are written against an untyped schema (Kysely<unknown>), as they run first.
    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    const insert = (id: string, provider: string, settings: object, createdAt: string) =>
      sql`insert into calendar_connections
            (id, org_id, user_id, provider, label, status, secrets_encrypted, settings, last_error, created_at, updated_at)
          values (${id}, ${scope.orgId}, ${scope.userId}, ${provider}, ${id}, 'active', 'x',
                  ${JSON.stringify(settings)}, null, ${createdAt}, ${createdAt})`.execute(
        database.db,
      );
    await insert('dup-new', 'google', { account: 'acct-1' }, '2026-02-02T00:00:00.000Z');
    await insert('dup-old', 'google', { account: 'acct-1' }, '2026-01-01T00:00:00.000Z');
    await insert(
      'dav',
      'caldav',
      { serverUrl: 'https://dav.test/', username: 'ana' },
      '2026-01-03T00:00:00.000Z',
    );
    await insert('box', 'exchange', { email: 'ana@contoso.test' }, '2026-01-04T00:00:00.000Z');
    await up(db);
    const rows = await sql<{ id: string; account_key: string | null }>`
      select id, account_key from calendar_connections where org_id = ${scope.orgId} order by id`.execute(
      database.db,
    );
    expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.account_key]))).toMatchObject({
      'dup-old': 'acct-1',
      'dup-new': null,
      dav: 'https://dav.test/|ana',
      box: 'ana@contoso.test',
    });
    await expect(
      sql`update calendar_connections set account_key = 'acct-1' where id = 'dup-new'`.execute(
        database.db,
      ),
    ).rejects.toThrow(/unique|UNIQUE/);
  });
});
