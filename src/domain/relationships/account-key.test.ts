import { describe, expect, it } from 'vitest';
import type { Attendee } from '../event.js';
import { buildCrmIndex } from '../matching/crm.js';
import { matchMeeting } from '../matching/match-meeting.js';
import { accountKeyFor } from './account-key.js';

const index = buildCrmIndex({
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'] }],
});

const attendee = (email: string): Attendee => ({
  email,
  name: null,
  responseStatus: 'accepted',
  optional: false,
  resource: false,
});

function keyOf(emails: string[], organizer: string | null = null): string | null {
  const match = matchMeeting(
    {
      organizer: organizer ? { email: organizer, name: null } : null,
      attendees: ['ana@northwind.io', ...emails].map(attendee),
      calendarOwner: 'ana@northwind.io',
    },
    index,
  );
  return accountKeyFor(match);
}

describe('accountKeyFor', () => {
  it('is the CRM account when the matcher finds one', () => {
    expect(keyOf(['jdoe@acme.com'])).toBe('acc-1');
  });

  it('is the registrable domain most external people write from', () => {
    expect(keyOf(['a@eu.globex.co.uk', 'b@globex.co.uk', 'c@initech.com'])).toBe(
      'domain:globex.co.uk',
    );
    expect(keyOf(['a@initech.com', 'b@globex.com'])).toBe('domain:globex.com');
    expect(keyOf(['a@initech.com', 'someone@gmail.com'])).toBe('domain:initech.com');
  });

  it("is a free-mail person's address (the organiser's first), as a mailbox key", () => {
    expect(keyOf(['John.Doe+crm@gmail.com'])).toBe('johndoe@gmail.com');
    expect(keyOf(['zed@yahoo.com', 'amy@outlook.com'])).toBe('amy@outlook.com');
    expect(keyOf(['zed@yahoo.com', 'amy@outlook.com'], 'zed@yahoo.com')).toBe('zed@yahoo.com');
  });

  it('is null for a meeting without external people', () => {
    expect(keyOf(['bo@northwind.io'])).toBeNull();
  });
});
