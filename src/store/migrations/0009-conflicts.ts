/**
 * Scheduling conflicts: what collides in a person's calendars, what we suggest, and what was
 * decided. Also the organisation's conflict policy (off by default) and each user's opt-in to
 * let calintel write decisions back to their calendar provider.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('conflict_policy', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('conflict_write_back', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The domain's stable key (kind, owner and the sorted event ids): a recomputation finds the
    // same conflict again by it, so a dismissal or resolution survives the next sync.
    .addColumn('conflict_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('event_ids', 'text', (c) => c.notNull())
    .addColumn('auto_resolvable', 'integer', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('conflicts_owner_key_unique', ['org_id', 'user_id', 'conflict_key'])
    .execute();
  // Listing and recomputing a person's conflicts by time.
  await db.schema
    .createIndex('conflicts_owner_start_index')
    .on('conflicts')
    .columns(['org_id', 'user_id', 'start_at'])
    .execute();
  // How far each person's change log has been read for conflicts: the next pass recomputes only
  // the days that the changes after it touched.
  await db.schema
    .createTable('conflict_scans')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('change_cursor', 'text')
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conflict_scans_pkey', ['org_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conflict_scans').execute();
  await db.schema.dropTable('conflicts').execute();
  await db.schema.alterTable('users').dropColumn('conflict_write_back').execute();
  await db.schema.alterTable('organisations').dropColumn('conflict_policy').execute();
}
