/**
 * CRM records of an organisation, from the API's bulk upserts or a file import. Accounts are
 * named by calintel's id or the CRM's; every change queues meeting detection again for the
 * organisation's users, since matches, accounts and types depend on the CRM.
 */
import type {
  AccountList,
  AccountListQuery,
  ContactList,
  LeadList,
  PersonListQuery,
} from '../../api/crm-list-schemas.js';
import type { AccountItem, ContactItem, CrmUpsertResult, LeadItem } from '../../api/crm-schemas.js';
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import { IncompleteNewRecords } from '../../store/crm-incomplete.js';
import { InvalidCursorError, type OrgScope, type Store } from '../../store/store.js';
import {
  accountResolver,
  badAccountReferences,
  resolveAll,
  type ResolveAccount,
} from '../crm/account-references.js';
import {
  bodyLocator,
  checkedAccounts,
  checkedContacts,
  checkedLeads,
  incompleteMessage,
} from '../crm/api-batch.js';
import { checkRecordsOnce, type CrmRecords } from '../crm/crm-files.js';
import { listLocator, type CrmKind, type Locate } from '../crm/crm-kinds.js';
import { describeProblems } from '../crm/item-checks.js';

export interface CrmImportSummary {
  internalDomains: string[];
  accounts: number;
  leads: number;
  contacts: number;
  redetection: { users: number };
}

/** Queues detection for the organisation's users; returns how many. */
export type RedetectOrganisation = (scope: OrgScope) => Promise<number>;

export class CrmService {
  constructor(
    private readonly store: Store,
    private readonly redetect: RedetectOrganisation,
  ) {}

  /**
   * The API's bulk upserts take the body's items as sent: each is checked here (api-batch.ts), so
   * that a refusal names every problem of every item at once.
   */
  async upsertAccounts(scope: OrgScope, raw: readonly unknown[]): Promise<CrmUpsertResult> {
    const items = await checkedAccounts(this.store, scope, raw);
    const saved = await saveAccounts(this.store, scope, items, bodyLocator('accounts'));
    return this.result(scope, saved);
  }

  async upsertLeads(scope: OrgScope, raw: readonly unknown[]): Promise<CrmUpsertResult> {
    const items = await checkedLeads(this.store, scope, raw);
    const account = accountResolver(await this.store.crm.listAccounts(scope));
    const saved = await saveLeads(this.store, scope, items, bodyLocator('leads'), account);
    return this.result(scope, saved);
  }

  async upsertContacts(scope: OrgScope, raw: readonly unknown[]): Promise<CrmUpsertResult> {
    const items = await checkedContacts(this.store, scope, raw);
    const account = accountResolver(await this.store.crm.listAccounts(scope));
    const saved = await saveContacts(this.store, scope, items, bodyLocator('contacts'), account);
    return this.result(scope, saved);
  }

  /** A page of the organisation's accounts; `query.cursor` is the store's position. */
  async listAccounts(scope: OrgScope, query: AccountListQuery): Promise<AccountList> {
    const page = await readingCursor(() => this.store.crm.pageAccounts(scope, query));
    return {
      items: page.items.map(({ id, externalId, name, domains, stage }) => ({
        id,
        externalId,
        name,
        domains,
        stage,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async listLeads(scope: OrgScope, query: PersonListQuery): Promise<LeadList> {
    const page = await readingCursor(() => this.store.crm.pageLeads(scope, query));
    return {
      items: page.items.map((l) => ({ ...personView(l), company: l.company })),
      nextCursor: page.nextCursor,
    };
  }

  async listContacts(scope: OrgScope, query: PersonListQuery): Promise<ContactList> {
    const page = await readingCursor(() => this.store.crm.pageContacts(scope, query));
    return {
      items: page.items.map((c) => ({ ...personView(c), title: c.title })),
      nextCursor: page.nextCursor,
    };
  }

  /** For the CLI, which names an organisation: matched ignoring case and surrounding spaces (an exact spelling wins; several otherwise is refused as ambiguous). */
  async organisationNamed(name: string): Promise<{ orgId: string }> {
    const organisation = await this.store.organisations.findByName(name);
    if (!organisation) throw notFound(`organisation "${name}"`);
    return { orgId: organisation.id };
  }

  /**
   * A whole organisation file, all or nothing: every account reference, and that each record is
   * named once, are checked first, then internal domains, accounts, leads and contacts are
   * written in one transaction, so that a bad record or a failed write leaves the organisation
   * as it was. A CRM import is one export of the CRM: half of it would leave people pointing at
   * accounts that are not there, so the error lists every bad record and says nothing was
   * imported.
   */
  async importRecords(scope: OrgScope, records: CrmRecords): Promise<CrmImportSummary> {
    const at = (kind: CrmKind) => records.locate?.[kind] ?? listLocator(kind);
    const saved = await nothingImportedUnless(() => {
      // The parsers check too, naming a CSV's lines; records built otherwise are checked here.
      checkRecordsOnce(records);
      return this.store.transaction(async (store) => {
        const stored = await store.crm.listAccounts(scope);
        const bad = badAccountReferences(stored, records, {
          leads: at('leads'),
          contacts: at('contacts'),
        });
        if (bad.length > 0) throw invalidInput(bad.join('; '));
        const internalDomains = await mergeInternalDomains(store, scope, records.internalDomains);
        const accounts = await saveAccounts(store, scope, records.accounts, at('accounts'));
        const account = accountResolver([...stored, ...accounts]);
        const leads = await saveLeads(store, scope, records.leads, at('leads'), account);
        const contacts = await saveContacts(
          store,
          scope,
          records.contacts,
          at('contacts'),
          account,
        );
        return { internalDomains, accounts, leads, contacts };
      });
    });
    // Queued once committed: detection must read the new records, and a failed import has none.
    return {
      internalDomains: saved.internalDomains,
      accounts: saved.accounts.length,
      leads: saved.leads.length,
      contacts: saved.contacts.length,
      redetection: { users: await this.redetect(scope) },
    };
  }

  private async result(
    scope: OrgScope,
    saved: ReadonlyArray<{ id: string; externalId: string | null }>,
  ): Promise<CrmUpsertResult> {
    return {
      upserted: saved.length,
      items: saved.map((r) => ({ id: r.id, externalId: r.externalId })),
      redetection: { users: await this.redetect(scope) },
    };
  }
}

function saveAccounts(
  store: Store,
  scope: OrgScope,
  items: readonly AccountItem[],
  locate: Locate,
) {
  if (items.length === 0) return Promise.resolve([]);
  const inputs = items.map((item) => ({
    externalId: item.externalId ?? null,
    name: item.name,
    domains: item.domains,
    stage: item.stage,
  }));
  return namingIncomplete('accounts', locate, () => store.crm.upsertAccounts(scope, inputs));
}

/** References are resolved before the write, so that a bad one (from the API too) writes nothing. */
function saveLeads(
  store: Store,
  scope: OrgScope,
  items: readonly LeadItem[],
  locate: Locate,
  account: ResolveAccount,
) {
  if (items.length === 0) return Promise.resolve([]);
  const accountIds = resolvedAccounts(items, account, locate);
  const inputs = items.map((item, i) => ({
    externalId: item.externalId ?? null,
    email: item.email,
    name: item.name,
    company: item.company,
    accountId: accountIds[i],
  }));
  return namingIncomplete('leads', locate, () => store.crm.upsertLeads(scope, inputs));
}

function saveContacts(
  store: Store,
  scope: OrgScope,
  items: readonly ContactItem[],
  locate: Locate,
  account: ResolveAccount,
) {
  if (items.length === 0) return Promise.resolve([]);
  const accountIds = resolvedAccounts(items, account, locate);
  const inputs = items.map((item, i) => ({
    externalId: item.externalId ?? null,
    email: item.email,
    name: item.name,
    title: item.title,
    accountId: accountIds[i],
  }));
  return namingIncomplete('contacts', locate, () => store.crm.upsertContacts(scope, inputs));
}

/** Every item's account, or a refusal naming every reference that resolves to none. */
function resolvedAccounts(
  items: readonly LeadItem[] | readonly ContactItem[],
  account: ResolveAccount,
  locate: Locate,
) {
  const { ids, problems } = resolveAll(items, account);
  if (problems.length > 0) throw invalidInput(describeProblems(problems, locate));
  return ids;
}

/** The store's refusal of new records without their required field, in the caller's terms. */
async function namingIncomplete<T>(kind: CrmKind, locate: Locate, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof IncompleteNewRecords)) throw error;
    const problems = error.records.map((r) => ({
      ...r,
      field: error.field,
      message: incompleteMessage(kind, r.externalId),
    }));
    throw invalidInput(describeProblems(problems, locate));
  }
}

function personView(person: PersonView) {
  const { id, externalId, email, name, accountId, accountExternalId } = person;
  return { id, externalId, email, name, accountId, accountExternalId };
}

type PersonView = Omit<LeadList['items'][number], 'company'>;

/** A cursor the store cannot read is the caller's mistake, said as every list says it. */
async function readingCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new AppError(
        'invalid_cursor',
        'querystring.cursor: not a cursor this API gave out; start again without it',
      );
    throw error;
  }
}

/** An import refused says so, so that nobody looks for the half that went in. */
async function nothingImportedUnless<T>(importing: () => Promise<T>): Promise<T> {
  try {
    // Awaited inside the try, so that a check that throws before any promise is caught too.
    return await importing();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      throw invalidInput(
        `nothing was imported; fix these and import the file again: ${error.message}`,
      );
    throw error;
  }
}

async function mergeInternalDomains(store: Store, scope: OrgScope, domains: readonly string[]) {
  const organisation = await store.organisations.get(scope);
  const current = organisation?.internalDomains ?? [];
  const merged = [...new Set([...current, ...domains.map((d) => d.trim().toLowerCase())])];
  if (merged.length !== current.length) await store.organisations.setInternalDomains(scope, merged);
  return merged;
}
