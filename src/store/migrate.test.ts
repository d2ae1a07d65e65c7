import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, POSTGRES_URL } from '../../test/support/databases.js';
import { openDatabase } from './database.js';
import { knownMigrations, migrateToLatest } from './migrate.js';

describeEachDialect('migrations', (context) => {
  it('run every migration on a fresh database', () => {
    expect(context().firstMigration.executed).toEqual(knownMigrations());
  });

  it('are a no-op when run again', async () => {
    const { database } = context();
    expect(await migrateToLatest(database.db)).toEqual({ executed: [] });
    expect(await migrateToLatest(database.db)).toEqual({ executed: [] });
  });

  it('create every table the store uses', async () => {
    const tables = await context().database.db.introspection.getTables();
    const names = tables.map((t) => t.name);
    for (const table of [
      'organisations',
      'users',
      'api_tokens',
      'calendar_connections',
      'calendars',
      'calendar_sync_status',
      'calendar_events',
      'accounts',
      'leads',
      'contacts',
      'audit_log',
    ]) {
      expect(names).toContain(table);
    }
    // On SQLite the jobs table is in the attached jobs file, which the introspector does not list.
    await expect(
      sql`select count(*) from jobs`.execute(context().database.db),
    ).resolves.toBeDefined();
  });

  it('enforce foreign keys (SQLite too: the pragma is on)', async () => {
    const { db } = context().database;
    await expect(
      sql`insert into users (id, org_id, email, created_at) values ('u', 'no-such-org', 'a@b.c', 'x')`.execute(
        db,
      ),
    ).rejects.toThrow();
  });
});

describeEachDialect('migrations beside other schemas', (context) => {
  it('a kysely_migration table in another schema does not stop this one from migrating', async () => {
    if (context().dialect !== 'postgres') return;
    const { db } = context().database;
    const suffix = Date.now().toString(36);
    const [other, fresh] = [`calintel_other_${suffix}`, `calintel_fresh_${suffix}`];
    await sql`create schema ${sql.id(other)}`.execute(db);
    await sql`create table ${sql.id(other, 'kysely_migration')} (name varchar(255) primary key, timestamp varchar(255))`.execute(
      db,
    );
    await sql`create table ${sql.id(other, 'kysely_migration_lock')} (id varchar(255) primary key, is_locked integer)`.execute(
      db,
    );
    await sql`create schema ${sql.id(fresh)}`.execute(db);
    const database = openDatabase({ url: POSTGRES_URL, schema: fresh });
    try {
      expect((await migrateToLatest(database.db)).executed).toEqual(knownMigrations());
    } finally {
      await database.close();
      await sql`drop schema ${sql.id(fresh)} cascade`.execute(db);
      await sql`drop schema ${sql.id(other)} cascade`.execute(db);
    }
  });
});
