/**
 * An OAuth authorisation started from the dashboard remembers the browser session that started
 * it: its callback must come back to that session, so a link to the consent page sent to someone
 * else cannot connect their account to the sender's user.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('oauth_states').addColumn('browser_session', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('oauth_states').dropColumn('browser_session').execute();
}
