import { describe, expect, it } from 'vitest';
import type { CrmAccount } from '../../api/crm';
import {
  accountOptions,
  attendeesOf,
  attendeeSummary,
  ATTENDEES_SHOWN,
  collapsedAttendees,
} from './meeting-people';
import { meeting, participant } from './test-meeting';

describe('attendeesOf', () => {
  it('lists every attendee, CRM matches first, then strangers, the team and rooms', () => {
    const attendees = attendeesOf([
      participant({ email: 'ana@northwind.io', name: 'Ana', internal: true, organizer: true }),
      participant({ email: 'c@acme.com', name: ' ' }),
      participant({ email: 'room@acme.com', resource: true, contactId: 'ct9' }),
      participant({ email: 'b@acme.com', name: null, leadId: 'ld2' }),
      participant({ email: 'a@acme.com', contactId: 'ct1', leadId: 'ld1' }),
    ]);
    expect(attendees).toEqual([
      { email: 'a@acme.com', name: 'Jo Lee', mark: 'contact', organizer: false },
      { email: 'b@acme.com', name: null, mark: 'lead', organizer: false },
      { email: 'c@acme.com', name: null, mark: 'not in CRM', organizer: false },
      { email: 'ana@northwind.io', name: 'Ana', mark: 'your team', organizer: true },
      { email: 'room@acme.com', name: 'Jo Lee', mark: 'room', organizer: false },
    ]);
  });

  it('puts the organiser first among those of the same mark, then by name', () => {
    const attendees = attendeesOf([
      participant({ email: 'p10@acme.com', name: 'Person 10' }),
      participant({ email: 'zed@acme.com', name: null }),
      participant({ email: 'p2@acme.com', name: 'Person 2' }),
      participant({ email: 'org@acme.com', name: 'Zoe', organizer: true }),
    ]);
    expect(attendees.map((a) => a.email)).toEqual([
      'org@acme.com',
      'p2@acme.com',
      'p10@acme.com',
      'zed@acme.com',
    ]);
  });
});

describe('attendeeSummary', () => {
  it('counts people by what the CRM knows of them, rooms left out', () => {
    const attendees = attendeesOf([
      participant({ email: 'a@acme.com', contactId: 'ct1' }),
      ...Array.from({ length: 26 }, (_, i) => participant({ email: `p${i}@acme.com` })),
      participant({ email: 'ana@northwind.io', internal: true }),
      participant({ email: 'room@acme.com', resource: true }),
    ]);
    expect(attendeeSummary(attendees)).toBe(
      '28 attendees: 1 in the CRM, 26 not in the CRM, 1 of your team',
    );
    expect(attendeeSummary(attendeesOf([participant()]))).toBe('1 attendee: 1 not in the CRM');
    expect(attendeeSummary([])).toBe('0 attendees');
  });
});

describe('collapsedAttendees', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => i);
  it('shows a few of a long list, and a short one whole', () => {
    expect(collapsedAttendees(list(28))).toHaveLength(ATTENDEES_SHOWN);
    expect(collapsedAttendees(list(ATTENDEES_SHOWN + 2))).toHaveLength(ATTENDEES_SHOWN + 2);
    expect(collapsedAttendees(list(ATTENDEES_SHOWN + 3))).toHaveLength(ATTENDEES_SHOWN);
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
