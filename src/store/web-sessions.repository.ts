/**
 * Dashboard sessions and one-time sign-in links. The browser holds the token; the row holds its
 * SHA-256 (tokens are 256 random bits, so a fast hash suffices, as for API tokens).
 */
import { createHash } from 'node:crypto';
import type { Executor } from './database.js';
import type { Scope } from './scope.js';
import { iso, newId } from './sql-support.js';
import { toUser, type User } from './users.repository.js';

/** Writing last_seen_at on every request would make each page load a write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface WebSession {
  id: string;
  scope: Scope;
  user: User;
  organisationName: string;
  csrfToken: string;
  expiresAt: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createWebSession(
  db: Executor,
  scope: Scope,
  input: { token: string; csrfToken: string; expiresAt: Date },
  now = new Date(),
): Promise<string> {
  const id = newId();
  await db
    .insertInto('web_sessions')
    .values({
      id,
      token_hash: hashToken(input.token),
      org_id: scope.orgId,
      user_id: scope.userId,
      csrf_token: input.csrfToken,
      created_at: iso(now),
      last_seen_at: iso(now),
      expires_at: iso(input.expiresAt),
      ended_at: null,
    })
    .execute();
  return id;
}

/** The live session a token names, with its user; null when unknown, ended or expired. */
export async function findWebSession(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<WebSession | null> {
  const row = await db
    .selectFrom('web_sessions')
    .innerJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'web_sessions.user_id')
        .onRef('users.org_id', '=', 'web_sessions.org_id'),
    )
    .innerJoin('organisations', 'organisations.id', 'web_sessions.org_id')
    .selectAll('users')
    .select([
      'web_sessions.id as session_id',
      'web_sessions.csrf_token',
      'web_sessions.last_seen_at',
      'web_sessions.expires_at',
      'organisations.name as organisation_name',
    ])
    .where('web_sessions.token_hash', '=', hashToken(token))
    .where('web_sessions.ended_at', 'is', null)
    .where('web_sessions.expires_at', '>', iso(now))
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) >= LAST_SEEN_RESOLUTION_MS)
    await db
      .updateTable('web_sessions')
      .set({ last_seen_at: iso(now) })
      .where('id', '=', row.session_id)
      .execute();
  return {
    id: row.session_id,
    scope: { orgId: row.org_id, userId: row.id },
    user: toUser(row),
    organisationName: row.organisation_name,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

export async function endWebSession(db: Executor, token: string, now = new Date()): Promise<void> {
  await db
    .updateTable('web_sessions')
    .set({ ended_at: iso(now) })
    .where('token_hash', '=', hashToken(token))
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every session of a user (a new password signs the other browsers out). */
export async function endUserWebSessions(
  db: Executor,
  scope: Scope,
  now = new Date(),
): Promise<number> {
  const result = await db
    .updateTable('web_sessions')
    .set({ ended_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function createSignInLink(
  db: Executor,
  scope: Scope,
  input: { token: string; expiresAt: Date },
  now = new Date(),
): Promise<void> {
  await db
    .insertInto('sign_in_links')
    .values({
      token_hash: hashToken(input.token),
      org_id: scope.orgId,
      user_id: scope.userId,
      created_at: iso(now),
      expires_at: iso(input.expiresAt),
      used_at: null,
    })
    .execute();
}

/**
 * Uses up a link: the user it was made for, or null when it is unknown, expired or used. The
 * claim and the check are one statement, so two requests racing with one link: one wins.
 */
export async function redeemSignInLink(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<Scope | null> {
  const tokenHash = hashToken(token);
  const claimed = await db
    .updateTable('sign_in_links')
    .set({ used_at: iso(now) })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', iso(now))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  const row = await db
    .selectFrom('sign_in_links')
    .select(['org_id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirstOrThrow();
  return { orgId: row.org_id, userId: row.user_id };
}

/** Removes sessions and links that ended or expired more than a day ago. */
export async function purgeWebSessions(db: Executor, now = new Date()): Promise<number> {
  const before = iso(new Date(now.getTime() - 86_400_000));
  const sessions = await db
    .deleteFrom('web_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('ended_at', '<', before)]))
    .executeTakeFirst();
  const links = await db
    .deleteFrom('sign_in_links')
    .where('expires_at', '<', before)
    .executeTakeFirst();
  return Number(sessions.numDeletedRows) + Number(links.numDeletedRows);
}
