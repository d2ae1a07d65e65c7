/**
 * The account a meeting belongs to, by the contract's grouping rule (analysis-io.md): the CRM
 * account the matcher chose; else the registrable domain most of the external people write from
 * (`domain:acme.com`; a tie goes to the domain that sorts first); else, when every external
 * person is on free mail, the person's address (the external organiser's, else the one that sorts
 * first), as a mailbox key (case folded, `+tag` and Gmail dots dropped).
 */
import { mailboxKey, registrableDomain } from '../matching/addresses.js';

export interface AccountKeyInput {
  accountId: string | null;
  externals: readonly { email: string; domain: string; freeMail: boolean; organizer?: boolean }[];
}

export const DOMAIN_KEY_PREFIX = 'domain:';

/** The meeting's account key; null when it has no external person (nothing to group by). */
export function accountKeyFor(match: AccountKeyInput): string | null {
  if (match.accountId) return match.accountId;
  const domains = new Map<string, number>();
  for (const person of match.externals) {
    if (person.freeMail) continue;
    const domain = registrableDomain(person.domain);
    domains.set(domain, (domains.get(domain) ?? 0) + 1);
  }
  if (domains.size > 0) {
    const [domain] = [...domains].sort(
      ([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0),
    )[0] as [string, number];
    return `${DOMAIN_KEY_PREFIX}${domain}`;
  }
  const organiser = match.externals.find((p) => p.organizer);
  const addresses = match.externals
    .map((p) => mailboxKey(p.email))
    .filter((key): key is string => key !== null)
    .sort();
  return (organiser ? mailboxKey(organiser.email) : null) ?? addresses[0] ?? null;
}
