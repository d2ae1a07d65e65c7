import type { Meeting, Participant } from '../../api/meetings';

export function participant(overrides: Partial<Participant> = {}): Participant {
  return {
    email: 'jo@acme.com',
    name: 'Jo Lee',
    internal: false,
    resource: false,
    organizer: false,
    leadId: null,
    contactId: null,
    accountId: null,
    responseStatus: 'accepted',
    ...overrides,
  };
}

export function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 'm1',
    eventId: 'e1',
    calendarId: 'c1',
    seriesId: null,
    title: 'Acme demo',
    start: '2026-03-02T09:00:00Z',
    end: '2026-03-02T10:00:00Z',
    allDay: false,
    startDate: null,
    endDate: null,
    isSalesMeeting: true,
    confidence: 0.8,
    meetingType: 'demo',
    typeConfidence: 0.7,
    reasons: ['An Acme contact is invited'],
    account: { id: 'acc_1', externalId: null, name: 'Acme', stage: null },
    accountAmbiguous: false,
    externalDomains: ['acme.com'],
    source: 'model',
    modelVersion: '1',
    detectedAt: '2026-03-01T00:00:00Z',
    updatedAt: '2026-03-01T00:00:00Z',
    participants: [],
    ...overrides,
  };
}
