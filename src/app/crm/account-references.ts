/**
 * How a lead or contact names its account: by calintel's id (`accountId`) or by the CRM's
 * (`accountExternalId`). A name that is not one of the organisation's accounts (another tenant's
 * id, an unknown CRM id) is refused, naming the field.
 */
import { invalidInput } from '../../domain/errors.js';

export interface AccountKeys {
  id: string;
  externalId: string | null;
}

export interface AccountReference {
  accountId?: string | null | undefined;
  accountExternalId?: string | null | undefined;
}

/** calintel's account id for a reference; undefined when it names none (an update keeps the link). */
export type ResolveAccount = (item: AccountReference, where: string) => string | null | undefined;

export function accountResolver(accounts: Iterable<AccountKeys>): ResolveAccount {
  const ids = new Set<string>();
  const byExternal = new Map<string, string>();
  for (const account of accounts) {
    ids.add(account.id);
    // Later accounts win: the ones just written come after the ones read before.
    if (account.externalId) byExternal.set(account.externalId, account.id);
  }
  return (item, where) => {
    if (item.accountExternalId) {
      const id = byExternal.get(item.accountExternalId);
      if (!id)
        throw invalidInput(
          `${where}.accountExternalId: no account with externalId "${item.accountExternalId}" in your organisation`,
        );
      return id;
    }
    if (item.accountId && !ids.has(item.accountId))
      throw invalidInput(`${where}.accountId: no account ${item.accountId} in your organisation`);
    if (item.accountExternalId === null) return null;
    return item.accountId;
  };
}

/**
 * Refuses a file in which a person names an account that is neither stored nor in the file, before
 * anything is written. The file's accounts count by their CRM id: they are written before people.
 */
export function checkAccountReferences(
  stored: readonly AccountKeys[],
  file: {
    accounts: readonly { externalId?: string | undefined }[];
    leads: readonly AccountReference[];
    contacts: readonly AccountReference[];
  },
): void {
  // Their calintel ids are not known yet: a stand-in will do, since only whether a reference
  // resolves matters here (the writes resolve every reference again, in their transaction).
  const pending = file.accounts.flatMap((a) =>
    a.externalId ? [{ id: `pending:${a.externalId}`, externalId: a.externalId }] : [],
  );
  const resolve = accountResolver([...stored, ...pending]);
  file.leads.forEach((lead, i) => resolve(lead, `leads.${i}`));
  file.contacts.forEach((contact, i) => resolve(contact, `contacts.${i}`));
}
