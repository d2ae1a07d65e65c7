/**
 * An API call's batch checked whole before anything is written: each item against its schema,
 * then the items that pass for a record named twice, an account reference that names none, and
 * a new record without its name or email. Every problem of both kinds is refused at once, each
 * with its index, externalId and field (`InvalidItems`), so that a CRM fixes its push in one go
 * instead of meeting the next problem on the next try.
 */
import {
  accountItemSchema,
  contactItemSchema,
  leadItemSchema,
  type AccountItem,
  type ContactItem,
  type LeadItem,
} from '../../api/crm-schemas.js';
import type { ItemProblem } from '../../domain/item-problems.js';
import type { OrgScope, Store } from '../../store/store.js';
import { accountResolver, resolveAll } from './account-references.js';
import { listLocator, RECORD_NAMES, type CrmKind, type Locate } from './crm-kinds.js';
import { parseItems, refuseProblems, type CheckedItem } from './item-checks.js';
import { listPositions, repeatedRecords } from './once-per-batch.js';

const REQUIRED_FIELD = { accounts: 'name', leads: 'email', contacts: 'email' } as const;

/** Where an item of a call's body is: `body.leads.3.email`. */
export const bodyLocator = (kind: CrmKind): Locate => listLocator(`body.${kind}`);

export async function checkedAccounts(
  store: Store,
  scope: OrgScope,
  raw: readonly unknown[],
): Promise<AccountItem[]> {
  const { entries, problems } = parseItems(accountItemSchema, raw);
  return checked(store, scope, 'accounts', entries, problems);
}

export async function checkedLeads(
  store: Store,
  scope: OrgScope,
  raw: readonly unknown[],
): Promise<LeadItem[]> {
  const { entries, problems } = parseItems(leadItemSchema, raw);
  problems.push(...(await referenceProblems(store, scope, entries)));
  return checked(store, scope, 'leads', entries, problems);
}

export async function checkedContacts(
  store: Store,
  scope: OrgScope,
  raw: readonly unknown[],
): Promise<ContactItem[]> {
  const { entries, problems } = parseItems(contactItemSchema, raw);
  problems.push(...(await referenceProblems(store, scope, entries)));
  return checked(store, scope, 'contacts', entries, problems);
}

type BatchItem = AccountItem | LeadItem | ContactItem;

async function checked<T extends BatchItem>(
  store: Store,
  scope: OrgScope,
  kind: CrmKind,
  entries: readonly CheckedItem<T>[],
  problems: ItemProblem[],
): Promise<T[]> {
  problems.push(...repeatedRecords(kind, entries, listPositions(`body.${kind}`, 'request')));
  problems.push(...(await incompleteProblems(store, scope, kind, entries)));
  refuseProblems(problems, bodyLocator(kind));
  return entries.map((e) => e.item);
}

/** Account references that name none of the organisation's accounts. */
async function referenceProblems(
  store: Store,
  scope: OrgScope,
  entries: readonly CheckedItem<LeadItem | ContactItem>[],
): Promise<ItemProblem[]> {
  const named = entries.some((e) => e.item.accountId || e.item.accountExternalId);
  if (!named) return [];
  const resolve = accountResolver(await store.crm.listAccounts(scope));
  const { problems } = resolveAll(
    entries.map((e) => e.item),
    resolve,
  );
  return problems.map((p) => ({ ...p, index: entries[p.index]?.index ?? p.index }));
}

/**
 * Items without their name or email whose externalId names no stored record: new records
 * without what a new record needs. The write checks again in its transaction; this read lets
 * the refusal name them beside every other problem.
 */
async function incompleteProblems(
  store: Store,
  scope: OrgScope,
  kind: CrmKind,
  entries: readonly CheckedItem<BatchItem>[],
): Promise<ItemProblem[]> {
  const field = REQUIRED_FIELD[kind];
  // The kind says which of the items' types these are.
  const lacks = (item: BatchItem) =>
    (kind === 'accounts' ? (item as AccountItem).name : (item as LeadItem).email) === undefined;
  const lacking = entries.filter((e) => lacks(e.item));
  const ids = lacking.flatMap((e) => (e.item.externalId ? [e.item.externalId] : []));
  if (ids.length === 0) return [];
  const stored = await store.crm.storedExternalIds(scope, kind, ids);
  return lacking.flatMap(({ index, item }) =>
    item.externalId && !stored.has(item.externalId)
      ? [
          {
            index,
            externalId: item.externalId,
            field,
            message: incompleteMessage(kind, item.externalId),
          },
        ]
      : [],
  );
}

/** Why a new record without its name or email is refused. */
export function incompleteMessage(kind: CrmKind, externalId: string | null): string {
  const one = RECORD_NAMES[kind];
  if (externalId === null)
    return `is required (a new ${one}; to update a stored one without it, give its externalId)`;
  return `is required for a new ${one}, and no ${one} of your organisation has externalId "${externalId}"`;
}
