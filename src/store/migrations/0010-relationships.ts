/**
 * Relationship progression: one row per account (or external domain, or free-mail person) of an
 * organisation with its current analysis, and every stage change the service has seen, dated.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('relationships')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    // `acc-…` ids, `domain:acme.com`, or a free-mail address (contract: analysis-io.md).
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('name', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('cadence_trend', 'text', (c) => c.notNull())
    .addColumn('duration_trend', 'text', (c) => c.notNull())
    .addColumn('meetings', 'integer', (c) => c.notNull())
    .addColumn('last_meeting_at', 'text')
    // JSON list of the user ids who met the account: the `owner` filter.
    .addColumn('owner_ids', 'text', (c) => c.notNull())
    // JSON of the whole analysis (timeline, series, stakeholders, reasons).
    .addColumn('analysis', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('relationships_pkey', ['org_id', 'account_key'])
    .execute();
  await db.schema
    .createIndex('relationships_stage_index')
    .on('relationships')
    .columns(['org_id', 'stage'])
    .execute();
  await db.schema
    .createTable('relationship_stage_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('relationship_stage_changes_account_index')
    .on('relationship_stage_changes')
    .columns(['org_id', 'account_key', 'changed_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('relationship_stage_changes').execute();
  await db.schema.dropTable('relationships').execute();
}
