/**
 * Meeting intelligence: the detected sales meetings (one per calendar event), who is in them as
 * the CRM sees them, what users said about detections, and each organisation's model adjustment
 * learnt from that.
 */
import { PostgresIntrospector, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite's REAL is 8 bytes; PostgreSQL's `real` is 4, where a stored 0.9 no longer compares
  // equal to the 0.9 of a `minConfidence` filter, hence double precision there.
  const float = db.introspection instanceof PostgresIntrospector ? 'double precision' : 'real';
  await createMeetings(db, float);
  await createParticipants(db);
  await createFeedback(db);
  await db.schema
    .createTable('meeting_model_adjustments')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('feedback_count', 'integer', (c) => c.notNull())
    .addColumn('adjustment', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

async function createMeetings(db: Kysely<unknown>, float: 'real' | 'double precision') {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // The meeting goes with its event: deleting the event (a sync deletion, a snapshot's
    // clean-up, retention, a disconnect) deletes the meeting in the same statement.
    .addColumn('event_id', 'text', (c) =>
      c.notNull().unique().references('calendar_events.id').onDelete('cascade'),
    )
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('series_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('is_sales_meeting', 'integer', (c) => c.notNull())
    .addColumn('confidence', float, (c) => c.notNull())
    .addColumn('meeting_type', 'text')
    .addColumn('type_confidence', float)
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('account_ambiguous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('external_domains', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Listing a user's meetings by start (keyset on start_at, id), as /events does.
  await db.schema
    .createIndex('meetings_owner_start_index')
    .on('meetings')
    .columns(['org_id', 'user_id', 'start_at', 'id'])
    .execute();
  // Related meetings and account history: a user's meetings with one account, by start.
  await db.schema
    .createIndex('meetings_account_index')
    .on('meetings')
    .columns(['org_id', 'user_id', 'account_id', 'start_at'])
    .execute();
  await db.schema
    .createIndex('meetings_series_index')
    .on('meetings')
    .columns(['org_id', 'user_id', 'series_id'])
    .where(sql<boolean>`series_id is not null`)
    .execute();
}

async function createParticipants(db: Kysely<unknown>) {
  await db.schema
    .createTable('meeting_participants')
    .addColumn('meeting_id', 'text', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('internal', 'integer', (c) => c.notNull())
    .addColumn('resource', 'integer', (c) => c.notNull())
    .addColumn('organizer', 'integer', (c) => c.notNull())
    // No foreign keys to the CRM: a re-import may replace records, and the next detection
    // rewrites the matches anyway.
    .addColumn('lead_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('response_status', 'text')
    .addPrimaryKeyConstraint('meeting_participants_pkey', ['meeting_id', 'email'])
    .execute();
}

async function createFeedback(db: Kysely<unknown>) {
  await db.schema
    .createTable('meeting_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // No foreign key to the event or meeting: feedback outlives them, as training data.
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('series_id', 'text')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('meeting_type', 'text')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_feedback_owner_index')
    .on('meeting_feedback')
    .columns(['org_id', 'user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'meeting_model_adjustments',
    'meeting_feedback',
    'meeting_participants',
    'meetings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
