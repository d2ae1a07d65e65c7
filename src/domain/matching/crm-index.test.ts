import { describe, expect, it } from 'vitest';
import { registrableDomain, registrableMemoSize } from './addresses.js';
import { accountsForDomain, buildCrmIndex, CrmIndexBuilder, type CrmAccount } from './crm.js';

const accounts = (count: number): CrmAccount[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `a${i}`,
    name: `Account ${i}`,
    domains: [`acct${i}.example`, `eu.acct${i}.example`],
  }));

describe('CrmIndexBuilder', () => {
  it('builds a slice at a time the index buildCrmIndex builds at once', () => {
    const org = {
      internalDomains: [' Seller.Test '],
      accounts: accounts(25),
      leads: [{ id: 'l1', email: 'Lead@Acct1.example', accountId: 'a1' }],
      contacts: [
        { id: 'c1', email: 'buyer@acct2.example', accountId: 'a2' },
        { id: 'c2', email: 'buyer+x@acct2.example', accountId: 'a2' },
      ],
    };
    const builder = new CrmIndexBuilder();
    for (let at = 0; at < 25; at += 10) builder.addAccounts(org.accounts.slice(at, at + 10));
    builder.addLeads(org.leads);
    builder.addContacts(org.contacts.slice(0, 1));
    builder.addContacts(org.contacts.slice(1));
    const sliced = builder.build(org.internalDomains);
    expect(sliced).toEqual(buildCrmIndex(org));
    expect(accountsForDomain(sliced, 'fr.acct7.example').map((a) => a.id)).toEqual(['a7']);
  });

  it("leaves the registrable-domain memo to the attendees' domains", () => {
    // A large CRM's domains, each read once while indexing, used to fill the shared memo (10,000
    // entries) and empty it again, so a run worked out its attendees' domains again and again.
    registrableDomain('buyer.customer.example');
    const before = registrableMemoSize();
    buildCrmIndex({ accounts: accounts(12_000) });
    expect(registrableMemoSize()).toBe(before);
  });
});
