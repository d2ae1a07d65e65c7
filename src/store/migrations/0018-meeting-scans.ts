/**
 * How far each person's change log has been read for meeting detection (meeting-scans.repository.ts):
 * a detection after a sync analyses what the changes since touched, not the whole window.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meeting_scans')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('change_cursor', 'text')
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('model_version', 'text')
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_scans_pkey', ['org_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('meeting_scans').execute();
}
