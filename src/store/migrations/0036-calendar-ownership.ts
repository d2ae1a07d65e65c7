/**
 * What a provider's calendar list says of whose a calendar is, where its id does not
 * (others-calendars.ts): Google's accessRole (`owner`, `writer`, `reader`, `freeBusyReader`),
 * which tells a colleague's group calendar shared with the user (`…@group.calendar.google.com`,
 * not owned) from the user's own; and Graph's owner address, which on a calendar another person
 * shared in Outlook is theirs. Null: not listed since, or the provider says nothing of it. Rows
 * stored before get them at their connection's next calendar discovery (hourly), which asks for
 * the user's meetings and conflicts to be found again when either changes: resetting the scans
 * here would be of no use, as every row still reads null until then.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendars').addColumn('access_role', 'text').execute();
  await db.schema.alterTable('calendars').addColumn('owner_address', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendars').dropColumn('owner_address').execute();
  await db.schema.alterTable('calendars').dropColumn('access_role').execute();
}
