/**
 * The store's groups for who may use calintel: organisations, users, API tokens, web sessions and
 * sign-in links, and OAuth states (sealed by the SecretBox). Kept apart from store.ts, which wires
 * every group into the Store, to keep that file small (as connection-groups.ts is).
 */
import * as tokens from './api-tokens.repository.js';
import type { Executor } from './database.js';
import * as oauthStates from './oauth-states.repository.js';
import * as organisations from './organisations.repository.js';
import type { OrgScope, Scope } from './scope.js';
import type { SecretBox } from './secret-box.js';
import * as users from './users.repository.js';
import * as webSessions from './web-sessions.repository.js';

type Db = Executor;

export function oauthStatesGroup(db: Db, box: SecretBox) {
  return {
    create: (scope: Scope, input: Parameters<typeof oauthStates.createOAuthState>[2]) =>
      oauthStates.createOAuthState(db, scope, input, box),
    consume: (input: { state: string; provider: string }, now?: Date) =>
      oauthStates.consumeOAuthState(db, input, box, now),
    peek: (input: { state: string; provider: string }, now?: Date) =>
      oauthStates.peekOAuthState(db, input, now),
    purge: (now?: Date) => oauthStates.purgeOAuthStates(db, now),
  };
}

export function organisationsGroup(db: Db) {
  return {
    create: (input: organisations.CreateOrganisationInput) =>
      organisations.createOrganisation(db, input),
    get: (scope: OrgScope) => organisations.getOrganisation(db, scope),
    findByName: (name: string) => organisations.findOrganisationByName(db, name),
    lockName: (name: string) => organisations.lockOrganisationName(db, name),
    ids: () => organisations.listOrganisationIds(db),
    setInternalDomains: (scope: OrgScope, domains: string[]) =>
      organisations.setInternalDomains(db, scope, domains),
    setConflictPolicy: (scope: OrgScope, policy: unknown) =>
      organisations.setConflictPolicy(db, scope, policy),
  };
}

export function usersGroup(db: Db) {
  return {
    create: (orgId: string, input: users.CreateUserInput) => users.createUser(db, { orgId }, input),
    get: (scope: Scope) => users.getUser(db, scope),
    list: (scope: OrgScope) => users.listUsers(db, scope),
    findByEmail: (email: string) => users.findUsersByEmail(db, email),
    setConflictWriteBack: (scope: Scope, enabled: boolean) =>
      users.setConflictWriteBack(db, scope, enabled),
    setRole: (scope: Scope, role: users.UserRole) => users.setUserRole(db, scope, role),
    setTimeZone: (scope: Scope, timeZone: string | null) =>
      users.setUserTimeZone(db, scope, timeZone),
    demoteUnlessLastAdmin: (scope: Scope) => users.demoteUnlessLastAdmin(db, scope),
    setPasswordHash: (scope: Scope, hash: string | null) => users.setPasswordHash(db, scope, hash),
    passwordHashesByEmail: (email: string) => users.passwordHashesByEmail(db, email),
  };
}

export function webSessionsGroup(db: Db) {
  return {
    create: (scope: Scope, input: Parameters<typeof webSessions.createWebSession>[2], now?: Date) =>
      webSessions.createWebSession(db, scope, input, now),
    find: (token: string, now?: Date) => webSessions.findWebSession(db, token, now),
    end: (token: string, now?: Date) => webSessions.endWebSession(db, token, now),
    endAllFor: (scope: Scope, now?: Date) => webSessions.endUserWebSessions(db, scope, now),
    createLink: (
      scope: Scope,
      input: Parameters<typeof webSessions.createSignInLink>[2],
      now?: Date,
    ) => webSessions.createSignInLink(db, scope, input, now),
    redeemLink: (token: string, now?: Date) => webSessions.redeemSignInLink(db, token, now),
    purge: (now?: Date) => webSessions.purgeWebSessions(db, now),
  };
}

export function apiTokensGroup(db: Db) {
  return {
    create: (scope: Scope, name: string, options: { expiresAt?: Date | null } = {}) =>
      tokens.createApiToken(db, scope, { name, ...options }),
    findUserByToken: (token: string, now?: Date) => tokens.findUserByToken(db, token, now),
    list: (scope: Scope) => tokens.listApiTokens(db, scope),
    revoke: (scope: Scope, id: string) => tokens.revokeApiToken(db, scope, id),
    find: (scope: OrgScope, id: string) => tokens.findApiToken(db, scope, id),
    findById: (id: string) => tokens.findApiTokenById(db, id),
    revokeAll: (scope: Scope) => tokens.revokeAllApiTokens(db, scope),
  };
}
