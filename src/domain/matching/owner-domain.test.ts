import { describe, expect, it } from 'vitest';
import type { Attendee } from '../event.js';
import { buildCrmIndex } from './crm.js';
import { matchMeeting } from './match-meeting.js';
import { indexForOwner } from './owner-domain.js';

const attendee = (email: string): Attendee => ({
  email,
  name: null,
  responseStatus: 'accepted',
  optional: false,
  resource: false,
});

const internalOf = (owner: string | null, emails: string[], internalDomains: string[] = []) => {
  const match = matchMeeting(
    { organizer: null, attendees: emails.map(attendee), calendarOwner: owner },
    buildCrmIndex({
      internalDomains,
      accounts: [{ id: 'acc-1', name: 'Brunner', domains: ['brunner-praezision.ch'] }],
    }),
  );
  return {
    internal: match.participants.filter((p) => p.internal).map((p) => p.email),
    externalDomains: match.externalDomains,
    accountId: match.accountId,
  };
};

describe('the calendar owner’s domain, when the organisation names none', () => {
  it('makes colleagues on it (and its subdomains) internal', () => {
    // Before, a colleague counted as external: "people from brunner-praezision.ch and
    // helvetia-analytics.ch together".
    expect(
      internalOf('ana@helvetia-analytics.ch', [
        'ana@helvetia-analytics.ch',
        'ben@helvetia-analytics.ch',
        'ops@zh.helvetia-analytics.ch',
        'urs@brunner-praezision.ch',
      ]),
    ).toEqual({
      internal: [
        'ana@helvetia-analytics.ch',
        'ben@helvetia-analytics.ch',
        'ops@zh.helvetia-analytics.ch',
      ],
      externalDomains: ['brunner-praezision.ch'],
      accountId: 'acc-1',
    });
  });

  it('is not used when the organisation names its domains, nor for a free-mail owner', () => {
    expect(
      internalOf('ana@helvetia-analytics.ch', ['ben@helvetia-analytics.ch'], ['northwind.io'])
        .externalDomains,
    ).toEqual(['helvetia-analytics.ch']);
    expect(internalOf('ana@gmail.com', ['ben@gmail.com']).internal).toEqual([]);
    expect(internalOf(null, ['ben@helvetia-analytics.ch']).internal).toEqual([]);
  });

  it('gives the same index for the same domain, so its memos are kept', () => {
    const index = buildCrmIndex({});
    expect(indexForOwner(index, 'a@x.example')).toBe(indexForOwner(index, 'b@X.example'));
    expect(indexForOwner(index, 'a@x.example').internalDomains).toEqual(['x.example']);
    expect(indexForOwner(index, 'a@gmail.com')).toBe(index);
  });
});
