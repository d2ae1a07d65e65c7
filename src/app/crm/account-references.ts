/**
 * How a lead or contact names its account: by calintel's id (`accountId`) or by the CRM's
 * (`accountExternalId`). A name that is not one of the organisation's accounts (another tenant's
 * id, an unknown CRM id) is refused, naming the field; every such reference of a batch is named
 * at once, so that a CRM or a file is fixed in one go.
 */
import { AppError, invalidInput } from '../../domain/errors.js';
import type { Locate } from './crm-kinds.js';

export interface AccountKeys {
  id: string;
  externalId: string | null;
}

export interface AccountReference {
  accountId?: string | null | undefined;
  accountExternalId?: string | null | undefined;
}

/**
 * calintel's account id for a reference; undefined when it names none (an update keeps the
 * link). `at` says where a field of the item is, for the error.
 */
export type ResolveAccount = (
  item: AccountReference,
  at: (field: string) => string,
) => string | null | undefined;

export function accountResolver(accounts: Iterable<AccountKeys>): ResolveAccount {
  const ids = new Set<string>();
  const byExternal = new Map<string, string>();
  for (const account of accounts) {
    ids.add(account.id);
    // Later accounts win: the ones just written come after the ones read before.
    if (account.externalId) byExternal.set(account.externalId, account.id);
  }
  return (item, at) => {
    if (item.accountExternalId) {
      const id = byExternal.get(item.accountExternalId);
      if (!id)
        throw invalidInput(
          `${at('accountExternalId')}: no account with externalId "${item.accountExternalId}" in your organisation`,
        );
      return id;
    }
    if (item.accountId && !ids.has(item.accountId))
      throw invalidInput(`${at('accountId')}: no account ${item.accountId} in your organisation`);
    if (item.accountExternalId === null) return null;
    return item.accountId;
  };
}

/** Each item's account id, or every reference that resolves to none. */
export function resolveAll(
  items: readonly AccountReference[],
  resolve: ResolveAccount,
  locate: Locate,
): { ids: (string | null | undefined)[]; problems: string[] } {
  const problems: string[] = [];
  const ids = items.map((item, i) => {
    try {
      return resolve(item, (field) => locate(i, field));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      problems.push(error.message);
      return undefined;
    }
  });
  return { ids, problems };
}

/**
 * The references of a file in which a person names an account that is neither stored nor in the
 * file, found before anything is written. The file's accounts count by their CRM id: they are
 * written before people.
 */
export function badAccountReferences(
  stored: readonly AccountKeys[],
  file: {
    accounts: readonly { externalId?: string | undefined }[];
    leads: readonly AccountReference[];
    contacts: readonly AccountReference[];
  },
  locate: { leads: Locate; contacts: Locate },
): string[] {
  // Their calintel ids are not known yet: a stand-in will do, since only whether a reference
  // resolves matters here (the writes resolve every reference again, in their transaction).
  const pending = file.accounts.flatMap((a) =>
    a.externalId ? [{ id: `pending:${a.externalId}`, externalId: a.externalId }] : [],
  );
  const resolve = accountResolver([...stored, ...pending]);
  return [
    ...resolveAll(file.leads, resolve, locate.leads).problems,
    ...resolveAll(file.contacts, resolve, locate.contacts).problems,
  ];
}
