/**
 * CRM records of an organisation, from the API's bulk upserts or a file import. Accounts are
 * named by calintel's id or the CRM's; every change queues meeting detection again for the
 * organisation's users, since matches, accounts and types depend on the CRM.
 */
import type { AccountItem, ContactItem, CrmUpsertResult, LeadItem } from '../../api/crm-schemas.js';
import { notFound } from '../../domain/errors.js';
import type { OrgScope, Store } from '../../store/store.js';
import {
  accountResolver,
  checkAccountReferences,
  type ResolveAccount,
} from '../crm/account-references.js';
import { checkRecordsOnce, type CrmRecords } from '../crm/crm-files.js';
import { checkOncePerBatch, listPositions } from '../crm/once-per-batch.js';

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

  async upsertAccounts(scope: OrgScope, items: readonly AccountItem[]): Promise<CrmUpsertResult> {
    checkOncePerBatch('accounts', items, listPositions('body.accounts', 'request'));
    return this.result(scope, await saveAccounts(this.store, scope, items));
  }

  async upsertLeads(scope: OrgScope, items: readonly LeadItem[]): Promise<CrmUpsertResult> {
    checkOncePerBatch('leads', items, listPositions('body.leads', 'request'));
    const account = accountResolver(await this.store.crm.listAccounts(scope));
    return this.result(scope, await saveLeads(this.store, scope, items, 'body.leads', account));
  }

  async upsertContacts(scope: OrgScope, items: readonly ContactItem[]): Promise<CrmUpsertResult> {
    checkOncePerBatch('contacts', items, listPositions('body.contacts', 'request'));
    const account = accountResolver(await this.store.crm.listAccounts(scope));
    const saved = await saveContacts(this.store, scope, items, 'body.contacts', account);
    return this.result(scope, saved);
  }

  /** For the CLI, which names an organisation: the oldest one with that name. */
  async organisationNamed(name: string): Promise<{ orgId: string }> {
    const organisation = await this.store.organisations.findByName(name);
    if (!organisation) throw notFound(`organisation "${name}"`);
    return { orgId: organisation.id };
  }

  /**
   * A whole organisation file, all or nothing: every account reference, and that each record is
   * named once, are checked first, then internal domains, accounts, leads and contacts are
   * written in one transaction, so that a bad record or a failed write leaves the organisation
   * as it was.
   */
  async importRecords(scope: OrgScope, records: CrmRecords): Promise<CrmImportSummary> {
    // The parsers check too, naming a CSV's rows; records built otherwise are checked here.
    checkRecordsOnce(records);
    const saved = await this.store.transaction(async (store) => {
      const stored = await store.crm.listAccounts(scope);
      checkAccountReferences(stored, records);
      const internalDomains = await mergeInternalDomains(store, scope, records.internalDomains);
      const accounts = await saveAccounts(store, scope, records.accounts);
      const account = accountResolver([...stored, ...accounts]);
      const leads = await saveLeads(store, scope, records.leads, 'leads', account);
      const contacts = await saveContacts(store, scope, records.contacts, 'contacts', account);
      return { internalDomains, accounts, leads, contacts };
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

function saveAccounts(store: Store, scope: OrgScope, items: readonly AccountItem[]) {
  if (items.length === 0) return Promise.resolve([]);
  return store.crm.upsertAccounts(
    scope,
    items.map((item) => ({
      externalId: item.externalId ?? null,
      name: item.name,
      domains: item.domains,
      stage: item.stage,
    })),
  );
}

/** References are resolved before the write, so that a bad one (from the API too) writes nothing. */
function saveLeads(
  store: Store,
  scope: OrgScope,
  items: readonly LeadItem[],
  where: string,
  account: ResolveAccount,
) {
  if (items.length === 0) return Promise.resolve([]);
  const inputs = items.map((item, i) => ({
    externalId: item.externalId ?? null,
    email: item.email,
    name: item.name,
    company: item.company,
    accountId: account(item, `${where}.${i}`),
  }));
  return store.crm.upsertLeads(scope, inputs);
}

function saveContacts(
  store: Store,
  scope: OrgScope,
  items: readonly ContactItem[],
  where: string,
  account: ResolveAccount,
) {
  if (items.length === 0) return Promise.resolve([]);
  const inputs = items.map((item, i) => ({
    externalId: item.externalId ?? null,
    email: item.email,
    name: item.name,
    title: item.title,
    accountId: account(item, `${where}.${i}`),
  }));
  return store.crm.upsertContacts(scope, inputs);
}

async function mergeInternalDomains(store: Store, scope: OrgScope, domains: readonly string[]) {
  const organisation = await store.organisations.get(scope);
  const current = organisation?.internalDomains ?? [];
  const merged = [...new Set([...current, ...domains.map((d) => d.trim().toLowerCase())])];
  if (merged.length !== current.length) await store.organisations.setInternalDomains(scope, merged);
  return merged;
}
