import pg from 'pg';
import { PostgresIntrospector, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDialect, POSTGRES_URL } from '../../test/support/databases.js';
import { CurrentSchemaIntrospector } from './postgres-current-schema.js';
import type { Database, Transaction } from './database.js';
import type { Tables } from './schema.js';

describeEachDialect('PostgreSQL introspection of the current schema only', (context) => {
  it('lists this schema’s tables and columns, not another schema’s', async () => {
    if (context().dialect !== 'postgres') return;
    const { db } = context().database;
    const other = await createOtherSchema(db, 'listed');
    try {
      const tables = await db.introspection.getTables();
      const names = tables.map((table) => table.name);
      expect(names).toContain('calendar_events');
      expect(names).not.toContain('elsewhere');
      expect(names).not.toContain('kysely_migration');
      expect(new Set(tables.map((table) => table.schema))).toEqual(
        new Set([await currentSchema(db)]),
      );
      const users = tables.find((table) => table.name === 'users');
      expect(users?.columns.find((column) => column.name === 'email')).toMatchObject({
        dataType: 'text',
        isNullable: false,
      });
      const withKysely = await db.introspection.getTables({ withInternalKyselyTables: true });
      expect(withKysely.map((table) => table.name)).toContain('kysely_migration');
    } finally {
      await dropSchema(other);
    }
  });

  it('is not failed by another schema dropped while it runs (3F000 in Kysely’s own)', async () => {
    if (context().dialect !== 'postgres') return;
    const { db } = context().database;
    const kyselys = await introspectWhileDropped(db, (trx) => new PostgresIntrospector(trx));
    // The reproduction holds: Kysely's introspector trips over the schema that went away.
    expect(kyselys).toMatch(/does not exist/);
    const ours = await introspectWhileDropped(db, (trx) => new CurrentSchemaIntrospector(trx));
    expect(ours).toBe('ok');
  });
});

describe('the PostgreSQL dialect', () => {
  it('is still told apart by instanceof PostgresIntrospector (migrations rely on it)', () => {
    expect(new CurrentSchemaIntrospector({} as Database)).toBeInstanceOf(PostgresIntrospector);
  });
});

/**
 * Takes a snapshot in which another schema exists, drops that schema from another connection,
 * then introspects inside the snapshot: the window a concurrent drop opens, made deterministic.
 */
async function introspectWhileDropped(
  db: Database,
  introspector: (trx: Transaction<Tables>) => PostgresIntrospector,
): Promise<string> {
  const other = await createOtherSchema(db, 'doomed');
  let outcome = 'ok';
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`select count(*) from pg_catalog.pg_namespace`.execute(trx);
      await dropSchema(other);
      try {
        await introspector(trx).getTables();
      } catch (error) {
        outcome = error instanceof Error ? error.message : String(error);
      }
    })
    // A failed query aborts the transaction, so its commit becomes a rollback.
    .catch(() => undefined);
  return outcome;
}

async function createOtherSchema(db: Database, label: string): Promise<string> {
  const name = `calintel_${label}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  await sql`create schema ${sql.id(name)}`.execute(db);
  await sql`create table ${sql.id(name, 'elsewhere')} (id integer)`.execute(db);
  return name;
}

async function dropSchema(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema ${name} cascade`);
  } finally {
    await client.end();
  }
}

async function currentSchema(db: Database): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? '';
}
