/**
 * The store's groups for what a connection to a provider holds: the connection itself (its
 * secrets sealed by the SecretBox), its calendars, and its push channels. Kept apart from
 * store.ts, which wires every group into the Store, to keep that file small (as
 * analysis-groups.ts and meetings-group.ts are).
 */
import * as calendars from './calendars.repository.js';
import * as connections from './connections.repository.js';
import type { Executor } from './database.js';
import * as pushChannels from './push-channels.repository.js';
import type { PushChannelStatus } from './schema.js';
import type { Scope } from './scope.js';
import type { SecretBox } from './secret-box.js';

type Db = Executor;

export function connectionsGroup(db: Db, box: SecretBox) {
  return {
    create: (scope: Scope, input: connections.CreateConnectionInput) =>
      connections.createConnection(db, scope, input, box),
    claim: (scope: Scope, input: connections.CreateConnectionInput) =>
      connections.claimConnection(db, scope, input, box),
    get: (scope: Scope, id: string) => connections.getConnection(db, scope, id, box),
    list: (scope: Scope) => connections.listConnections(db, scope),
    listActive: () => connections.listActiveConnections(db),
    countByStatus: () => connections.countConnectionsByStatus(db),
    updateStatus: (
      scope: Scope,
      id: string,
      status: connections.ConnectionStatus,
      lastError: string | null = null,
      options?: { unlessDisconnected?: boolean },
    ) => connections.updateConnectionStatus(db, scope, id, status, lastError, undefined, options),
    updateSecrets: (scope: Scope, id: string, secrets: Record<string, string>) =>
      connections.updateConnectionSecrets(db, scope, id, secrets, box),
    /** Sets some keys of the settings, the others left as stored (connections.repository.ts). */
    patchSettings: (
      scope: Scope,
      id: string,
      patch: Parameters<typeof connections.patchConnectionSettings>[3],
    ) => connections.patchConnectionSettings(db, scope, id, patch),
    delete: (scope: Scope, id: string) => connections.deleteConnection(db, scope, id),
  };
}

export function calendarsGroup(db: Db) {
  return {
    /** `ownAddresses`: the user's own on the connection (others-calendars.ts ownAddressesOf). */
    upsert: (
      scope: Scope,
      connectionId: string,
      remote: calendars.RemoteCalendarInput,
      ownAddresses: readonly string[] = [],
    ) => calendars.upsertCalendar(db, scope, connectionId, remote, ownAddresses),
    list: (scope: Scope, filter: { connectionId?: string } = {}) =>
      calendars.listCalendars(db, scope, filter),
    get: (scope: Scope, id: string) => calendars.getCalendar(db, scope, id),
    setSelected: (scope: Scope, id: string, selected: boolean) =>
      calendars.setCalendarSelected(db, scope, id, selected),
    /** Missing from the provider's list since `since` (kept if already marked earlier). */
    markMissing: (scope: Scope, id: string, since: Date) =>
      calendars.markCalendarMissing(db, scope, id, since),
    delete: (scope: Scope, id: string) => calendars.deleteCalendar(db, scope, id),
  };
}

export function pushChannelsGroup(db: Db) {
  return {
    create: (scope: Scope, input: pushChannels.NewPushChannel, now?: Date) =>
      pushChannels.createPushChannel(db, scope, input, now),
    verify: (input: { provider: string; id: string; token: string }) =>
      pushChannels.verifyPushChannel(db, input),
    recordNotification: (id: string, messageNumber: number | null, now?: Date) =>
      pushChannels.recordPushNotification(db, id, messageNumber, now),
    list: (scope: Scope, filter?: Parameters<typeof pushChannels.listPushChannels>[2]) =>
      pushChannels.listPushChannels(db, scope, filter),
    listExpiring: (provider: string, before: Date) =>
      pushChannels.listExpiringPushChannels(db, provider, before),
    setStatus: (scope: Scope, id: string, status: PushChannelStatus, now?: Date) =>
      pushChannels.setPushChannelStatus(db, scope, id, status, now),
    /** Active -> expired, true only for the caller that made the change. */
    claim: (scope: Scope, id: string, now?: Date) =>
      pushChannels.claimPushChannel(db, scope, id, now),
    setExpiry: (scope: Scope, id: string, expiresAt: Date, now?: Date) =>
      pushChannels.setPushChannelExpiry(db, scope, id, expiresAt, now),
    /** Pending -> active with the provider's resource id and end; false if not pending. */
    complete: (
      scope: Scope,
      id: string,
      input: { resourceId: string; expiresAt: Date | null },
      now?: Date,
    ) => pushChannels.completePushChannel(db, scope, id, input, now),
    delete: (scope: Scope, id: string) => pushChannels.deletePushChannel(db, scope, id),
  };
}
