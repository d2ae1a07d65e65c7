/**
 * API tokens: bearer credentials for the REST API. Only a SHA-256 of each token is stored; the
 * token is shown once, at creation. A fast hash suffices (no bcrypt) because tokens are 256 random
 * bits, not guessable passwords.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from './database.js';
import type { ApiTokenRow } from './schema.js';
import type { OrgScope, Scope } from './scope.js';
import { iso, newId } from './sql-support.js';
import { toUser } from './users.repository.js';
import type { User } from './users.repository.js';

export const TOKEN_PREFIX = 'cit_';
/** Enough of the token to tell tokens apart in a list, far too little to guess the rest. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;
/** Writing last_used_at on every request would make each API read a write; once a minute is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiToken {
  id: string;
  orgId: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiToken {
  /** The bearer token itself; it cannot be recovered later. */
  token: string;
  apiToken: ApiToken;
}

export interface TokenOwner {
  scope: Scope;
  user: User;
  tokenId: string;
}

export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createApiToken(
  db: Executor,
  scope: Scope,
  input: { name: string; expiresAt?: Date | null },
  now = new Date(),
): Promise<CreatedApiToken> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row: ApiTokenRow = {
    id: newId(),
    org_id: scope.orgId,
    user_id: scope.userId,
    name: input.name,
    token_hash: hashToken(token),
    prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
    created_at: iso(now),
    last_used_at: null,
    expires_at: input.expiresAt ? iso(input.expiresAt) : null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, apiToken: toApiToken(row) };
}

/** The owner of a live token (not revoked, not expired), or undefined. */
export async function findUserByToken(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<TokenOwner | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const nowText = iso(now);
  // The lookup is by hash, so response time does not depend on how much of a token matches.
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', (j) =>
      j
        .onRef('users.id', '=', 'api_tokens.user_id')
        .onRef('users.org_id', '=', 'api_tokens.org_id'),
    )
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used_at'])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', nowText)]),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  if (isStale(row.token_last_used_at, now)) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: nowText })
      .where('id', '=', row.token_id)
      .execute();
  }
  const user = toUser(row);
  return { scope: { orgId: user.orgId, userId: user.id }, user, tokenId: row.token_id };
}

/** The user's tokens, revoked and expired ones included (a list says which), oldest first. */
export async function listApiTokens(db: Executor, scope: Scope): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toApiToken);
}

/** Revokes one of the scope's tokens; false when there is no such live token. */
export async function revokeApiToken(
  db: Executor,
  scope: Scope,
  id: string,
  now = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A token of the organisation by its id, whoever's it is; undefined for another org's. */
export async function findApiToken(
  db: Executor,
  scope: OrgScope,
  id: string,
): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toApiToken(row);
}

/** A token by its id in any organisation: for the operator (the CLI), who is no tenant. */
export async function findApiTokenById(db: Executor, id: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toApiToken(row);
}

/** Revokes every live token of the user; returns the ids revoked. */
export async function revokeAllApiTokens(
  db: Executor,
  scope: Scope,
  now = new Date(),
): Promise<string[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((row) => row.id).sort();
}

function isStale(lastUsedAt: string | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - Date.parse(lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}
