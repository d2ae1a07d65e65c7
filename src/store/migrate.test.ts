import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/databases.js';
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
      'jobs',
      'audit_log',
    ]) {
      expect(names).toContain(table);
    }
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
