/**
 * How many issues a calendar's last sync had. Its status keeps the first 200 of them
 * (`last_issues`, bounded for huge files), so a file with 250 broken events read as 200. Rows
 * from before this count as the issues they list (see toSyncStatus), which was all of them
 * unless there were more than 200.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('calendar_sync_status')
    .addColumn('last_issue_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_sync_status').dropColumn('last_issue_count').execute();
}
