/**
 * One connection per account, enforced by the database: two consent callbacks (or two connect
 * forms) for the same account that race each other used to both find no connection and both
 * create one, and every event was then synced twice. The key is what names the account at its
 * provider (Google's or Microsoft's account id, a CalDAV server and user name, an Exchange
 * mailbox); feeds have none. Existing duplicates keep their rows, with the key on the oldest.
 */
import { sql, type Kysely } from 'kysely';
import { accountKeyOf } from '../connection-account-key.js';

interface ConnectionKeyRow {
  id: string;
  org_id: string;
  user_id: string;
  provider: string;
  settings: string;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_connections').addColumn('account_key', 'text').execute();
  const rows = await sql<ConnectionKeyRow>`
    select id, org_id, user_id, provider, settings from calendar_connections
    order by created_at, id`.execute(db);
  const taken = new Set<string>();
  for (const row of rows.rows) {
    const key = accountKeyOf(row.provider, JSON.parse(row.settings) as Record<string, unknown>);
    if (!key) continue;
    const owner = `${row.org_id}\n${row.user_id}\n${row.provider}\n${key}`;
    if (taken.has(owner)) continue;
    taken.add(owner);
    await sql`update calendar_connections set account_key = ${key} where id = ${row.id}`.execute(
      db,
    );
  }
  // Rows without a key (feeds) never conflict: NULLs are distinct in a unique index.
  await db.schema
    .createIndex('calendar_connections_account_unique')
    .on('calendar_connections')
    .columns(['org_id', 'user_id', 'provider', 'account_key'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calendar_connections_account_unique').execute();
  await db.schema.alterTable('calendar_connections').dropColumn('account_key').execute();
}
