import { describe, expect, it } from 'vitest';
import type { RelationshipSummary } from '../../api/relationships';
import { accountOptions, matchedPeople } from './meeting-people';
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

describe('accountOptions', () => {
  const relationship = (accountId: string | null, name: string | null) =>
    ({ accountKey: accountId ?? 'domain:x.com', accountId, name }) as RelationshipSummary;

  it('merges CRM accounts from relationships and meetings, by name, once each', () => {
    const options = accountOptions(
      [relationship('acc_2', 'Zeta'), relationship(null, 'x.com'), relationship('acc_1', 'Acme')],
      [meeting(), meeting({ id: 'm2', account: null })],
      null,
    );
    expect(options).toEqual([
      { id: 'acc_1', name: 'Acme' },
      { id: 'acc_2', name: 'Zeta' },
    ]);
  });

  it('keeps the chosen account even when nothing on screen names it', () => {
    expect(accountOptions(undefined, [], 'acc_7')).toEqual([{ id: 'acc_7', name: 'acc_7' }]);
  });
});
