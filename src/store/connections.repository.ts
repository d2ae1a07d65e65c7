/**
 * Calendar connections: one user's link to one provider account. Secrets (OAuth tokens,
 * passwords) are sealed with the SecretBox before they reach the database and opened on read.
 */
import { accountKeyOf } from './connection-account-key.js';
import { forgetConflictScan } from './conflict-scans.repository.js';
import { resetMeetingScans } from './meeting-scans.repository.js';
import type { ExpressionBuilder } from 'kysely';
import { dialectOf, type Executor } from './database.js';
import type { CalendarConnectionRow, ConnectionStatus, Tables } from './schema.js';
import type { Scope } from './scope.js';
import type { SecretBox } from './secret-box.js';
import { fromJson, inTransaction, iso, newId, toJson } from './sql-support.js';

export type { ConnectionStatus };

export interface Connection {
  id: string;
  orgId: string;
  userId: string;
  provider: string;
  label: string;
  status: ConnectionStatus;
  settings: Record<string, unknown>;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionWithSecrets extends Connection {
  secrets: Record<string, string>;
}

export interface ScopedConnection {
  scope: Scope;
  connection: Connection;
}

export interface CreateConnectionInput {
  provider: string;
  label: string;
  secrets: Record<string, string>;
  settings?: Record<string, unknown>;
}

export function toConnection(row: CalendarConnectionRow): Connection {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    provider: row.provider,
    label: row.label,
    status: row.status,
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function withSecrets(row: CalendarConnectionRow, box: SecretBox): ConnectionWithSecrets {
  const secrets = JSON.parse(box.open(row.secrets_encrypted)) as Record<string, string>;
  return { ...toConnection(row), secrets };
}

export async function createConnection(
  db: Executor,
  scope: Scope,
  input: CreateConnectionInput,
  box: SecretBox,
  now = new Date(),
): Promise<ConnectionWithSecrets> {
  const row = newRow(scope, input, box, now);
  await db.insertInto('calendar_connections').values(row).execute();
  return withSecrets(row, box);
}

function newRow(
  scope: Scope,
  input: CreateConnectionInput,
  box: SecretBox,
  now: Date,
): CalendarConnectionRow {
  const settings = input.settings ?? {};
  return {
    id: newId(),
    org_id: scope.orgId,
    user_id: scope.userId,
    provider: input.provider,
    label: input.label,
    status: 'active',
    secrets_encrypted: box.seal(JSON.stringify(input.secrets)),
    settings: toJson(settings),
    last_error: null,
    created_at: iso(now),
    updated_at: iso(now),
    account_key: accountKeyOf(input.provider, settings),
  };
}

/**
 * The scope's connection to this account, created when there is none. Two callers racing for
 * one account get the same connection: the unique account key decides, not a read before.
 * `created` says whether this call made it (else the caller renews its secrets and settings).
 */
export async function claimConnection(
  db: Executor,
  scope: Scope,
  input: CreateConnectionInput,
  box: SecretBox,
  now = new Date(),
): Promise<{ connection: ConnectionWithSecrets; created: boolean }> {
  const row = newRow(scope, input, box, now);
  if (!row.account_key)
    return { connection: await createConnection(db, scope, input, box, now), created: true };
  await db
    .insertInto('calendar_connections')
    .values(row)
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'user_id', 'provider', 'account_key']).doNothing(),
    )
    .executeTakeFirst();
  const stored = await scoped(db, scope)
    .where('provider', '=', row.provider)
    .where('account_key', '=', row.account_key)
    .executeTakeFirstOrThrow();
  return {
    connection: withSecrets(stored, box),
    created: stored.id === row.id,
  };
}

function scoped(db: Executor, scope: Scope) {
  return db
    .selectFrom('calendar_connections')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId);
}

/** One of the scope's connections with its secrets opened, or undefined. */
export async function getConnection(
  db: Executor,
  scope: Scope,
  id: string,
  box: SecretBox,
): Promise<ConnectionWithSecrets | undefined> {
  const row = await scoped(db, scope).where('id', '=', id).executeTakeFirst();
  return row && withSecrets(row, box);
}

/** The scope's connections, without secrets (listing never needs them). */
export async function listConnections(db: Executor, scope: Scope): Promise<Connection[]> {
  const rows = await scoped(db, scope).orderBy('created_at').orderBy('id').execute();
  return rows.map(toConnection);
}

/** Every active connection of every tenant, for schedulers; each carries its scope. */
export async function listActiveConnections(db: Executor): Promise<ScopedConnection[]> {
  const rows = await db
    .selectFrom('calendar_connections')
    .selectAll()
    .where('status', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    scope: { orgId: row.org_id, userId: row.user_id },
    connection: toConnection(row),
  }));
}

/** Connections of every tenant counted by provider and status (the connections metric). */
export async function countConnectionsByStatus(
  db: Executor,
): Promise<{ provider: string; status: ConnectionStatus; count: number }[]> {
  const rows = await db
    .selectFrom('calendar_connections')
    .select(['provider', 'status', (eb) => eb.fn.countAll<string | number>().as('count')])
    .groupBy(['provider', 'status'])
    .execute();
  return rows.map((row) => ({
    provider: row.provider,
    status: row.status,
    count: Number(row.count),
  }));
}

/**
 * Sets a connection's status and error; true when the scope's connection has them now. A
 * connection that has them already is left as it is (its updated_at too).
 */
export async function updateConnectionStatus(
  db: Executor,
  scope: Scope,
  id: string,
  status: ConnectionStatus,
  lastError: string | null,
  now = new Date(),
  options: { unlessDisconnected?: boolean } = {},
): Promise<boolean> {
  const target = (eb: ExpressionBuilder<Tables, 'calendar_connections'>) =>
    eb.and([
      eb('org_id', '=', scope.orgId),
      eb('user_id', '=', scope.userId),
      eb('id', '=', id),
      // A sync that ends after its user disconnected must not bring the connection back.
      ...(options.unlessDisconnected ? [eb('status', '!=', 'disconnected')] : []),
    ]);
  // Every successful sync marks its connection active: rewriting a row that already says so
  // cost a 64 KiB page of log per sync on SQLite (BENCHMARKS.md, "Idle writes").
  const result = await db
    .updateTable('calendar_connections')
    .set({ status, last_error: lastError, updated_at: iso(now) })
    .where(target)
    .where((eb) =>
      eb.or([eb('status', '!=', status), eb('last_error', 'is distinct from', lastError)]),
    )
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) return true;
  const unchanged = await db
    .selectFrom('calendar_connections')
    .select('id')
    .where(target)
    .where('status', '=', status)
    .where('last_error', 'is not distinct from', lastError)
    .executeTakeFirst();
  return unchanged !== undefined;
}

/** Replaces the sealed secrets, e.g. after an OAuth refresh rotated the refresh token. */
export async function updateConnectionSecrets(
  db: Executor,
  scope: Scope,
  id: string,
  secrets: Record<string, string>,
  box: SecretBox,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('calendar_connections')
    .set({ secrets_encrypted: box.seal(JSON.stringify(secrets)), updated_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Keys to set in a connection's settings; a key given as undefined is removed. */
export type SettingsPatch = Record<string, unknown>;

/**
 * Sets the keys of `patch` in a connection's plain settings (not its secrets) and leaves the
 * others as stored; false when the scope has no such connection. Given a function, it is called
 * with the settings as stored, under the row's lock, for a change that depends on them (a list
 * that gains an address). Writers of different keys (the Exchange poll's subscription, the user's
 * shared calendars) run at once: a copy read before and written back whole had one undo the
 * other. The row is locked from the read to the write: FOR UPDATE on PostgreSQL, and on SQLite
 * the transaction takes the write lock when it begins (sqlite-immediate.ts).
 */
export async function patchConnectionSettings(
  db: Executor,
  scope: Scope,
  id: string,
  patch: SettingsPatch | ((settings: Record<string, unknown>) => SettingsPatch),
  now = new Date(),
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    let current = trx
      .selectFrom('calendar_connections')
      .select('settings')
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('id', '=', id);
    if (dialectOf(trx) === 'postgres') current = current.forUpdate();
    const row = await current.executeTakeFirst();
    if (!row) return false;
    const settings = fromJson<Record<string, unknown>>(row.settings, {});
    const changes = typeof patch === 'function' ? patch(settings) : patch;
    for (const [key, value] of Object.entries(changes))
      if (value === undefined) delete settings[key];
      else settings[key] = value;
    await trx
      .updateTable('calendar_connections')
      .set({ settings: JSON.stringify(settings), updated_at: iso(now) })
      .where('org_id', '=', scope.orgId)
      .where('user_id', '=', scope.userId)
      .where('id', '=', id)
      .execute();
    return true;
  });
}

/**
 * Deletes a connection; its calendars, their sync status and events go with it (cascade), and
 * their meetings with the events. No change is logged for them, so the user's next meeting
 * detection and conflict pass read everything again (their scans are forgotten): a conflict
 * with one of those events would otherwise stay open, its days never named by the log.
 */
export async function deleteConnection(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('calendar_connections')
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .executeTakeFirst();
  const deleted = result.numDeletedRows > 0n;
  if (deleted) {
    await resetMeetingScans(db, scope, [scope.userId]);
    await forgetConflictScan(db, scope);
  }
  return deleted;
}
