import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adaptToOrganisation, type FeedbackExample } from './adapt.js';
import { MeetingAnalyser, type MeetingModels } from './analyse.js';
import { extractFeatures, type MeetingInput } from './features.js';

const MODELS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../models/meeting-models.json'), 'utf8'),
) as MeetingModels;

const ORG = { internalDomains: ['northwind.io'], accounts: [], leads: [], contacts: [] };

/** An internal codename meeting with one outside guest: the base model calls it a sales meeting. */
function quokka(id: string, guest: string): MeetingInput {
  return {
    id,
    title: `Quokka sync ${id}`,
    description: null,
    location: null,
    start: '2026-03-04T14:00:00.000Z',
    end: '2026-03-04T15:00:00.000Z',
    allDay: false,
    timeZone: 'UTC',
    organizer: { email: 'ana@northwind.io', name: null },
    attendees: [
      {
        email: 'ana@northwind.io',
        name: null,
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
      { email: guest, name: null, responseStatus: 'accepted', optional: false, resource: false },
    ],
    status: 'confirmed',
    transparency: 'opaque',
    seriesId: null,
    calendarOwner: 'ana@northwind.io',
  };
}

describe('adaptToOrganisation', () => {
  const analyser = new MeetingAnalyser(ORG, MODELS);

  it('changes nothing without feedback', () => {
    const adjustment = adaptToOrganisation(MODELS, []);
    const event = quokka('q0', 'x@agency.com');
    expect(analyser.analyse(event, { adjustment }).confidence).toBe(
      analyser.analyse(event).confidence,
    );
  });

  it("learns an organisation's own vocabulary from rejections and applies it to new events", () => {
    const feedback: FeedbackExample[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => {
      const event = quokka(id, `person${i}@agency${i}.com`);
      const result = analyser.analyse(event);
      return {
        detection: extractFeatures(event, result.match),
        type: null,
        isSalesMeeting: false,
        meetingType: null,
      };
    });
    const unseen = quokka('z', 'new@agency9.com');
    const before = analyser.analyse(unseen).confidence;
    const after = analyser.analyse(unseen, {
      adjustment: adaptToOrganisation(MODELS, feedback),
    }).confidence;
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThan(0.5);
  });
});
