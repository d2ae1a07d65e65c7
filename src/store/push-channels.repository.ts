/**
 * Push channels a provider sends notifications through (Google watch channels, Graph
 * subscriptions: the subscription id is the id, its clientState the token). The channel
 * token is stored as a SHA-256 hash; a notification is matched by channel id, then its token
 * hash is compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { dialectOf, type Executor, type Transaction } from './database.js';
import type { PushChannelRow, PushChannelStatus, Tables } from './schema.js';
import type { Scope } from './scope.js';
import { inTransaction, iso } from './sql-support.js';

export interface PushChannel {
  id: string;
  scope: Scope;
  provider: string;
  connectionId: string;
  calendarId: string;
  resourceId: string;
  expiresAt: string | null;
  status: PushChannelStatus;
  lastMessageNumber: number | null;
  notifications: number;
  createdAt: string;
}

export interface NewPushChannel {
  id: string;
  provider: string;
  connectionId: string;
  calendarId: string;
  resourceId: string;
  token: string;
  expiresAt: Date | null;
  /**
   * `pending` stores a channel before the provider is asked to open it (so that a message it
   * sends at once is recognised); `completePushChannel` makes it active. Default `active`.
   */
  status?: 'pending' | 'active';
  /**
   * Stores the channel only if its calendar has no other live (pending or active) channel, so
   * that two openers racing (a connect and the hourly renewal) never both watch one calendar:
   * the loser gets LiveChannelExists. A replacement names the channel it replaces, which stays
   * live beside it until stopped (Google has no renew call; both notify for a moment).
   */
  exclusive?: { replaces?: string };
}

/**
 * Thrown by an exclusive create: the calendar already has a live channel, `active`, or `pending`
 * (another opener is at work).
 */
export class LiveChannelExists extends Error {
  override readonly name = 'LiveChannelExists';
  constructor(
    readonly calendarId: string,
    readonly live: { id: string; status: 'pending' | 'active' },
  ) {
    super(`calendar ${calendarId} already has a ${live.status} push channel (${live.id})`);
  }
}

/**
 * Serialises the exclusive creates of one calendar on PostgreSQL, whose READ COMMITTED check
 * would not see a rival's uncommitted row. SQLite's transactions begin immediate, holding the
 * only write lock already.
 */
const CHANNEL_OPEN_LOCK_CLASS = 0x70_75_73_68; // "push"

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toChannel(row: PushChannelRow): PushChannel {
  return {
    id: row.id,
    scope: { orgId: row.org_id, userId: row.user_id },
    provider: row.provider,
    connectionId: row.connection_id,
    calendarId: row.calendar_id,
    resourceId: row.resource_id,
    expiresAt: row.expires_at,
    status: row.status,
    lastMessageNumber: row.last_message_number,
    notifications: row.notifications,
    createdAt: row.created_at,
  };
}

export async function createPushChannel(
  db: Executor,
  scope: Scope,
  input: NewPushChannel,
  now = new Date(),
): Promise<PushChannel> {
  const row = rowOf(scope, input, now);
  const exclusive = input.exclusive;
  if (!exclusive) {
    await db.insertInto('push_channels').values(row).execute();
    return toChannel(row);
  }
  await inTransaction(db, async (trx) => {
    await lockCalendarChannels(trx, input.calendarId);
    const live = await liveChannelOf(trx, input.calendarId, exclusive.replaces);
    if (live) throw new LiveChannelExists(input.calendarId, live);
    await trx.insertInto('push_channels').values(row).execute();
  });
  return toChannel(row);
}

async function lockCalendarChannels(trx: Transaction<Tables>, calendarId: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(cast(${CHANNEL_OPEN_LOCK_CLASS} as integer), hashtext(${calendarId}))`.execute(
    trx,
  );
}

/** A pending or active channel of the calendar other than `except`, if any (pending first). */
async function liveChannelOf(
  db: Executor,
  calendarId: string,
  except: string | undefined,
): Promise<{ id: string; status: 'pending' | 'active' } | null> {
  let query = db
    .selectFrom('push_channels')
    .select(['id', 'status'])
    .where('calendar_id', '=', calendarId)
    .where('status', 'in', ['pending', 'active']);
  if (except !== undefined) query = query.where('id', '!=', except);
  const live = await query.orderBy('status', 'desc').executeTakeFirst();
  if (!live) return null;
  return { id: live.id, status: live.status === 'pending' ? 'pending' : 'active' };
}

function rowOf(scope: Scope, input: NewPushChannel, now: Date): PushChannelRow {
  return {
    id: input.id,
    org_id: scope.orgId,
    user_id: scope.userId,
    provider: input.provider,
    connection_id: input.connectionId,
    calendar_id: input.calendarId,
    resource_id: input.resourceId,
    token_hash: hashToken(input.token),
    expires_at: input.expiresAt ? iso(input.expiresAt) : null,
    status: input.status ?? 'active',
    last_message_number: null,
    notifications: 0,
    created_at: iso(now),
    updated_at: iso(now),
  };
}

/**
 * The channel a notification names, if its token matches. Unknown ids and wrong tokens are
 * both null: the caller cannot tell which, and neither can whoever forged the request.
 */
export async function verifyPushChannel(
  db: Executor,
  input: { provider: string; id: string; token: string },
): Promise<PushChannel | null> {
  const row = await db
    .selectFrom('push_channels')
    .selectAll()
    .where('id', '=', input.id)
    .where('provider', '=', input.provider)
    .executeTakeFirst();
  const presented = Buffer.from(hashToken(input.token), 'hex');
  const expected = Buffer.from(row?.token_hash ?? hashToken(''), 'hex');
  const matches = timingSafeEqual(presented, expected);
  return row && matches ? toChannel(row) : null;
}

/** Counts a notification; keeps the highest message number seen (they arrive out of order). */
export async function recordPushNotification(
  db: Executor,
  id: string,
  messageNumber: number | null,
  now = new Date(),
): Promise<void> {
  const row = await db
    .selectFrom('push_channels')
    .select(['last_message_number', 'notifications'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return;
  const highest =
    messageNumber === null
      ? row.last_message_number
      : Math.max(messageNumber, row.last_message_number ?? 0);
  await db
    .updateTable('push_channels')
    .set({
      last_message_number: highest,
      notifications: row.notifications + 1,
      updated_at: iso(now),
    })
    .where('id', '=', id)
    .execute();
}

export async function listPushChannels(
  db: Executor,
  scope: Scope,
  filter: { connectionId?: string; calendarId?: string; status?: PushChannelStatus } = {},
): Promise<PushChannel[]> {
  let query = db
    .selectFrom('push_channels')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId);
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
  if (filter.calendarId) query = query.where('calendar_id', '=', filter.calendarId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map(toChannel);
}

/** Active channels of every tenant that expire before `before` (renewal job). */
export async function listExpiringPushChannels(
  db: Executor,
  provider: string,
  before: Date,
): Promise<PushChannel[]> {
  const rows = await db
    .selectFrom('push_channels')
    .selectAll()
    .where('provider', '=', provider)
    .where('status', '=', 'active')
    .where('expires_at', '<', iso(before))
    .orderBy('expires_at')
    .execute();
  return rows.map(toChannel);
}

export async function setPushChannelStatus(
  db: Executor,
  scope: Scope,
  id: string,
  status: PushChannelStatus,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('push_channels')
    .set({ status, updated_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .execute();
}

/**
 * Marks an active channel expired and says whether this call did it: of two workers replacing
 * the same channel (a renewal and a lifecycle event), only the one that wins goes on.
 */
export async function claimPushChannel(
  db: Executor,
  scope: Scope,
  id: string,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('push_channels')
    .set({ status: 'expired', updated_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A renewed subscription keeps its id and gets a new end (Graph renews by PATCH). */
export async function setPushChannelExpiry(
  db: Executor,
  scope: Scope,
  id: string,
  expiresAt: Date,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('push_channels')
    .set({ expires_at: iso(expiresAt), updated_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .execute();
}

/**
 * A pending channel the provider has now opened: its resource id and end, and active. False
 * when there is no such pending channel (deleted meanwhile, with its connection).
 */
export async function completePushChannel(
  db: Executor,
  scope: Scope,
  id: string,
  input: { resourceId: string; expiresAt: Date | null },
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('push_channels')
    .set({
      resource_id: input.resourceId,
      expires_at: input.expiresAt ? iso(input.expiresAt) : null,
      status: 'active',
      updated_at: iso(now),
    })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Removes a channel that was never opened (the provider refused it, or a crash left it pending).
 * Only while it is still pending: one completed meanwhile is live at the provider and must stay
 * known. Says whether it was removed.
 */
export async function deletePushChannel(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('push_channels')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
