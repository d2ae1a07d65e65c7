/**
 * Recorded stage changes keep their reasons in parts beside the words (the API's form: instants
 * in ISO 8601), so that the dashboard writes their dates in the reader's zone as it does every
 * other reason's. Rows recorded before have none (null): their reasons are the words alone, as
 * calintel wrote them then, and the API gives each as one text part.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('relationship_stage_changes')
    .addColumn('reason_parts', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('relationship_stage_changes').dropColumn('reason_parts').execute();
}
