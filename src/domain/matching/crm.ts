/** The CRM as matching reads it (the contract's organisation context), indexed once per run. */
import { isWithinDomains, mailboxKey, registrableDomain } from './addresses.js';

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
  const accounts = new Map((org.accounts ?? []).map((a) => [a.id, a]));
  const accountsByDomain = new Map<string, CrmAccount[]>();
  const accountsByRegistrable = new Map<string, CrmAccount[]>();
  for (const account of accounts.values()) {
    for (const raw of account.domains) {
      const domain = raw.trim().toLowerCase();
      if (!domain) continue;
      push(accountsByDomain, domain, account);
      push(accountsByRegistrable, registrableDomain(domain), account);
    }
  }
  return {
    internalDomains: (org.internalDomains ?? []).map((d) => d.trim().toLowerCase()),
    accounts,
    leadsByKey: byMailbox(org.leads ?? []),
    contactsByKey: byMailbox(org.contacts ?? []),
    contactsById: new Map((org.contacts ?? []).map((c) => [c.id, c])),
    accountsByDomain,
    accountsByRegistrable,
  };
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

function byMailbox<T extends CrmPerson>(people: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const person of people) {
    const key = mailboxKey(person.email);
    if (key) push(map, key, person);
  }
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}
