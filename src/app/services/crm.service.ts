/**
 * CRM records of an organisation, from the API's bulk upserts or a file import. Accounts are
 * named by calintel's id or the CRM's; every change queues meeting detection again for the
 * organisation's users, since matches, accounts and types depend on the CRM.
 */
import type { AccountItem, ContactItem, CrmUpsertResult, LeadItem } from '../../api/crm-schemas.js';
import { AppError, invalidInput, notFound } from '../../domain/errors.js';
import { IncompleteNewRecords, type IncompleteRecord } from '../../store/crm-incomplete.js';
import type { OrgScope, Store } from '../../store/store.js';
import {
  accountResolver,
  badAccountReferences,
  resolveAll,
  type ResolveAccount,
} from '../crm/account-references.js';
import { checkRecordsOnce, type CrmRecords } from '../crm/crm-files.js';
import { listLocator, RECORD_NAMES, type CrmKind, type Locate } from '../crm/crm-kinds.js';
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
    const saved = await saveAccounts(this.store, scope, items, listLocator('body.accounts'));
    return this.result(scope, saved);
  }

  async upsertLeads(scope: OrgScope, items: readonly LeadItem[]): Promise<CrmUpsertResult> {
    checkOncePerBatch('leads', items, listPositions('body.leads', 'request'));
    const account = accountResolver(await this.store.crm.listAccounts(scope));
    const saved = await saveLeads(this.store, scope, items, listLocator('body.leads'), account);
    return this.result(scope, saved);
  }

  async upsertContacts(scope: OrgScope, items: readonly ContactItem[]): Promise<CrmUpsertResult> {
    checkOncePerBatch('contacts', items, listPositions('body.contacts', 'request'));
    const account = accountResolver(await this.store.crm.listAccounts(scope));
    const at = listLocator('body.contacts');
    const saved = await saveContacts(this.store, scope, items, at, account);
    return this.result(scope, saved);
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
  const { ids, problems } = resolveAll(items, account, locate);
  if (problems.length > 0) throw invalidInput(problems.join('; '));
  return ids;
}

/** The store's refusal of new records without their required field, in the caller's terms. */
async function namingIncomplete<T>(kind: CrmKind, locate: Locate, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof IncompleteNewRecords)) throw error;
    throw invalidInput(
      error.records.map((r) => incompleteMessage(kind, error.field, locate, r)).join('; '),
    );
  }
}

function incompleteMessage(kind: CrmKind, field: string, locate: Locate, record: IncompleteRecord) {
  const one = RECORD_NAMES[kind];
  const where = locate(record.index, field);
  if (record.externalId === null)
    return `${where}: is required (a new ${one}; to update a stored one without it, give its externalId)`;
  return `${where}: is required for a new ${one}, and no ${one} of your organisation has externalId "${record.externalId}"`;
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
