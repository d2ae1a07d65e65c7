/** Calendars: the calendars a connection can read, as the provider listed them. */
import { sql } from 'kysely';
import { ownershipChanged } from '../domain/calendars/others-calendars.js';
import { forgetConflictScan } from './conflict-scans.repository.js';
import type { Executor } from './database.js';
import { resetMeetingScans } from './meeting-scans.repository.js';
import type { CalendarRow } from './schema.js';
import type { Scope } from './scope.js';
import { newSyncStatusRow } from './sync-status.repository.js';
import { inTransaction, iso, newId, toBool01 } from './sql-support.js';

export interface Calendar {
  id: string;
  orgId: string;
  userId: string;
  connectionId: string;
  provider: string;
  providerCalendarId: string;
  name: string;
  timeZone: string | null;
  isPrimary: boolean;
  /** Whether the user wants this calendar synced and analysed. */
  selected: boolean;
  createdAt: string;
  updatedAt: string;
  /**
   * When the provider's calendar list was first found without it (null: listed last time). A
   * calendar so marked is not synced; listed again, the mark goes (upsert).
   */
  missingSince: string | null;
  /**
   * Whose it is, as the provider's list says where its id does not (others-calendars.ts):
   * Google's accessRole for the account, Graph's owner address (lower case). Null: the provider
   * says nothing of it, or it was stored before migration 0036 and not listed since.
   */
  accessRole: string | null;
  ownerAddress: string | null;
}

/** What a provider says about a calendar (the shape of RemoteCalendar in the provider port). */
export interface RemoteCalendarInput {
  providerCalendarId: string;
  name: string;
  timeZone: string | null;
  isPrimary: boolean;
  /** Hidden at the provider: a new row starts turned off (an existing one keeps its choice). */
  hidden?: boolean;
  /** See Calendar.accessRole; absent where the provider's list says nothing of it. */
  accessRole?: string | null;
  ownerAddress?: string | null;
}

export function toCalendar(row: CalendarRow): Calendar {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    connectionId: row.connection_id,
    provider: row.provider,
    providerCalendarId: row.provider_calendar_id,
    name: row.name,
    timeZone: row.time_zone,
    isPrimary: row.is_primary === 1,
    selected: row.selected === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    missingSince: row.missing_since,
    accessRole: row.access_role,
    ownerAddress: row.owner_address,
  };
}

/**
 * Inserts or refreshes a calendar of one of the scope's connections (keeping the user's
 * `selected` choice), and makes sure it has a sync status row. Undefined if the connection is
 * not the scope's. The provider has just listed it, so it is no longer missing there. When what
 * it says of whose the calendar is turns it from the user's into another person's or back
 * (others-calendars.ts, given the addresses that are the user's own on the connection), the
 * user's meeting and conflict scans are forgotten: which of its events are the user's changed,
 * which no change-log entry says, so the next passes read everything. A listing that only fills
 * in what a row stored before migration 0036 lacked (an owner role, the user's own address)
 * changes nothing, and forgets nothing.
 */
export async function upsertCalendar(
  db: Executor,
  scope: Scope,
  connectionId: string,
  remote: RemoteCalendarInput,
  ownAddresses: readonly string[] = [],
  now = new Date(),
): Promise<Calendar | undefined> {
  return inTransaction(db, async (trx) => {
    const connection = await trx
      .selectFrom('calendar_connections')
      .select('provider')
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('id', '=', connectionId)
      .executeTakeFirst();
    if (!connection) return undefined;
    const before = await ownershipOf(trx, connectionId, remote.providerCalendarId);
    const row = await trx
      .insertInto('calendars')
      .values(newCalendarRow(scope, connectionId, connection.provider, remote, iso(now)))
      .onConflict((oc) =>
        oc.columns(['connection_id', 'provider_calendar_id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          time_zone: eb.ref('excluded.time_zone'),
          is_primary: eb.ref('excluded.is_primary'),
          access_role: eb.ref('excluded.access_role'),
          owner_address: eb.ref('excluded.owner_address'),
          updated_at: eb.ref('excluded.updated_at'),
          missing_since: null,
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('calendar_sync_status')
      .values(newSyncStatusRow(scope, row.id))
      .onConflict((oc) => oc.column('calendar_id').doNothing())
      .execute();
    if (before && ownershipChanged(toCalendar(before), remote, ownAddresses)) {
      await resetMeetingScans(trx, scope, [scope.userId]);
      await forgetConflictScan(trx, scope);
    }
    return toCalendar(row);
  });
}

/** What the stored row (if any) says of whose the calendar is. */
function ownershipOf(db: Executor, connectionId: string, providerCalendarId: string) {
  return db
    .selectFrom('calendars')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('provider_calendar_id', '=', providerCalendarId)
    .executeTakeFirst();
}

function newCalendarRow(
  scope: Scope,
  connectionId: string,
  provider: string,
  remote: RemoteCalendarInput,
  now: string,
): CalendarRow {
  return {
    id: newId(),
    org_id: scope.orgId,
    user_id: scope.userId,
    connection_id: connectionId,
    provider,
    provider_calendar_id: remote.providerCalendarId,
    name: remote.name,
    time_zone: remote.timeZone,
    is_primary: toBool01(remote.isPrimary),
    selected: remote.hidden === true ? 0 : 1,
    created_at: now,
    updated_at: now,
    missing_since: null,
    access_role: remote.accessRole ?? null,
    owner_address: remote.ownerAddress?.toLowerCase() ?? null,
  };
}

export async function listCalendars(
  db: Executor,
  scope: Scope,
  filter: { connectionId?: string } = {},
): Promise<Calendar[]> {
  let query = db
    .selectFrom('calendars')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId);
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
  const rows = await query.orderBy('is_primary', 'desc').orderBy('name').orderBy('id').execute();
  return rows.map(toCalendar);
}

export async function getCalendar(
  db: Executor,
  scope: Scope,
  id: string,
): Promise<Calendar | undefined> {
  const row = await db
    .selectFrom('calendars')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toCalendar(row);
}

export async function setCalendarSelected(
  db: Executor,
  scope: Scope,
  id: string,
  selected: boolean,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('calendars')
    .set({ selected: toBool01(selected), updated_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Marks the calendar as missing from its provider's list since `since`, unless it already is:
 * the first listing without it is the one the grace period counts from. False if not the scope's.
 */
export async function markCalendarMissing(
  db: Executor,
  scope: Scope,
  id: string,
  since: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('calendars')
    .set((eb) => ({ missing_since: eb.fn.coalesce('missing_since', sql.lit(iso(since))) }))
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Deletes the calendar row; its sync status, push channels and any events left go with it
 * (ON DELETE CASCADE, without change-log entries: remove the events first where clients must
 * hear of it). False if it was not the scope's.
 */
export async function deleteCalendar(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('calendars')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
