/**
 * Who may change what is the organisation's, not one user's (its conflict policy): `admin`.
 * Everyone else is a `member`. Each organisation's first user (oldest, then lowest id) becomes its
 * admin, so every organisation keeps one who can do what any user could do before; the others
 * become members (`calintel users set-role` changes it).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
    .execute();
  await sql`
    UPDATE users SET role = 'admin'
    WHERE NOT EXISTS (
      SELECT 1 FROM users AS older
      WHERE older.org_id = users.org_id
        AND (older.created_at < users.created_at
          OR (older.created_at = users.created_at AND older.id < users.id))
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('role').execute();
}
