import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCrmIndex } from '../matching/crm.js';
import { matchMeeting } from '../matching/match-meeting.js';
import { MeetingAnalyser, type MeetingModels } from './analyse.js';
import type { MeetingInput } from './features.js';
import { phrase } from './reasons.js';

const MODELS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../models/meeting-models.json'), 'utf8'),
) as MeetingModels;

const ORG = { internalDomains: ['acme.com'] };
const ALL_COLLEAGUES = 'everyone invited is from your organisation';

const person = (email: string) => ({
  email,
  name: null,
  responseStatus: 'accepted' as const,
  optional: false,
  resource: false,
});

function event(overrides: Partial<MeetingInput>): MeetingInput {
  return {
    id: 'e',
    title: 'Offsite',
    description: null,
    location: null,
    start: '2026-03-06T00:00:00.000Z',
    end: '2026-03-07T00:00:00.000Z',
    allDay: true,
    timeZone: null,
    organizer: null,
    attendees: [],
    status: 'confirmed',
    transparency: 'opaque',
    seriesId: null,
    calendarOwner: null,
    ...overrides,
  };
}

describe('reasons about who is invited', () => {
  const index = buildCrmIndex(ORG);
  const said = (input: MeetingInput) => phrase('no_external', matchMeeting(input, index), index);

  it('say nothing about invitees of an event nobody is invited to', () => {
    expect(said(event({}))).toBeNull();
    expect(
      said(event({ calendarOwner: 'ana@acme.com', attendees: [person('ana@acme.com')] })),
    ).toBeNull();
    const offsite = new MeetingAnalyser(ORG, MODELS).analyse(event({}));
    expect(offsite.reasons).not.toContain(ALL_COLLEAGUES);
  });

  it('still say that everyone invited is a colleague when colleagues are invited', () => {
    const oneOnOne = event({
      allDay: false,
      calendarOwner: 'ana@acme.com',
      attendees: [person('ana@acme.com'), person('ben@acme.com')],
    });
    expect(said(oneOnOne)).toBe(ALL_COLLEAGUES);
  });
});
