import { describe, expect, it } from 'vitest';
import type { CrmAccount } from '../../api/crm';
import { accountOptions, matchedPeople, personLines } from './meeting-people';
import { meeting, participant } from './test-meeting';

describe('matchedPeople', () => {
  it('lists the CRM contacts and leads, a contact winning, without rooms or strangers', () => {
    const people = matchedPeople([
      participant({ email: 'a@acme.com', contactId: 'ct1', leadId: 'ld1' }),
      participant({ email: 'b@acme.com', name: null, leadId: 'ld2' }),
      participant({ email: 'c@acme.com' }),
      participant({ email: 'room@acme.com', resource: true, contactId: 'ct9' }),
    ]);
    expect(people).toEqual([
      { email: 'a@acme.com', name: 'Jo Lee', match: 'contact' },
      { email: 'b@acme.com', name: null, match: 'lead' },
    ]);
  });
});

describe('personLines', () => {
  it('puts the name first and the address after it, or the address alone', () => {
    expect(personLines({ email: 'jo@acme.com', name: 'Jo Lee', match: 'contact' })).toEqual({
      primary: 'Jo Lee',
      secondary: 'jo@acme.com · contact',
    });
    expect(personLines({ email: 'jo@acme.com', name: ' ', match: 'lead' })).toEqual({
      primary: 'jo@acme.com',
      secondary: 'lead',
    });
  });
});

describe('accountOptions', () => {
  const account = (id: string, name: string): CrmAccount => ({
    id,
    externalId: null,
    name,
    domains: [],
    stage: null,
  });

  it("offers the CRM's accounts and those of the meetings on screen, by name, once each", () => {
    const options = accountOptions(
      [account('acc_2', 'Zeta'), account('acc_1', 'Acme Corp')],
      [
        meeting(),
        meeting({ id: 'm2', account: null }),
        meeting({
          id: 'm3',
          account: { id: 'acc_3', externalId: null, name: 'Beta', stage: null },
        }),
      ],
      null,
    );
    expect(options).toEqual([
      { id: 'acc_1', name: 'Acme Corp' },
      { id: 'acc_3', name: 'Beta' },
      { id: 'acc_2', name: 'Zeta' },
    ]);
  });

  it('offers the accounts of the meetings on screen while the CRM list is not there', () => {
    expect(accountOptions(undefined, [meeting()], null)).toEqual([{ id: 'acc_1', name: 'Acme' }]);
  });

  it('keeps the chosen account even when nothing on screen names it', () => {
    expect(accountOptions(undefined, [], 'acc_7')).toEqual([{ id: 'acc_7', name: 'acc_7' }]);
  });
});
