/**
 * What matching needs to know about an attendee's email domain: free mail, internal (one of the
 * organisation's domains or a subdomain), and the accounts that claim it by the domain rule. All
 * of it is a pure function of the domain and the CRM index, and a run sees the same few thousand
 * domains over and over, so it is worked out once per domain and index and kept (at most
 * DOMAIN_FACTS_LIMIT domains per index; the memo is emptied when it is full).
 */
import { isFreeMailDomain, isWithinDomains } from './addresses.js';
import { accountsForDomain, type CrmIndex } from './crm.js';
import { perIndexMemo } from './per-index-memo.js';

export interface DomainFacts {
  freeMail: boolean;
  internal: boolean;
  /** The accounts claiming the domain (none for free mail or an internal domain): how many, */
  claimants: number;
  /** the first by name (ties by id), */
  firstAccountId: string | null;
  /** and their ids, sorted. */
  accountIds: readonly string[];
}

export const DOMAIN_FACTS_LIMIT = 10_000;

const FACTS = perIndexMemo(factsOf, DOMAIN_FACTS_LIMIT);

/** Empties the memo of every index (for tests). */
export function clearDomainFacts(): void {
  FACTS.clear();
}

export function domainFacts(index: CrmIndex, domain: string): DomainFacts {
  return FACTS(index, domain);
}

/** `domainFacts` without the memo. */
export function factsOf(index: CrmIndex, domain: string): DomainFacts {
  const freeMail = isFreeMailDomain(domain);
  const internal = isWithinDomains(domain, index.internalDomains);
  const claimants = freeMail || internal ? [] : accountsForDomain(index, domain);
  return {
    freeMail,
    internal,
    claimants: claimants.length,
    firstAccountId: claimants.length > 0 ? (sortByName(claimants)[0]?.id ?? null) : null,
    accountIds: claimants.map((a) => a.id).sort(),
  };
}

export function sortByName<T extends { name: string; id: string }>(accounts: readonly T[]): T[] {
  return [...accounts].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
