/**
 * OAuth authorisations in progress. A state is bound to the user who asked for it, expires, and
 * can be used once: consuming it marks it used in the same statement that checks it.
 */
import { createHash } from 'node:crypto';
import type { Executor } from './database.js';
import type { Scope } from './scope.js';
import type { SecretBox } from './secret-box.js';
import { iso } from './sql-support.js';

export interface PendingAuthorisation {
  scope: Scope;
  provider: string;
  codeVerifier: string;
  redirectUri: string;
  /** The dashboard session that started it; its callback must come back to the same one. */
  browserSession: string | null;
}

export function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

export async function createOAuthState(
  db: Executor,
  scope: Scope,
  input: {
    state: string;
    provider: string;
    codeVerifier: string;
    redirectUri: string;
    expiresAt: Date;
    browserSession?: string | null;
  },
  box: SecretBox,
  now = new Date(),
): Promise<void> {
  await db
    .insertInto('oauth_states')
    .values({
      state_hash: hashState(input.state),
      org_id: scope.orgId,
      user_id: scope.userId,
      provider: input.provider,
      code_verifier_encrypted: box.seal(input.codeVerifier),
      redirect_uri: input.redirectUri,
      expires_at: iso(input.expiresAt),
      used_at: null,
      created_at: iso(now),
      browser_session: input.browserSession ?? null,
    })
    .execute();
}

/**
 * Uses up a state: returns what was pending, or null when the state is unknown, expired, already
 * used or for another provider. Two callbacks racing with one state: only one gets it.
 */
export async function consumeOAuthState(
  db: Executor,
  input: { state: string; provider: string },
  box: SecretBox,
  now = new Date(),
): Promise<PendingAuthorisation | null> {
  const stateHash = hashState(input.state);
  const claimed = await db
    .updateTable('oauth_states')
    .set({ used_at: iso(now) })
    .where('state_hash', '=', stateHash)
    .where('provider', '=', input.provider)
    .where('used_at', 'is', null)
    .where('expires_at', '>', iso(now))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  const row = await db
    .selectFrom('oauth_states')
    .selectAll()
    .where('state_hash', '=', stateHash)
    .executeTakeFirstOrThrow();
  return {
    scope: { orgId: row.org_id, userId: row.user_id },
    provider: row.provider,
    codeVerifier: box.open(row.code_verifier_encrypted),
    redirectUri: row.redirect_uri,
    browserSession: row.browser_session,
  };
}

/**
 * Who a state would connect the account to, without using it up: null when it is unknown,
 * expired, already used or for another provider. (The callback's confirmation page reads it.)
 */
export async function peekOAuthState(
  db: Executor,
  input: { state: string; provider: string },
  now = new Date(),
): Promise<Pick<PendingAuthorisation, 'scope' | 'browserSession'> | null> {
  const row = await db
    .selectFrom('oauth_states')
    .select(['org_id', 'user_id', 'browser_session'])
    .where('state_hash', '=', hashState(input.state))
    .where('provider', '=', input.provider)
    .where('used_at', 'is', null)
    .where('expires_at', '>', iso(now))
    .executeTakeFirst();
  return row
    ? { scope: { orgId: row.org_id, userId: row.user_id }, browserSession: row.browser_session }
    : null;
}

/** Removes states that expired more than a day ago (kept a while to explain late callbacks). */
export async function purgeOAuthStates(db: Executor, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('oauth_states')
    .where('expires_at', '<', iso(new Date(now.getTime() - 86_400_000)))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
