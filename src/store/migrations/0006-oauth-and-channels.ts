/**
 * OAuth authorisations in progress (state, PKCE verifier) and provider push channels (Google
 * watch channels, later Graph subscriptions).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth_states')
    // SHA-256 of the state sent to the provider: a leaked database cannot finish a sign-in.
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('code_verifier_encrypted', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('push_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('calendar_connections.id').onDelete('cascade'),
    )
    .addColumn('calendar_id', 'text', (c) =>
      c.notNull().references('calendars.id').onDelete('cascade'),
    )
    .addColumn('resource_id', 'text', (c) => c.notNull())
    // SHA-256 of the channel token the provider echoes; compared in constant time.
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('last_message_number', 'integer')
    .addColumn('notifications', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('push_channels_calendar_index')
    .on('push_channels')
    .columns(['calendar_id', 'status'])
    .execute();
  await db.schema
    .createIndex('push_channels_expiry_index')
    .on('push_channels')
    .columns(['status', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_channels').execute();
  await db.schema.dropTable('oauth_states').execute();
}
