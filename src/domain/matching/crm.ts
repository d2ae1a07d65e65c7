/** The CRM as matching reads it (the contract's organisation context), indexed once per run. */
import {
  isWithinDomains,
  mailboxKey,
  registrableDomain,
  registrableDomainOf,
} from './addresses.js';

/**
 * The CRM opportunity stages an account may have (contract: analysis-io.md, "Organisation
 * context"), the one list the CRM API and the offline organisation file both accept.
 */
export const ACCOUNT_STAGES = [
  'prospecting',
  'qualification',
  'demo',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;
export type AccountStage = (typeof ACCOUNT_STAGES)[number];

/** Whether `value` is one of the ACCOUNT_STAGES, exactly as written there. */
export function isAccountStage(value: string): value is AccountStage {
  return (ACCOUNT_STAGES as readonly string[]).includes(value);
}

export interface CrmAccount {
  id: string;
  name: string;
  domains: string[];
  stage?: string | null;
}

export interface CrmPerson {
  id: string;
  email: string;
  name?: string | null;
  accountId?: string | null;
}

export interface CrmLead extends CrmPerson {
  company?: string | null;
}

export interface CrmContact extends CrmPerson {
  title?: string | null;
}

export interface OrganisationContext {
  internalDomains: string[];
  accounts: CrmAccount[];
  leads: CrmLead[];
  contacts: CrmContact[];
}

export interface CrmIndex {
  internalDomains: string[];
  accounts: ReadonlyMap<string, CrmAccount>;
  leadsByKey: ReadonlyMap<string, CrmLead[]>;
  contactsByKey: ReadonlyMap<string, CrmContact[]>;
  contactsById: ReadonlyMap<string, CrmContact>;
  /** Exact domain -> accounts that list it. */
  accountsByDomain: ReadonlyMap<string, CrmAccount[]>;
  /** Registrable domain -> accounts that list it or a subdomain of it. */
  accountsByRegistrable: ReadonlyMap<string, CrmAccount[]>;
}

export function buildCrmIndex(org: Partial<OrganisationContext>): CrmIndex {
  // By id, the last record of an id winning, as a file naming an account twice is read.
  const accounts = new Map((org.accounts ?? []).map((a) => [a.id, a]));
  const builder = new CrmIndexBuilder();
  builder.addAccounts([...accounts.values()]);
  builder.addLeads(org.leads ?? []);
  builder.addContacts(org.contacts ?? []);
  return builder.build(org.internalDomains ?? []);
}

/**
 * A CrmIndex built a slice of records at a time, so that a caller in a server can let other
 * work run between slices: an organisation with 50,000 accounts took seconds to index at once
 * under load, and every request in the process waited. Records are added once (unique ids).
 */
export class CrmIndexBuilder {
  private readonly accounts = new Map<string, CrmAccount>();
  private readonly accountsByDomain = new Map<string, CrmAccount[]>();
  private readonly accountsByRegistrable = new Map<string, CrmAccount[]>();
  private readonly leadsByKey = new Map<string, CrmLead[]>();
  private readonly contactsByKey = new Map<string, CrmContact[]>();
  private readonly contactsById = new Map<string, CrmContact>();

  addAccounts(accounts: readonly CrmAccount[]): void {
    for (const account of accounts) {
      this.accounts.set(account.id, account);
      for (const raw of account.domains) {
        const domain = raw.trim().toLowerCase();
        if (!domain) continue;
        push(this.accountsByDomain, domain, account);
        // Not through the shared memo: tens of thousands of account domains, each seen once
        // here, would empty it of the attendees' domains that a run asks about again and again.
        push(this.accountsByRegistrable, registrableDomainOf(domain), account);
      }
    }
  }

  addLeads(leads: readonly CrmLead[]): void {
    byMailbox(this.leadsByKey, leads);
  }

  addContacts(contacts: readonly CrmContact[]): void {
    byMailbox(this.contactsByKey, contacts);
    for (const contact of contacts) this.contactsById.set(contact.id, contact);
  }

  build(internalDomains: readonly string[]): CrmIndex {
    return {
      internalDomains: internalDomains.map((d) => d.trim().toLowerCase()),
      accounts: this.accounts,
      leadsByKey: this.leadsByKey,
      contactsByKey: this.contactsByKey,
      contactsById: this.contactsById,
      accountsByDomain: this.accountsByDomain,
      accountsByRegistrable: this.accountsByRegistrable,
    };
  }
}

/** Accounts that claim a domain: the exact domain first, else its registrable domain. */
export function accountsForDomain(index: CrmIndex, domain: string): CrmAccount[] {
  const exact = index.accountsByDomain.get(domain);
  if (exact) return exact;
  // A subsidiary on a subdomain (eu.acme.com) belongs to the account of acme.com, but an account
  // that only lists another subdomain (us.acme.com) does not claim eu.acme.com.
  return (index.accountsByRegistrable.get(registrableDomain(domain)) ?? []).filter((account) =>
    isWithinDomains(domain, account.domains),
  );
}

function byMailbox<T extends CrmPerson>(map: Map<string, T[]>, people: readonly T[]): void {
  for (const person of people) {
    const key = mailboxKey(person.email);
    if (key) push(map, key, person);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}
