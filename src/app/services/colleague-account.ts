/**
 * A calendar account that is another calintel user's own mailbox is not connected to anyone
 * else. That user's calendar is already in calintel when they connect it themselves: it gives
 * their free/busy to conflict checks, and the meetings they share with the caller are matched as
 * one. Connected a second time under the caller, every shared meeting was listed twice and the
 * colleague's own meetings became the caller's "conflicts". Only the caller's organisation is
 * looked at, so a user of another organisation is neither found nor named: their address is
 * treated as any other account.
 */
import { AppError } from '../../domain/errors.js';
import { mailboxKey } from '../../domain/matching/addresses.js';
import type { Scope, Store, User } from '../../store/store.js';

type Person = Pick<User, 'id' | 'email' | 'name'>;

/**
 * The user of `users` (one organisation's) whose mailbox `address` is, compared as mailboxes
 * (case, `+tag`, Gmail's dots); null when it is nobody's, or the caller's own.
 */
export function colleagueOwning(
  address: string,
  callerId: string,
  users: readonly Person[],
): Person | null {
  const key = mailboxKey(address);
  if (!key) return null;
  const owners = users.filter((user) => mailboxKey(user.email) === key);
  // Two users whose addresses are one mailbox (dana@ and dana+crm@): the caller's own wins.
  if (owners.some((user) => user.id === callerId)) return null;
  return owners[0] ?? null;
}

/**
 * Throws `account_belongs_to_colleague` when any of `addresses` (what the user typed, and what
 * the provider says the authenticated account is) is a colleague's mailbox. Best effort: it
 * sees only the addresses a provider names, so an account known by no user's address passes.
 */
export async function refuseColleaguesAccount(
  store: Store,
  scope: Scope,
  addresses: readonly (string | null | undefined)[],
): Promise<void> {
  const named = addresses.filter((address): address is string => Boolean(address));
  if (!named.length) return;
  const users = await store.users.list({ orgId: scope.orgId });
  for (const address of named) {
    const colleague = colleagueOwning(address, scope.userId, users);
    if (colleague) throw colleagueAccountError(address, colleague);
  }
}

export function colleagueAccountError(address: string, colleague: Person): AppError {
  const who = colleague.name ? `${colleague.name} (${colleague.email})` : colleague.email;
  return new AppError(
    'account_belongs_to_colleague',
    `${address} is the calendar of ${who}, who uses calintel in your organisation: it is theirs to connect, not yours. ` +
      'Once they have connected it, calintel already uses it for their free/busy and for conflicts. Nothing was connected.',
  );
}
