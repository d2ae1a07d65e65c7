/**
 * Calendar connections, their calendars, per-calendar sync status and the synced events.
 * Deleting a connection cascades to its calendars, and from there to their status and events.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createConnections(db);
  await createCalendars(db);
  await createSyncStatus(db);
  await createEvents(db);
}

async function createConnections(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('secrets_encrypted', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('calendar_connections_owner_index')
    .on('calendar_connections')
    .columns(['org_id', 'user_id'])
    .execute();
}

async function createCalendars(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('calendar_connections.id').onDelete('cascade'),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_calendar_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('selected', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('calendars_connection_remote_unique', [
      'connection_id',
      'provider_calendar_id',
    ])
    .execute();
  await db.schema
    .createIndex('calendars_owner_index')
    .on('calendars')
    .columns(['org_id', 'user_id'])
    .execute();
}

async function createSyncStatus(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_sync_status')
    .addColumn('calendar_id', 'text', (c) =>
      c.primaryKey().references('calendars.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('idle'))
    .addColumn('last_sync_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('events_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_issues', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_run_at', 'text')
    .execute();
  await db.schema
    .createIndex('calendar_sync_status_owner_index')
    .on('calendar_sync_status')
    .columns(['org_id', 'user_id'])
    .execute();
  // The scheduler asks "what is due now" across all tenants.
  await db.schema
    .createIndex('calendar_sync_status_next_run_index')
    .on('calendar_sync_status')
    .column('next_run_at')
    .execute();
}

async function createEvents(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) =>
      c.notNull().references('calendars.id').onDelete('cascade'),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_event_id', 'text', (c) => c.notNull())
    .addColumn('ical_uid', 'text')
    .addColumn('series_id', 'text')
    .addColumn('original_start', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('location', 'text')
    .addColumn('conference_url', 'text')
    .addColumn('all_day', 'integer', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transparency', 'text', (c) => c.notNull())
    .addColumn('organizer_email', 'text')
    .addColumn('organizer_name', 'text')
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer')
    .addColumn('etag', 'text')
    .addColumn('provider_updated_at', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('sync_generation', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('calendar_events_calendar_remote_unique', [
      'calendar_id',
      'provider_event_id',
    ])
    .execute();
  // Listing pages through (start_at, id) within one user: keyset pagination walks this index.
  await db.schema
    .createIndex('calendar_events_owner_start_index')
    .on('calendar_events')
    .columns(['org_id', 'user_id', 'start_at', 'id'])
    .execute();
  // One meeting seen on several calendars shares (iCalUID, original start).
  await db.schema
    .createIndex('calendar_events_meeting_index')
    .on('calendar_events')
    .columns(['ical_uid', 'original_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = ['calendar_events', 'calendar_sync_status', 'calendars', 'calendar_connections'];
  for (const table of tables) await db.schema.dropTable(table).execute();
}
