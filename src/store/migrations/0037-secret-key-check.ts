/**
 * A table of settings that belong to the database rather than to a process: one row per name.
 * Its first row, `secret_key_check`, is a known text sealed with CALINTEL_SECRET_KEY (never the
 * key): a process whose key cannot open it would fail every stored secret, so it refuses to
 * start instead (secret-key-check.ts). The first process to start on a database writes it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('settings').execute();
}
