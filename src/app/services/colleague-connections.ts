/**
 * Connections made before colleague accounts were refused (colleague-account.ts) are left as
 * they are; an admin finds them here: each connection whose account is, by the address its
 * provider's connect stored, another user's of the same organisation. Best effort as the refusal
 * is: only what was stored is seen (not Exchange's verified mailbox, nor Graph's mail and UPN).
 */
import { notFound } from '../../domain/errors.js';
import type { Connection, Store, User } from '../../store/store.js';
import { colleagueOwning } from './colleague-account.js';

export interface ColleagueConnection {
  organisation: string;
  connectionId: string;
  provider: string;
  label: string;
  /** The account's address, as the provider's connect stored it. */
  account: string;
  connectedBy: string;
  colleague: string;
  action: string;
}

/**
 * Where each provider's connect put the account's address: Google's primary calendar id (or,
 * before that was required, the first listed calendar's) in settings.account; Outlook's sign-in
 * name in the label (its settings.account is MSAL's home account id, not an address);
 * Exchange's typed mailbox in settings.email; CalDAV's username in settings.username (a bare
 * login is no address and matches nobody). ICS feeds and files have no account.
 */
export function accountAddressOf(connection: Pick<Connection, 'provider' | 'label' | 'settings'>) {
  const setting = (name: string) => {
    const value = connection.settings[name];
    return typeof value === 'string' && value ? value : null;
  };
  switch (connection.provider) {
    case 'google':
      return setting('account');
    case 'microsoft':
      return connection.label || null;
    case 'exchange':
      return setting('email');
    case 'caldav':
      return setting('username');
    default:
      return null;
  }
}

/** Every organisation's colleague connections, or only those of the one named. */
export async function findColleagueConnections(
  store: Store,
  orgName: string | null,
): Promise<ColleagueConnection[]> {
  const orgIds =
    orgName === null ? await store.organisations.ids() : [await orgIdNamed(store, orgName)];
  const found: ColleagueConnection[] = [];
  for (const orgId of orgIds) found.push(...(await colleagueConnectionsOf(store, orgId)));
  return found;
}

async function orgIdNamed(store: Store, name: string): Promise<string> {
  const organisation = await store.organisations.findByName(name);
  if (!organisation) throw notFound(`organisation "${name.trim()}"`);
  return organisation.id;
}

async function colleagueConnectionsOf(store: Store, orgId: string): Promise<ColleagueConnection[]> {
  const organisation = await store.organisations.get({ orgId });
  const users = await store.users.list({ orgId });
  const found: ColleagueConnection[] = [];
  for (const user of users) {
    for (const connection of await store.connections.list({ orgId, userId: user.id })) {
      // Already disconnected: nothing is synced from it any more.
      if (connection.status === 'disconnected') continue;
      const account = accountAddressOf(connection);
      const colleague = account && colleagueOwning(account, user.id, users);
      if (!account || !colleague) continue;
      found.push({
        organisation: organisation?.name ?? orgId,
        connectionId: connection.id,
        provider: connection.provider,
        label: connection.label,
        account,
        connectedBy: user.email,
        colleague: colleague.email,
        action: disconnectAdvice(user, connection.id),
      });
    }
  }
  return found;
}

/** The connecting user disconnects it; its events go too, since they are the colleague's. */
function disconnectAdvice(user: Pick<User, 'email'>, connectionId: string): string {
  return (
    `${user.email} disconnects it: Disconnect on the dashboard's Connections page, or ` +
    `POST /api/v1/calendar/providers/${connectionId}/disconnect/ with {"keepEvents": false} ` +
    'and their API token'
  );
}
