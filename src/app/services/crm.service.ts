/**
 * CRM records of an organisation, from the API's bulk upserts or a file import. Accounts are
 * named by calintel's id or the CRM's; every change queues meeting detection again for the
 * organisation's users, since matches, accounts and types depend on the CRM.
 */
import type { AccountItem, ContactItem, CrmUpsertResult, LeadItem } from '../../api/crm-schemas.js';
import { invalidInput, notFound } from '../../domain/errors.js';
import type { OrgScope, Store } from '../../store/store.js';
import type { CrmRecords } from '../crm/crm-files.js';

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
    const saved = await this.saveAccounts(scope, items);
    return this.result(scope, saved);
  }

  async upsertLeads(scope: OrgScope, items: readonly LeadItem[]): Promise<CrmUpsertResult> {
    return this.result(scope, await this.saveLeads(scope, items, 'body.leads'));
  }

  async upsertContacts(scope: OrgScope, items: readonly ContactItem[]): Promise<CrmUpsertResult> {
    return this.result(scope, await this.saveContacts(scope, items, 'body.contacts'));
  }

  /** For the CLI, which names an organisation: the oldest one with that name. */
  async organisationNamed(name: string): Promise<{ orgId: string }> {
    const organisation = await this.store.organisations.findByName(name);
    if (!organisation) throw notFound(`organisation "${name}"`);
    return { orgId: organisation.id };
  }

  /** A whole organisation file: internal domains merged, then accounts, leads and contacts. */
  async importRecords(scope: OrgScope, records: CrmRecords): Promise<CrmImportSummary> {
    const internalDomains = await this.mergeInternalDomains(scope, records.internalDomains);
    const accounts = await this.saveAccounts(scope, records.accounts);
    const leads = await this.saveLeads(scope, records.leads, 'leads');
    const contacts = await this.saveContacts(scope, records.contacts, 'contacts');
    return {
      internalDomains,
      accounts: accounts.length,
      leads: leads.length,
      contacts: contacts.length,
      redetection: { users: await this.redetect(scope) },
    };
  }

  private saveAccounts(scope: OrgScope, items: readonly AccountItem[]) {
    if (items.length === 0) return Promise.resolve([]);
    return this.store.crm.upsertAccounts(
      scope,
      items.map((item) => ({
        externalId: item.externalId ?? null,
        name: item.name,
        domains: item.domains,
        stage: item.stage,
      })),
    );
  }

  private async saveLeads(scope: OrgScope, items: readonly LeadItem[], where: string) {
    if (items.length === 0) return [];
    const account = await this.accountResolver(scope);
    return this.store.crm.upsertLeads(
      scope,
      items.map((item, i) => ({
        externalId: item.externalId ?? null,
        email: item.email,
        name: item.name,
        company: item.company,
        accountId: account(item, `${where}.${i}`),
      })),
    );
  }

  private async saveContacts(scope: OrgScope, items: readonly ContactItem[], where: string) {
    if (items.length === 0) return [];
    const account = await this.accountResolver(scope);
    return this.store.crm.upsertContacts(
      scope,
      items.map((item, i) => ({
        externalId: item.externalId ?? null,
        email: item.email,
        name: item.name,
        title: item.title,
        accountId: account(item, `${where}.${i}`),
      })),
    );
  }

  /**
   * Turns a person's account reference into calintel's account id (undefined when it names none:
   * an update keeps the stored link). An account that is not the organisation's (another
   * tenant's id, an unknown CRM id) is refused, naming the field.
   */
  private async accountResolver(scope: OrgScope) {
    const accounts = await this.store.crm.listAccounts(scope);
    const ids = new Set(accounts.map((a) => a.id));
    const byExternal = new Map(
      accounts.flatMap((a) => (a.externalId ? [[a.externalId, a.id]] : [])),
    );
    return (
      item: { accountId?: string | null; accountExternalId?: string | null },
      where: string,
    ): string | null | undefined => {
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

  private async mergeInternalDomains(scope: OrgScope, domains: readonly string[]) {
    const organisation = await this.store.organisations.get(scope);
    const current = organisation?.internalDomains ?? [];
    const merged = [...new Set([...current, ...domains.map((d) => d.trim().toLowerCase())])];
    if (merged.length !== current.length)
      await this.store.organisations.setInternalDomains(scope, merged);
    return merged;
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
