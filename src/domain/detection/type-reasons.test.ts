import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MeetingAnalyser, type MeetingModels } from './analyse.js';
import type { MeetingInput } from './features.js';
import { reasonsUnderTeamType } from './type-reasons.js';

const MODELS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../models/meeting-models.json'), 'utf8'),
) as MeetingModels;

const person = (email: string) => ({
  email,
  name: null,
  responseStatus: 'accepted' as const,
  optional: false,
  resource: false,
});

const DEMO: MeetingInput = {
  id: 'e',
  title: 'Contoso product demo',
  description: null,
  location: null,
  start: '2026-03-04T15:00:00.000Z',
  end: '2026-03-04T16:00:00.000Z',
  allDay: false,
  timeZone: 'Europe/London',
  organizer: null,
  attendees: [person('ana@acme.com'), person('pat@contoso.com')],
  status: 'confirmed',
  transparency: 'opaque',
  seriesId: null,
  calendarOwner: 'ana@acme.com',
};

describe('reasonsUnderTeamType', () => {
  const analyser = new MeetingAnalyser(
    {
      internalDomains: ['acme.com'],
      accounts: [{ id: 'acc', name: 'Contoso', domains: ['contoso.com'] }],
    },
    MODELS,
  );

  it("drops the model's reasons for a demo when the team says negotiation, keeps the account's", () => {
    const { reasons } = analyser.analyse(DEMO);
    expect(reasons).toContain('title mentions a demo or walkthrough');
    const kept = reasonsUnderTeamType(reasons, 'negotiation');
    expect(kept).not.toContain('title mentions a demo or walkthrough');
    expect(kept.some((r) => r.startsWith('looks like'))).toBe(false);
    expect(kept).toContain('attendees belong to the account Contoso');
  });

  it('keeps the reasons that argue for the type the team set', () => {
    const { reasons } = analyser.analyse(DEMO);
    expect(reasonsUnderTeamType(reasons, 'demo')).toEqual(
      reasons.filter((r) => !r.startsWith('looks like')),
    );
  });
});
