import { describe, expect, it } from 'vitest';
import { buildCrmIndex } from '../matching/crm.js';
import { matchMeeting } from '../matching/match-meeting.js';
import { extractFeatures, type MeetingInput } from './features.js';

const CRM = buildCrmIndex({
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'] }],
  contacts: [
    { id: 'con-1', email: 'sam@acme.com', name: 'Sam', accountId: 'acc-1', title: 'Head of Sales' },
  ],
  leads: [],
});

function meeting(overrides: Partial<MeetingInput> = {}): MeetingInput {
  return {
    id: 'e1',
    title: 'Acme – quote for our office chairs',
    description: null,
    location: null,
    start: '2026-03-04T14:00:00.000Z',
    end: '2026-03-04T14:30:00.000Z',
    allDay: false,
    timeZone: 'Europe/Berlin',
    organizer: { email: 'ana@northwind.io', name: 'Ana' },
    attendees: [
      {
        email: 'ana@northwind.io',
        name: 'Ana',
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
      {
        email: 'sam@acme.com',
        name: 'Sam',
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
    ],
    status: 'confirmed',
    transparency: 'opaque',
    seriesId: null,
    calendarOwner: 'ana@northwind.io',
    ...overrides,
  };
}

const named = (event: MeetingInput, withCrm = true) =>
  extractFeatures(event, matchMeeting(event, CRM), withCrm ? CRM : undefined).named;

describe('extractFeatures', () => {
  it('counts a location as in person only when it names a place, not a call', () => {
    expect(
      named(meeting({ location: 'Acme HQ, Hauptstrasse 1, Berlin' })).get('physical_location'),
    ).toBe(1);
    expect(named(meeting({ location: 'Microsoft Teams' })).has('physical_location')).toBe(false);
    expect(named(meeting({ location: 'Telefon' })).has('physical_location')).toBe(false);
  });

  it('marks a meeting with the other side’s salesperson, when the CRM is given', () => {
    expect(named(meeting()).get('external_seller')).toBe(1);
    expect(named(meeting(), false).has('external_seller')).toBe(false);
  });

  it('marks a ticket number in the title or the description', () => {
    expect(
      named(meeting({ description: 'Ticket SUP-10502: export fails' })).get('ticket_reference'),
    ).toBe(1);
    expect(named(meeting()).has('ticket_reference')).toBe(false);
  });
});
