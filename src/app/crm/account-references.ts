/**
 * How a lead or contact names its account: by calintel's id (`accountId`) or by the CRM's
 * (`accountExternalId`). A name that is not one of the organisation's accounts (another tenant's
 * id, an unknown CRM id) is refused, naming the field; every such reference of a batch is named
 * at once, so that a CRM or a file is fixed in one go.
 */
import type { ItemProblem } from '../../domain/item-problems.js';
import type { Locate } from './crm-kinds.js';
import { describeProblems, type FieldProblem } from './item-checks.js';

export interface AccountKeys {
  id: string;
  externalId: string | null;
}

export interface AccountReference {
  externalId?: string | null | undefined;
  accountId?: string | null | undefined;
  accountExternalId?: string | null | undefined;
}

/** calintel's account id for a reference (undefined names none: an update keeps the link), or why not. */
export type Resolution = { id: string | null | undefined } | { problem: FieldProblem };

export type ResolveAccount = (item: AccountReference) => Resolution;

export function accountResolver(accounts: Iterable<AccountKeys>): ResolveAccount {
  const ids = new Set<string>();
  const byExternal = new Map<string, string>();
  for (const account of accounts) {
    ids.add(account.id);
    // Later accounts win: the ones just written come after the ones read before.
    if (account.externalId) byExternal.set(account.externalId, account.id);
  }
  return (item) => {
    if (item.accountExternalId) {
      const id = byExternal.get(item.accountExternalId);
      if (id) return { id };
      return {
        problem: {
          field: 'accountExternalId',
          message: `no account with externalId "${item.accountExternalId}" in your organisation`,
        },
      };
    }
    if (item.accountId && !ids.has(item.accountId))
      return {
        problem: {
          field: 'accountId',
          message: `no account ${item.accountId} in your organisation`,
        },
      };
    if (item.accountExternalId === null) return { id: null };
    return { id: item.accountId };
  };
}

/** Each item's account id, or every reference that resolves to none, by the item's index. */
export function resolveAll(
  items: readonly AccountReference[],
  resolve: ResolveAccount,
): { ids: (string | null | undefined)[]; problems: ItemProblem[] } {
  const problems: ItemProblem[] = [];
  const ids = items.map((item, index) => {
    const resolution = resolve(item);
    if ('id' in resolution) return resolution.id;
    problems.push({ index, externalId: item.externalId ?? null, ...resolution.problem });
    return undefined;
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
  const described = (kind: 'leads' | 'contacts') => {
    const { problems } = resolveAll(file[kind], resolve);
    return problems.length > 0 ? [describeProblems(problems, locate[kind])] : [];
  };
  return [...described('leads'), ...described('contacts')];
}
