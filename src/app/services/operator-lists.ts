/**
 * What an operator lists from the command line (`calintel users list`, `connections list`):
 * every organisation's users and calendar connections, read through the store's per-tenant
 * functions one organisation and user at a time. An operator's list of a deployment is small
 * enough for that; a user's connection says when its calendars last synced and what failed last.
 */
import { notFound } from '../../domain/errors.js';
import type { Connection, ConnectionStatus, Scope, Store, User } from '../../store/store.js';
import { accountAddressOf } from './colleague-connections.js';
import { tokenView } from './api-tokens.service.js';

export const CONNECTION_STATUSES: readonly ConnectionStatus[] = [
  'active',
  'reauth_required',
  'error',
  'disconnected',
];

export interface UserSummary {
  id: string;
  email: string;
  name: string | null;
  organisation: string;
  role: User['role'];
  timeZone: string | null;
  createdAt: string;
  /** API tokens that still authenticate (neither revoked nor expired). */
  activeTokens: number;
}

export interface ConnectionSummary {
  id: string;
  organisation: string;
  user: string;
  provider: string;
  /** The account's address where the provider's connect stored one, else the label. */
  account: string;
  status: ConnectionStatus;
  /** The latest sync of any of its calendars; null: never synced. */
  lastSyncAt: string | null;
  /** The connection's own error, else the latest failure among its calendars' syncs. */
  lastError: string | null;
}

export interface ConnectionFilter {
  /** Only this organisation's (by name). */
  orgName?: string | null;
  /** Only this user's. */
  user?: Scope | null;
  status?: ConnectionStatus | null;
}

/** Every organisation's users (or one organisation's), oldest first within each. */
export async function listUserSummaries(
  store: Store,
  orgName: string | null,
  now: Date,
): Promise<UserSummary[]> {
  const summaries: UserSummary[] = [];
  for (const orgId of await organisationIds(store, orgName)) {
    const organisation = (await store.organisations.get({ orgId }))?.name ?? orgId;
    for (const user of await store.users.list({ orgId })) {
      const tokens = await store.apiTokens.list({ orgId, userId: user.id });
      const active = tokens.filter((token) => tokenView(token, now).status === 'active');
      summaries.push({
        id: user.id,
        email: user.email,
        name: user.name,
        organisation,
        role: user.role,
        timeZone: user.timeZone,
        createdAt: user.createdAt,
        activeTokens: active.length,
      });
    }
  }
  return summaries;
}

/** Connections by organisation and user, with their calendars' last sync and failure. */
export async function listConnectionSummaries(
  store: Store,
  filter: ConnectionFilter,
): Promise<ConnectionSummary[]> {
  const summaries: ConnectionSummary[] = [];
  const orgIds = filter.user
    ? [filter.user.orgId]
    : await organisationIds(store, filter.orgName ?? null);
  for (const orgId of orgIds) {
    const organisation = (await store.organisations.get({ orgId }))?.name ?? orgId;
    const users = await store.users.list({ orgId });
    for (const user of users.filter((u) => !filter.user || u.id === filter.user.userId)) {
      const scope = { orgId, userId: user.id };
      const connections = (await store.connections.list(scope)).filter(
        (connection) => !filter.status || connection.status === filter.status,
      );
      if (connections.length === 0) continue;
      const syncs = await syncsByConnection(store, scope);
      for (const connection of connections)
        summaries.push(summaryOf(connection, organisation, user.email, syncs.get(connection.id)));
    }
  }
  return summaries;
}

interface ConnectionSyncs {
  lastSyncAt: string | null;
  lastError: { message: string; at: string } | null;
}

/** Per connection, its calendars' latest sync and latest failure (ISO times sort as text). */
async function syncsByConnection(
  store: Store,
  scope: Scope,
): Promise<Map<string, ConnectionSyncs>> {
  const connectionOf = new Map(
    (await store.calendars.list(scope)).map((calendar) => [calendar.id, calendar.connectionId]),
  );
  const byConnection = new Map<string, ConnectionSyncs>();
  for (const status of await store.syncStatus.list(scope)) {
    const connectionId = connectionOf.get(status.calendarId);
    if (!connectionId) continue;
    const seen = byConnection.get(connectionId) ?? { lastSyncAt: null, lastError: null };
    if (status.lastSyncAt && (!seen.lastSyncAt || status.lastSyncAt > seen.lastSyncAt))
      seen.lastSyncAt = status.lastSyncAt;
    const error = status.lastError;
    if (error && (!seen.lastError || error.at > seen.lastError.at)) seen.lastError = error;
    byConnection.set(connectionId, seen);
  }
  return byConnection;
}

function summaryOf(
  connection: Connection,
  organisation: string,
  user: string,
  syncs: ConnectionSyncs | undefined,
): ConnectionSummary {
  return {
    id: connection.id,
    organisation,
    user,
    provider: connection.provider,
    account: accountAddressOf(connection) ?? connection.label,
    status: connection.status,
    lastSyncAt: syncs?.lastSyncAt ?? null,
    lastError: connection.lastError ?? syncs?.lastError?.message ?? null,
  };
}

async function organisationIds(store: Store, orgName: string | null): Promise<string[]> {
  if (orgName === null) return store.organisations.ids();
  const organisation = await store.organisations.findByName(orgName);
  if (!organisation) throw notFound(`organisation "${orgName.trim()}"`);
  return [organisation.id];
}
