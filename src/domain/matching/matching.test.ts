import { describe, expect, it } from 'vitest';
import type { Attendee } from '../event.js';
import { getDomain } from 'tldts';
import {
  isFreeMailDomain,
  isWithinDomains,
  mailboxKey,
  registrableDomain,
  registrableDomainOf,
  registrableMemoSize,
  REGISTRABLE_MEMO_LIMIT,
} from './addresses.js';
import { buildCrmIndex, type OrganisationContext } from './crm.js';
import { clearDomainFacts } from './domain-facts.js';
import { matchMeeting } from './match-meeting.js';

const ORG: OrganisationContext = {
  internalDomains: ['northwind.io', 'northwind.co.uk'],
  accounts: [
    { id: 'acc-acme', name: 'Acme Corp', domains: ['acme.com', 'acme.de'], stage: 'negotiation' },
    { id: 'acc-acme-us', name: 'Acme US', domains: ['us.acme.com'] },
    { id: 'acc-globex', name: 'Globex', domains: ['globex.co.uk'] },
    { id: 'acc-initech', name: 'Initech', domains: ['initech.com'] },
    { id: 'acc-initech-2', name: 'Initech Holding', domains: ['initech.com'] },
  ],
  leads: [
    { id: 'lead-gmail', email: 'Jane.Doe@gmail.com', name: 'Jane Doe', accountId: 'acc-globex' },
    { id: 'lead-free', email: 'bo@outlook.com', name: 'Bo' },
  ],
  contacts: [
    { id: 'con-cfo', email: 'cfo@acme.com', name: 'Sam Lee', accountId: 'acc-acme' },
    { id: 'con-moved', email: 'pat@acme.com', name: 'Pat', accountId: 'acc-globex' },
  ],
};
const index = buildCrmIndex(ORG);

function attendee(email: string, extra: Partial<Attendee> = {}): Attendee {
  return {
    email,
    name: null,
    responseStatus: 'accepted',
    optional: false,
    resource: false,
    ...extra,
  };
}

function match(
  emails: string[],
  options: { owner?: string; organizer?: string; extra?: Attendee[] } = {},
) {
  return matchMeeting(
    {
      organizer: options.organizer ? { email: options.organizer, name: null } : null,
      attendees: [...emails.map((e) => attendee(e)), ...(options.extra ?? [])],
      calendarOwner: options.owner ?? 'ana@northwind.io',
    },
    index,
  );
}

describe('addresses', () => {
  it('keys a mailbox by case, plus-tag and, for Gmail, dots and googlemail.com', () => {
    expect(mailboxKey('MAILTO:Jane.Doe+crm@GMail.com')).toBe('janedoe@gmail.com');
    expect(mailboxKey('jane.doe@googlemail.com')).toBe('janedoe@gmail.com');
    // Dots matter outside Gmail.
    expect(mailboxKey('jane.doe@acme.com')).not.toBe(mailboxKey('janedoe@acme.com'));
    expect(mailboxKey('not an address')).toBeNull();
  });

  it('finds the registrable domain through the public suffix list', () => {
    expect(registrableDomain('mail.eu.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('sales.acme.com')).toBe('acme.com');
    expect(registrableDomain('localhost')).toBe('localhost');
  });

  it('remembers registrable domains without changing one: the memo answers what tldts does, also once cleared', () => {
    const domains = [
      'mail.eu.acme.co.uk',
      'acme.co.uk',
      'co.uk',
      'ACME.COM',
      'Sales.Acme.Com.',
      'acme.com.',
      ' acme.de ',
      'foo.blogspot.com',
      'blogspot.com',
      'app.herokuapp.com',
      'a.b.c.kawasaki.jp',
      'city.kawasaki.jp',
      'www.example.com.au',
      'xn--bcher-kva.example',
      'bücher.de',
      'localhost',
      '',
      '.',
      '192.168.0.1',
      'com',
      'gmail.com',
      'googlemail.com',
    ];
    const tldts = (domain: string) => {
      const normalised = domain.trim().toLowerCase().replace(/\.$/, '');
      return getDomain(normalised, { allowPrivateDomains: false }) ?? normalised;
    };
    expect(registrableDomain('foo.blogspot.com')).toBe('blogspot.com');
    expect(registrableDomain('Sales.Acme.Com.')).toBe('acme.com');
    for (let round = 0; round < 2; round++) {
      for (const domain of domains) {
        expect(registrableDomain(domain)).toBe(tldts(domain));
        expect(registrableDomain(domain)).toBe(registrableDomainOf(domain));
      }
    }
    // Past the limit the memo is emptied and starts again; the answers stay tldts'.
    for (let i = 0; i <= REGISTRABLE_MEMO_LIMIT; i++) registrableDomain(`host${i}.example.co.uk`);
    expect(registrableMemoSize()).toBeLessThan(REGISTRABLE_MEMO_LIMIT);
    for (const domain of domains) expect(registrableDomain(domain)).toBe(tldts(domain));
    expect(registrableDomain('host5.example.co.uk')).toBe('example.co.uk');
  });

  it('knows free-mail providers, also by their regional domains, and not companies', () => {
    for (const domain of ['gmail.com', 'gmx.de', 'web.de', 'yahoo.fr', 'outlook.com', 'icloud.com'])
      expect(isFreeMailDomain(domain)).toBe(true);
    expect(isFreeMailDomain('acme.com')).toBe(false);
  });

  it('counts subdomains of the organisation as internal', () => {
    expect(isWithinDomains('eu.northwind.io', ['northwind.io'])).toBe(true);
    expect(isWithinDomains('northwind.io.evil.com', ['northwind.io'])).toBe(false);
    expect(isWithinDomains('notnorthwind.io', ['northwind.io'])).toBe(false);
  });
});

describe('matchMeeting', () => {
  it('separates internal people (several domains, subdomains), the owner and rooms from externals', () => {
    const result = match(
      ['ana@northwind.io', 'raj@northwind.co.uk', 'lee@eu.northwind.io', 'buyer@initech.com'],
      {
        extra: [
          attendee('c-123@resource.calendar.google.com'),
          attendee('boardroom@acme.com', { resource: true }),
        ],
      },
    );
    expect(result.externals.map((p) => p.email)).toEqual(['buyer@initech.com']);
    const owner = result.participants.find((p) => p.email === 'ana@northwind.io');
    expect(owner).toMatchObject({ owner: true, internal: true });
    expect(result.participants.filter((p) => p.resource)).toHaveLength(2);
  });

  it('takes a room-like name for a room only in our own domains, never for an outside person', () => {
    const result = match(['ana@northwind.io', 'sala.marco@acme.com', 'room-cfo@acme.com'], {
      extra: [attendee('sala.madrid@northwind.io'), attendee('raum_2@eu.northwind.io')],
    });
    expect(result.participants.filter((p) => p.resource).map((p) => p.email)).toEqual([
      'sala.madrid@northwind.io',
      'raum_2@eu.northwind.io',
    ]);
    expect(result.externals.map((p) => p.email)).toEqual([
      'sala.marco@acme.com',
      'room-cfo@acme.com',
    ]);
    expect(result.accountId).toBe('acc-acme');
  });

  it('never counts the calendar owner as external, even on another domain', () => {
    const result = match(['founder@gmail.com', 'cfo@acme.com'], { owner: 'Founder@gmail.com' });
    expect(result.externals.map((p) => p.email)).toEqual(['cfo@acme.com']);
  });

  it("counts the owner's other addresses (the connected account's) as the owner, by mailbox", () => {
    const result = matchMeeting(
      {
        organizer: { email: 'Ana.K+cal@googlemail.com', name: null },
        attendees: [
          attendee('anak@gmail.com', { responseStatus: 'declined' }),
          attendee('cfo@acme.com'),
        ],
        calendarOwner: 'ana@northwind.io',
        calendarOwnerAliases: ['ana.k@gmail.com'],
      },
      index,
    );
    expect(result.externals.map((p) => p.email)).toEqual(['cfo@acme.com']);
    expect(result.externalDomains).toEqual(['acme.com']);
    expect(result.participants.find((p) => p.owner)).toMatchObject({
      email: 'anak@gmail.com',
      organizer: true,
      responseStatus: 'declined',
    });
  });

  it('matches contacts and leads by mailbox: case, plus-addressing and Gmail dots', () => {
    const result = match(['CFO+events@Acme.com', 'janedoe@googlemail.com']);
    const cfo = result.externals.find((p) => p.email === 'cfo+events@acme.com');
    expect(cfo).toMatchObject({
      contactIds: ['con-cfo'],
      accountId: 'acc-acme',
      accountSource: 'contact',
    });
    const jane = result.externals.find((p) => p.domain === 'googlemail.com');
    expect(jane).toMatchObject({
      leadIds: ['lead-gmail'],
      freeMail: true,
      accountId: 'acc-globex',
      accountSource: 'lead',
    });
  });

  it('takes the account of a contact over the account of their domain', () => {
    const result = match(['pat@acme.com']);
    expect(result.externals[0]).toMatchObject({
      accountId: 'acc-globex',
      accountSource: 'contact',
    });
  });

  it('matches accounts by domain: any of several domains, exact subdomain first, then parent domain', () => {
    expect(match(['x@acme.de']).accountId).toBe('acc-acme');
    expect(match(['x@us.acme.com']).accountId).toBe('acc-acme-us');
    expect(match(['x@eu.acme.com']).accountId).toBe('acc-acme');
    expect(match(['x@globex.co.uk']).accountId).toBe('acc-globex');
  });

  it('never names an account from a free-mail domain', () => {
    const result = match(['bo@outlook.com', 'someone@gmail.com']);
    expect(result.accountId).toBeNull();
    expect(result.externals.map((p) => p.freeMail)).toEqual([true, true]);
    expect(result.externals[0]?.leadIds).toEqual(['lead-free']);
  });

  it('picks the account with the most weight, and reports a tie by the documented rule', () => {
    // Two contacts' worth of Acme against one domain match for Initech.
    expect(match(['cfo@acme.com', 'buyer@initech.com']).accountId).toBe('acc-acme');
    // Two accounts claim initech.com: the first by name, reported as ambiguous.
    const tie = match(['buyer@initech.com']);
    expect(tie).toMatchObject({ accountId: 'acc-initech', accountAmbiguous: true });
    expect(tie.accountCandidates).toEqual(['acc-initech', 'acc-initech-2']);
    // A tie between two accounts goes to the external organiser's.
    const organised = match(['a@globex.co.uk', 'b@acme.de'], { organizer: 'b@acme.de' });
    expect(organised).toMatchObject({ accountId: 'acc-acme', accountAmbiguous: true });
  });

  it('lists the external domains once each, and merges an organiser who is also an attendee', () => {
    const result = match(['a@acme.com', 'b@acme.com', 'c@initech.com'], {
      organizer: 'A@acme.com',
    });
    expect(result.externalDomains).toEqual(['acme.com', 'initech.com']);
    expect(result.participants.filter((p) => p.email === 'a@acme.com')).toHaveLength(1);
    expect(result.participants.find((p) => p.email === 'a@acme.com')?.organizer).toBe(true);
  });

  it('merges the addresses of one mailbox into its first participant: later name, resource flag and response', () => {
    const attendees = [
      attendee('Sam.Lee+x@Acme.com', { name: null, responseStatus: 'needsAction' }),
      attendee('sam.lee@acme.com', { name: 'Sam Lee', responseStatus: 'declined' }),
      attendee('jane.doe@googlemail.com', { name: 'Jane' }),
    ];
    const result = matchMeeting(
      {
        organizer: { email: 'JaneDoe@gmail.com', name: 'Jane D.' },
        attendees,
        calendarOwner: 'ana@northwind.io',
      },
      index,
    );
    expect(result.participants).toHaveLength(2);
    const [sam, jane] = result.participants;
    expect(sam).toMatchObject({
      email: 'sam.lee+x@acme.com',
      name: 'Sam Lee',
      responseStatus: 'declined',
      accountId: 'acc-acme',
    });
    expect(jane).toMatchObject({
      email: 'jane.doe@googlemail.com',
      name: 'Jane',
      organizer: true,
      responseStatus: 'accepted',
      leadIds: ['lead-gmail'],
    });
    // The keys keep the order of a described participant.
    expect(Object.keys(sam ?? {})).toEqual(Object.keys(jane ?? {}));
    expect(Object.keys(sam ?? {})).toEqual([
      'email',
      'name',
      'domain',
      'internal',
      'resource',
      'owner',
      'organizer',
      'freeMail',
      'responseStatus',
      'leadIds',
      'contactIds',
      'accountId',
      'accountSource',
      'accountCandidates',
    ]);
  });

  it('matches the same with the domain memo warm and cleared', () => {
    const emails = [
      'bo@outlook.com',
      'x@gmx.de',
      'cfo@acme.com',
      'y@initech.com',
      'z@mail.acme.de',
    ];
    const warm = JSON.stringify(match(emails));
    clearDomainFacts();
    expect(JSON.stringify(match(emails))).toBe(warm);
    expect(JSON.stringify(match(emails))).toBe(warm);
  });
});
