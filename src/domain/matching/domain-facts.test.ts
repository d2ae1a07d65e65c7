import { describe, expect, it } from 'vitest';
import { buildCrmIndex } from './crm.js';
import { clearDomainFacts, DOMAIN_FACTS_LIMIT, domainFacts, factsOf } from './domain-facts.js';

const INDEX = buildCrmIndex({
  internalDomains: ['northwind.io', ' Northwind.DE '],
  accounts: [
    { id: 'acc-2', name: 'Acme', domains: ['acme.com'] },
    { id: 'acc-1', name: 'Acme', domains: ['acme.com', 'us.acme.co.uk'] },
    { id: 'acc-3', name: 'Äpfel GmbH', domains: ['apfel.de'] },
    { id: 'acc-4', name: 'apfel', domains: ['eu.apfel.de'] },
    { id: 'acc-5', name: 'Initech', domains: ['initech.com'] },
  ],
  leads: [],
  contacts: [],
});

const DOMAINS = [
  'acme.com',
  'eu.acme.com',
  'us.acme.co.uk',
  'uk.acme.co.uk',
  'apfel.de',
  'eu.apfel.de',
  'x.eu.apfel.de',
  'initech.com',
  'northwind.io',
  'mail.northwind.de',
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'gmx.de',
  'unknown.org',
  '',
  'ACME.COM',
  'acme.com.',
];

describe('domainFacts', () => {
  it('answers what the facts worked out each time answer, warm, cleared and past its limit', () => {
    const expected = DOMAINS.map((d) => factsOf(INDEX, d));
    expect(expected.filter((f) => f.claimants >= 2).length).toBeGreaterThan(0);
    expect(expected.filter((f) => f.freeMail).length).toBeGreaterThan(0);
    expect(expected.filter((f) => f.internal).length).toBeGreaterThan(0);
    for (let round = 0; round < 2; round++) {
      DOMAINS.forEach((d, i) => expect(domainFacts(INDEX, d)).toEqual(expected[i]));
      clearDomainFacts();
    }
    for (let i = 0; i < DOMAIN_FACTS_LIMIT + 10; i++) domainFacts(INDEX, `d${i}.example`);
    DOMAINS.forEach((d, i) => expect(domainFacts(INDEX, d)).toEqual(expected[i]));
  });
});
