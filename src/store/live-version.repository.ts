/**
 * A fingerprint of what a user's dashboard shows: it changes when their events, meetings,
 * conflicts, syncs or their organisation's relationships change. The live stream sends it so a
 * page knows to refetch, without the server tracking which page shows what.
 */
import type { Executor } from './database.js';
import type { Scope } from './scope.js';

export async function liveVersion(db: Executor, scope: Scope): Promise<string> {
  const [changes, meetings, conflicts, syncs, relationships] = await Promise.all([
    db
      .selectFrom('calendar_event_changes')
      .select((eb) => eb.fn.max('id').as('latest'))
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .executeTakeFirst(),
    db
      .selectFrom('meetings')
      .select((eb) => [eb.fn.max('updated_at').as('latest'), eb.fn.countAll().as('count')])
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .executeTakeFirst(),
    db
      .selectFrom('conflicts')
      .select((eb) => [eb.fn.max('updated_at').as('latest'), eb.fn.countAll().as('count')])
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .executeTakeFirst(),
    db
      .selectFrom('calendar_sync_status')
      .select((eb) => [eb.fn.max('last_sync_at').as('latest'), eb.fn.countAll().as('count')])
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .executeTakeFirst(),
    db
      .selectFrom('relationships')
      .select((eb) => [eb.fn.max('computed_at').as('latest'), eb.fn.countAll().as('count')])
      .where('org_id', '=', scope.orgId)
      .executeTakeFirst(),
  ]);
  // Counts as well as latest times: a deleted row moves no maximum.
  return [
    changes?.latest ?? '',
    meetings?.latest ?? '',
    meetings?.count ?? 0,
    conflicts?.latest ?? '',
    conflicts?.count ?? 0,
    syncs?.latest ?? '',
    syncs?.count ?? 0,
    relationships?.latest ?? '',
    relationships?.count ?? 0,
  ]
    .map(String)
    .join('|');
}
