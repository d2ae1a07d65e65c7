/**
 * The change log: one row per change a sync found in an event (created, rescheduled, an attendee
 * removed...), read by clients through a cursor on its sequence.
 */
import { PostgresIntrospector } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.introspection instanceof PostgresIntrospector;
  await db.schema
    .createTable('calendar_event_changes')
    // The cursor, so it must only ever grow. SQLite: AUTOINCREMENT, because a plain rowid reuses
    // the largest id once the newest rows are deleted (retention emptying the log would move
    // every client's cursor back). PostgreSQL: an identity, which never reuses values.
    .addColumn('id', postgres ? 'bigint' : 'integer', (c) =>
      postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
    )
    // No foreign keys: the log is history that outlives its events (retention removes it), and
    // the 118,712 rows of a large first import are written without a lookup each.
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('provider_event_id', 'text', (c) => c.notNull())
    .addColumn('series_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .execute();
  // Clients read their own log after a cursor: (org, user, id > cursor) order by id.
  await db.schema
    .createIndex('calendar_event_changes_owner_index')
    .on('calendar_event_changes')
    .columns(['org_id', 'user_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_event_changes').execute();
}
