/**
 * Each meeting's relationship key (its account id, `domain:acme.com`, or a free-mail person), as
 * relationship analysis groups meetings: an account's meetings are then one indexed lookup, and a
 * changed meeting names the accounts to recompute. Existing meetings get theirs from the next
 * detection, which rewrites every meeting whose content (now including the key) changed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('meetings').addColumn('relationship_key', 'text').execute();
  await db.schema
    .createIndex('meetings_relationship_index')
    .on('meetings')
    .columns(['org_id', 'relationship_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('meetings_relationship_index').execute();
  await db.schema.alterTable('meetings').dropColumn('relationship_key').execute();
}
