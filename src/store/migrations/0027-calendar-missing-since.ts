/**
 * When the provider's calendar list was first found without a calendar we store (deleted or
 * unshared there). A single listing never removes anything, since providers glitch: the calendar
 * is only marked, stops syncing, and goes with its events once it has been missing on listings a
 * day apart (see app/services/calendar-discovery.ts). Null: listed at the last listing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendars').addColumn('missing_since', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendars').dropColumn('missing_since').execute();
}
