/**
 * Relationships whose meetings were deleted without detection seeing it: a meeting goes with its
 * event (ON DELETE CASCADE), when a sync deletes the event, a snapshot drops it, retention or a
 * disconnect removes it. A trigger notes the meeting's relationship key here, in the deleting
 * transaction, and the next relationship update recomputes and forgets it.
 */
import { PostgresIntrospector, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('relationship_dirty')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('relationship_dirty_pkey', ['org_id', 'account_key'])
    .execute();
  if (db.introspection instanceof PostgresIntrospector) {
    await sql`
      create function meetings_relationship_dirty() returns trigger as $$
      begin
        if old.relationship_key is not null then
          insert into relationship_dirty (org_id, account_key)
          values (old.org_id, old.relationship_key)
          on conflict do nothing;
        end if;
        return old;
      end;
      $$ language plpgsql`.execute(db);
    await sql`
      create trigger meetings_relationship_dirty after delete on meetings
      for each row execute function meetings_relationship_dirty()`.execute(db);
  } else {
    await sql`
      create trigger meetings_relationship_dirty after delete on meetings
      when old.relationship_key is not null
      begin
        insert or ignore into relationship_dirty (org_id, account_key)
        values (old.org_id, old.relationship_key);
      end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists meetings_relationship_dirty${
    db.introspection instanceof PostgresIntrospector ? sql` on meetings` : sql``
  }`.execute(db);
  if (db.introspection instanceof PostgresIntrospector)
    await sql`drop function if exists meetings_relationship_dirty()`.execute(db);
  await db.schema.dropTable('relationship_dirty').execute();
}
