/** CRM records imported per organisation: accounts, leads and contacts. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('external_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('stage', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await createPersonTable(db, 'leads', 'company');
  await createPersonTable(db, 'contacts', 'title');
  // Both engines treat NULLs as distinct in unique indexes, so records without an external id
  // never collide; records with one are upserted by it.
  for (const table of ['accounts', 'leads', 'contacts']) {
    await db.schema
      .createIndex(`${table}_external_unique`)
      .unique()
      .on(table)
      .columns(['org_id', 'external_id'])
      .execute();
  }
  for (const table of ['leads', 'contacts']) {
    await db.schema
      .createIndex(`${table}_email_index`)
      .on(table)
      .columns(['org_id', 'email'])
      .execute();
  }
}

async function createPersonTable(db: Kysely<unknown>, table: string, extra: string): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('external_id', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn(extra, 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['contacts', 'leads', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
