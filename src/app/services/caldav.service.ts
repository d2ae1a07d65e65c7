/**
 * Connecting CalDAV calendars (iCloud, Fastmail, Nextcloud, Radicale): the server URL or domain,
 * a username and an app password, checked by discovery before anything is stored; the password
 * sealed; every calendar found selected and queued for its first sync. Connecting the same
 * account again renews its password instead of adding a second connection. A calendar the server
 * lists under an href that cannot be used is not connected; the answer names it with the reason,
 * so that the user learns of it (the log alone told only the operator).
 */
import type { CaldavConnectionView, ConnectCaldavInput } from '../../api/schemas.js';
import { AppError } from '../../domain/errors.js';
import type { CaldavProvider } from '../../providers/caldav/caldav-provider.js';
import type { Scope, Store } from '../../store/store.js';
import { refuseColleaguesAccount } from './colleague-account.js';
import { asConnectError, type ConnectionsService } from './connections.service.js';
import { inOwnersZone } from './owners-zone.js';
import type { SyncService } from './sync.service.js';

export interface CaldavServiceDeps {
  store: Store;
  provider: CaldavProvider;
  sync: SyncService;
  connections: ConnectionsService;
}

export class CaldavService {
  constructor(private readonly deps: CaldavServiceDeps) {}

  async connect(scope: Scope, input: ConnectCaldavInput): Promise<CaldavConnectionView> {
    const verified = await this.deps.provider.verify(input).catch((error: unknown) => {
      throw asConnectError(error);
    });
    const { account } = verified;
    // The username of iCloud, Fastmail and most hosted servers is the account's address. A bare
    // login ('lukas') is not checked: matched to users' local parts it would refuse the caller's
    // own account on any server where a colleague's first name is also a login.
    await refuseColleaguesAccount(this.deps.store, scope, [input.username]);
    const secrets = { username: input.username, password: input.password };
    const settings = { ...account, username: input.username };
    const { connection, created } = await this.deps.store.connections.claim(scope, {
      provider: 'caldav',
      label: `${input.username} @ ${new URL(account.serverUrl).host}`,
      secrets,
      settings,
    });
    if (!created) {
      await this.deps.store.connections.patchSettings(scope, connection.id, settings);
      await this.deps.store.connections.updateSecrets(scope, connection.id, secrets);
      await this.deps.store.connections.updateStatus(scope, connection.id, 'active', null);
    }
    for (const remote of verified.calendars) {
      const zoned = await inOwnersZone(this.deps.store, scope, remote);
      const calendar = await this.deps.store.calendars.upsert(scope, connection.id, zoned);
      if (!calendar) throw new AppError('internal', `connection ${connection.id} vanished`, true);
      await this.deps.sync.queueCalendar(scope, calendar.id);
    }
    const view = await this.deps.connections.view(scope, connection);
    const skippedCalendars = verified.skipped.map(({ href, reason }) => ({ href, reason }));
    return { ...view, skippedCalendars };
  }
}
