/**
 * One relationship update at a time per organisation. Two detection jobs of one organisation (two
 * users' calendars, meetings with the same account) update its relationships at once; the one
 * that read the meetings first would otherwise write its summary last, without the other's
 * meeting. Taken at the start of the update's transaction, before anything is read: on
 * PostgreSQL an advisory lock for the organisation; on SQLite the transaction's own write lock
 * (begin immediate) already serialises it.
 */
import { sql } from 'kysely';
import { dialectOf, type Executor } from './database.js';
import type { OrgScope } from './scope.js';

const RELATIONSHIPS_LOCK_CLASS = 0x72_65_6c_73; // "rels"

export async function lockOrganisationRelationships(db: Executor, scope: OrgScope): Promise<void> {
  if (!db.isTransaction) throw new Error('the relationships lock is taken inside a transaction');
  if (dialectOf(db) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(cast(${RELATIONSHIPS_LOCK_CLASS} as integer), hashtext(${scope.orgId}))`.execute(
    db,
  );
}
