/** Users: people within an organisation. Emails are stored lower-cased, unique per organisation. */
import { normaliseEmail } from '../domain/event.js';
import { toOrganisation } from './organisations.repository.js';
import type { Organisation } from './organisations.repository.js';
import type { UserRow } from './schema.js';
import type { OrgScope, Scope } from './scope.js';
import { inTransaction, iso, newId } from './sql-support.js';
import { dialectOf, type Executor } from './database.js';

export interface User {
  id: string;
  orgId: string;
  email: string;
  name: string | null;
  timeZone: string | null;
  hasPassword: boolean;
  /** The user lets calintel decline or delete events in their provider calendar. */
  conflictWriteBack: boolean;
  role: UserRole;
  createdAt: string;
}

/**
 * What a user may change: an `admin` also what is the organisation's (its conflict policy); a
 * `member` what is their own (connections, write-back, feedback) and the CRM's data.
 */
export type UserRole = 'admin' | 'member';
export const USER_ROLES: readonly UserRole[] = ['admin', 'member'];

export interface UserWithOrganisation {
  user: User;
  organisation: Organisation;
}

export interface CreateUserInput {
  email: string;
  name?: string | null;
  timeZone?: string | null;
  passwordHash?: string | null;
  /** Default: member. */
  role?: UserRole;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    name: row.name,
    timeZone: row.time_zone,
    hasPassword: row.password_hash !== null,
    conflictWriteBack: row.conflict_write_back === 1,
    // Anything but admin reads as member: a role this version does not know grants nothing.
    role: row.role === 'admin' ? 'admin' : 'member',
    createdAt: row.created_at,
  };
}

export async function createUser(
  db: Executor,
  scope: OrgScope,
  input: CreateUserInput,
  now = new Date(),
): Promise<User> {
  const row: UserRow = {
    id: newId(),
    org_id: scope.orgId,
    email: normaliseEmail(input.email),
    name: input.name ?? null,
    time_zone: input.timeZone ?? null,
    password_hash: input.passwordHash ?? null,
    conflict_write_back: 0,
    role: input.role ?? 'member',
    created_at: iso(now),
  };
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

export async function getUser(db: Executor, scope: Scope): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('id', '=', scope.userId)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Executor, scope: OrgScope): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .orderBy('email')
    .execute();
  return rows.map(toUser);
}

/**
 * For administration (the CLI), which starts from an address and no tenant: every user with that
 * email, each with its organisation, oldest first. More than one means the address is ambiguous.
 */
export async function findUsersByEmail(
  db: Executor,
  email: string,
): Promise<UserWithOrganisation[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .selectAll('users')
    .select([
      'organisations.name as org_name',
      'organisations.internal_domains as org_internal_domains',
      'organisations.conflict_policy as org_conflict_policy',
      'organisations.created_at as org_created_at',
    ])
    .where('users.email', '=', normaliseEmail(email))
    .orderBy('users.created_at')
    .orderBy('users.id')
    .execute();
  return rows.map((row) => ({
    user: toUser(row),
    organisation: toOrganisation({
      id: row.org_id,
      name: row.org_name,
      internal_domains: row.org_internal_domains,
      conflict_policy: row.org_conflict_policy,
      created_at: row.org_created_at,
    }),
  }));
}

export async function setConflictWriteBack(
  db: Executor,
  scope: Scope,
  enabled: boolean,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ conflict_write_back: enabled ? 1 : 0 })
    .where('org_id', '=', scope.orgId)
    .where('id', '=', scope.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Sets (or, with null, removes) a user's time zone and answers the zone it replaced; undefined
 * when there is no such user. The row is locked from the read to the write (FOR UPDATE on
 * PostgreSQL; SQLite's write transactions run one at a time), so that of two changes at once
 * each answers the zone the other left, and the audit's `from` is what was replaced.
 */
export async function setUserTimeZone(
  db: Executor,
  scope: Scope,
  timeZone: string | null,
): Promise<{ replaced: string | null } | undefined> {
  return inTransaction(db, async (trx) => {
    let current = trx
      .selectFrom('users')
      .select('time_zone')
      .where('org_id', '=', scope.orgId)
      .where('id', '=', scope.userId);
    if (dialectOf(trx) === 'postgres') current = current.forUpdate();
    const row = await current.executeTakeFirst();
    if (!row) return undefined;
    if (row.time_zone !== timeZone)
      await trx
        .updateTable('users')
        .set({ time_zone: timeZone })
        .where('org_id', '=', scope.orgId)
        .where('id', '=', scope.userId)
        .execute();
    return { replaced: row.time_zone };
  });
}

/** Sets a user's role; false when there is no such user. */
export async function setUserRole(db: Executor, scope: Scope, role: UserRole): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ role })
    .where('org_id', '=', scope.orgId)
    .where('id', '=', scope.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Makes a user a member, unless they are the organisation's last admin. Run in a transaction:
 * on PostgreSQL the organisation's row is locked first, so that two admins demoted at once
 * cannot each count the other and leave nobody (SQLite's write transactions already run one at
 * a time).
 */
export async function demoteUnlessLastAdmin(
  db: Executor,
  scope: Scope,
): Promise<'demoted' | 'last_admin' | 'not_found'> {
  if (dialectOf(db) === 'postgres')
    await db
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', scope.orgId)
      .forUpdate()
      .execute();
  const user = await getUser(db, scope);
  if (!user) return 'not_found';
  if (user.role === 'admin') {
    const { admins } = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('admins'))
      .where('org_id', '=', scope.orgId)
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    if (Number(admins) <= 1) return 'last_admin';
  }
  await setUserRole(db, scope, 'member');
  return 'demoted';
}

/** Sets (or, with null, removes) a user's dashboard password hash. */
export async function setPasswordHash(
  db: Executor,
  scope: Scope,
  passwordHash: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('org_id', '=', scope.orgId)
    .where('id', '=', scope.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Sign-in starts from an address alone: every user with it who has a password, and the hash. */
export async function passwordHashesByEmail(
  db: Executor,
  email: string,
): Promise<Array<{ scope: Scope; passwordHash: string }>> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'org_id', 'password_hash'])
    .where('email', '=', normaliseEmail(email))
    .where('password_hash', 'is not', null)
    .orderBy('created_at')
    .execute();
  return rows.flatMap((row) =>
    row.password_hash
      ? [{ scope: { orgId: row.org_id, userId: row.id }, passwordHash: row.password_hash }]
      : [],
  );
}
