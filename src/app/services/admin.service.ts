/** Administration use cases: organisations, users and API tokens (the CLI calls these). */
import { AppError, invalidInput } from '../../domain/errors.js';
import { ApiTokensService } from './api-tokens.service.js';
import { canonicalZone } from './profile.service.js';
import {
  ambiguousOrganisationName,
  organisationNameKey,
} from '../../store/organisations.repository.js';
import type { Organisation, OrgScope, Scope, Store, User, UserRole } from '../../store/store.js';

export interface CreateUserRequest {
  email: string;
  orgName: string;
  name: string | null;
  /** Null: none known; the dashboard then shows the browser's zone, conflicts the org's default. */
  timeZone: string | null;
  internalDomains: string[];
  /** Default: admin for the user who creates the organisation, else member. */
  role?: UserRole;
}

export class AdminService {
  private readonly tokens: ApiTokensService;

  constructor(
    private readonly store: Store,
    /** Queues meeting detection for every user of an organisation (MeetingsService). */
    private readonly redetect: (scope: OrgScope) => Promise<unknown>,
  ) {
    this.tokens = new ApiTokensService(store);
  }

  /**
   * Creates the user, and the organisation when none has that name; adds internal domains. The
   * user who creates an organisation administers it (an organisation always has an admin).
   * Who is a colleague decides every meeting, so new domains on an existing organisation queue
   * its detection again, once the transaction has committed (a job must read the new domains).
   * The name's lock comes first, so that two users created at once for "Acme" and "acme" found
   * one organisation between them: the second waits, then finds the first's.
   */
  async createUser(
    request: CreateUserRequest,
  ): Promise<{ user: User; organisation: Organisation }> {
    const email = checkEmail(request.email);
    // As a profile's change does: the same refusal (unknown_time_zone) and the same spelling.
    const timeZone = request.timeZone === null ? null : canonicalZone(request.timeZone);
    const domains = request.internalDomains.map(checkDomain);
    const created = await this.store.transaction(async (tx) => {
      let domainsChanged = false;
      await tx.organisations.lockName(request.orgName);
      let organisation = await tx.organisations.findByName(request.orgName);
      const founder = !organisation;
      if (!organisation) {
        organisation = await tx.organisations.create({
          name: request.orgName,
          internalDomains: domains,
        });
      } else if (domains.some((d) => !organisation?.internalDomains.includes(d))) {
        const merged = [...new Set([...organisation.internalDomains, ...domains])];
        domainsChanged = await tx.organisations.setInternalDomains(
          { orgId: organisation.id },
          merged,
        );
        organisation = { ...organisation, internalDomains: merged };
      }
      const existing = (await tx.users.findByEmail(email)).find(
        (u) => u.organisation.id === organisation.id,
      );
      if (existing)
        throw new AppError('conflict', `${email} already exists in ${organisation.name}`);
      const user = await tx.users.create(organisation.id, {
        email,
        name: request.name,
        timeZone,
        role: founder ? 'admin' : (request.role ?? 'member'),
      });
      return { user, organisation, domainsChanged };
    });
    const { domainsChanged, ...result } = created;
    if (domainsChanged) await this.redetect({ orgId: result.organisation.id });
    return result;
  }

  /**
   * Makes a user an admin or a member. The last admin of an organisation stays one: nobody could
   * change its conflict policy otherwise.
   */
  async setRole(
    email: string,
    orgName: string | null,
    role: UserRole,
  ): Promise<{ user: User; organisation: Organisation }> {
    const { user, ...scope } = await this.resolveUser(email, orgName);
    return this.store.transaction(async (tx) => {
      if (role === 'admin') await tx.users.setRole(scope, role);
      else if ((await tx.users.demoteUnlessLastAdmin(scope)) === 'last_admin')
        throw new AppError(
          'conflict',
          `${user.email} is the only admin of the organisation: make another user admin first`,
        );
      const organisation = await tx.organisations.get(scope);
      if (!organisation) throw new AppError('not_found', 'the organisation no longer exists');
      return { user: { ...user, role }, organisation };
    });
  }

  /** Finds a user by email; with several organisations holding it, the organisation must be named. */
  async resolveUser(email: string, orgName: string | null): Promise<Scope & { user: User }> {
    const matches = await this.store.users.findByEmail(checkEmail(email));
    const candidates = orgName ? inOrganisationNamed(matches, orgName) : matches;
    const only = candidates[0];
    if (!only)
      throw new AppError(
        'not_found',
        `no user ${email}${orgName ? ` in ${orgName}` : ''}: create one with \`calintel users create\``,
      );
    if (candidates.length > 1) {
      throw invalidInput(
        `${email} exists in several organisations (${candidates.map((c) => c.organisation.name).join(', ')}): pass --org`,
      );
    }
    return { orgId: only.organisation.id, userId: only.user.id, user: only.user };
  }

  async createToken(request: { email: string; orgName: string | null; name: string }) {
    const scope = await this.resolveUser(request.email, request.orgName);
    const created = await this.store.apiTokens.create(
      { orgId: scope.orgId, userId: scope.userId },
      request.name,
    );
    return { token: created.token, tokenId: created.apiToken.id, user: scope.user.email };
  }

  /** A user's tokens, without their secrets (`calintel tokens list`). */
  async listTokens(email: string, orgName: string | null) {
    const scope = await this.resolveUser(email, orgName);
    const tokens = await this.tokens.list({ orgId: scope.orgId, userId: scope.userId });
    return { user: scope.user.email, tokens };
  }

  /** `calintel tokens revoke ID`: the operator may revoke any organisation's token. */
  revokeToken(id: string) {
    return this.tokens.revokeAsOperator(id);
  }

  /** `calintel tokens revoke --user EMAIL --all`: returns the ids revoked. */
  async revokeAllTokens(email: string, orgName: string | null) {
    const scope = await this.resolveUser(email, orgName);
    const revoked = await this.tokens.revokeAll({ orgId: scope.orgId, userId: scope.userId }, null);
    return { user: scope.user.email, revoked };
  }
}

/**
 * The matches in the organisation of that name, ignoring case and surrounding spaces; where
 * older data holds several such organisations, those spelt exactly so, and when none is spelt
 * so the name is refused as ambiguous (--org was given: what helps is its exact spelling).
 */
function inOrganisationNamed<T extends { organisation: Organisation }>(
  matches: T[],
  orgName: string,
): T[] {
  const key = organisationNameKey(orgName);
  const named = matches.filter((m) => organisationNameKey(m.organisation.name) === key);
  const exact = named.filter((m) => m.organisation.name === orgName.trim());
  if (exact.length > 0) return exact;
  const organisations = new Map(named.map((m) => [m.organisation.id, m.organisation]));
  const oldestFirst = [...organisations.values()].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  if (oldestFirst.length > 1) throw ambiguousOrganisationName(orgName, oldestFirst);
  return named;
}

function checkEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed))
    throw invalidInput(`email: "${email}" is not an email address`);
  return trimmed;
}

function checkDomain(domain: string): string {
  const trimmed = domain.trim().toLowerCase().replace(/^@/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(trimmed))
    throw invalidInput(`internal domain: "${domain}" is not a domain`);
  return trimmed;
}
