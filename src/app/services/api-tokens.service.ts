/**
 * API tokens as their owners and administrators see them: listed without their secret (only its
 * display prefix; the hash never leaves the store), and revoked. A revoked token is refused by
 * the next request it authenticates (findUserByToken reads revoked_at), so revoking is at once.
 */
import { AppError, notFound } from '../../domain/errors.js';
import type { ApiToken, OrgScope, Scope, Store } from '../../store/store.js';

export const TOKEN_REVOKED_AUDIT = 'api_token.revoked';

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenView {
  id: string;
  name: string;
  /** The token's first characters, to tell tokens apart; far too few to use it. */
  prefix: string;
  createdAt: string;
  /** Recorded at most once a minute; null when never used. */
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: TokenStatus;
}

export class ApiTokensService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(scope: Scope): Promise<TokenView[]> {
    const now = this.clock();
    return (await this.store.apiTokens.list(scope)).map((token) => tokenView(token, now));
  }

  /**
   * Revokes a token of the caller's organisation: the caller's own, or, for an admin, a
   * member's. Another organisation's id is not found, as an unknown one is (its existence is
   * not the caller's to learn). Revoking a revoked token changes nothing.
   */
  async revoke(caller: Scope, id: string): Promise<TokenView> {
    const token = await this.store.apiTokens.find({ orgId: caller.orgId }, id);
    if (!token) throw notFound(`API token ${id}`);
    if (token.userId !== caller.userId && !(await this.isAdmin(caller)))
      throw new AppError(
        'forbidden',
        "only an admin of the organisation may revoke another user's API token",
      );
    return this.revokeToken(token, caller.userId);
  }

  /**
   * The operator (`calintel tokens revoke ID`): any organisation's token. `alreadyRevoked`: it
   * was revoked before, and nothing changed (the operator is told so, not that it was revoked).
   */
  async revokeAsOperator(id: string): Promise<TokenView & { alreadyRevoked: boolean }> {
    const token = await this.store.apiTokens.findById(id);
    if (!token) throw notFound(`API token ${id}`);
    const alreadyRevoked = token.revokedAt !== null;
    return { ...(await this.revokeToken(token, null)), alreadyRevoked };
  }

  /** Every live token of the user (`tokens revoke --user EMAIL --all`); returns those revoked. */
  async revokeAll(owner: Scope, by: string | null): Promise<string[]> {
    const ids = await this.store.apiTokens.revokeAll(owner);
    for (const id of ids) await this.audit(owner, by, id, owner.userId);
    return ids;
  }

  private async revokeToken(token: ApiToken, by: string | null): Promise<TokenView> {
    const owner = { orgId: token.orgId, userId: token.userId };
    if (token.revokedAt === null && (await this.store.apiTokens.revoke(owner, token.id)))
      await this.audit(owner, by, token.id, token.userId);
    const now = this.clock();
    const revoked = await this.store.apiTokens.find(owner, token.id);
    return tokenView(revoked ?? token, now);
  }

  private async audit(org: OrgScope, by: string | null, id: string, owner: string) {
    await this.store.audit.append(
      { orgId: org.orgId, userId: by },
      { action: TOKEN_REVOKED_AUDIT, target: id, details: { owner } },
    );
  }

  private async isAdmin(caller: Scope): Promise<boolean> {
    return (await this.store.users.get(caller))?.role === 'admin';
  }
}

export function tokenView(token: ApiToken, now: Date): TokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    status: statusOf(token, now),
  };
}

function statusOf(token: ApiToken, now: Date): TokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}
