import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MeetingAnalyser, type MeetingModels } from './analyse.js';
import type { MeetingInput } from './features.js';
import { extractFeatures } from './features.js';
import { conceptsIn } from './lexicon.js';
import { charGrams, hash32, normaliseText, words } from './text.js';
import { trainBinary } from './train.js';
import { linearScore } from './linear.js';
import { buildCrmIndex } from '../matching/crm.js';
import { matchMeeting } from '../matching/match-meeting.js';

const MODELS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../models/meeting-models.json'), 'utf8'),
) as MeetingModels;

const ORG = {
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-acme', name: 'Acme Corp', domains: ['acme.com'], stage: 'demo' }],
  contacts: [
    { id: 'con-1', email: 'jane@acme.com', name: 'Jane Doe', accountId: 'acc-acme', title: 'CFO' },
  ],
  leads: [],
};

function event(overrides: Partial<MeetingInput> = {}): MeetingInput {
  return {
    id: 'e1',
    title: 'Northwind demo for Acme',
    description: 'Join Zoom Meeting https://acme.zoom.us/j/123456789',
    location: null,
    start: '2026-03-04T14:00:00.000Z',
    end: '2026-03-04T15:00:00.000Z',
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
        email: 'jane@acme.com',
        name: 'Jane Doe',
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

describe('text', () => {
  it('folds case, accents and emoji, and drops links and dial-in boilerplate', () => {
    expect(normaliseText('Démo 🚀 PRODUKTVORFÜHRUNG https://zoom.us/j/1 Meeting ID: 123 456')).toBe(
      'demo produktvorfuhrung',
    );
    expect(words('a demo of v2 at 10 acme.com')).toEqual(['demo', 'of', 'v2', 'at', 'acme.com']);
  });

  it('makes a misspelt word share most character n-grams with the right one', () => {
    const right = new Set(charGrams(['negotiation']));
    const typo = charGrams(['negotation']);
    expect(typo.filter((g) => right.has(g)).length / typo.length).toBeGreaterThan(0.5);
    expect(hash32('demo')).toBe(hash32('demo'));
    expect(hash32('demo')).not.toBe(hash32('dome'));
  });

  it('finds concepts in four languages, German compounds included', () => {
    expect(conceptsIn(normaliseText('Vertragsverhandlung Müller GmbH'))).toContain('negotiation');
    expect(conceptsIn(normaliseText('Erstgespräch mit Acme'))).toContain('discovery');
    expect(conceptsIn(normaliseText('Démo produit'))).toContain('demo');
    expect(conceptsIn(normaliseText('Reunión de seguimiento'))).toContain('follow_up');
    expect(conceptsIn(normaliseText('Rendez-vous de 30 minutes entre Ana et Bo'))).toContain(
      'scheduling_tool',
    );
  });
});

describe('training', () => {
  it('learns a separable rule and gives the same weights on every run', () => {
    const index = buildCrmIndex(ORG);
    const examples = [
      event(),
      event({ id: 'e2', title: 'Team standup', attendees: [event().attendees[0]!] }),
      event({ id: 'e3', title: 'Acme pricing' }),
      event({ id: 'e4', title: 'Internal prep', attendees: [event().attendees[0]!] }),
    ].map((e) => extractFeatures(e, matchMeeting(e, index)));
    const labels = [1, 0, 1, 0];
    const first = trainBinary(examples, labels, { epochs: 100 });
    expect(trainBinary(examples, labels, { epochs: 100 })).toEqual(first);
    expect(linearScore(examples[0]!, first)).toBeGreaterThan(0);
    expect(linearScore(examples[1]!, first)).toBeLessThan(0);
  });
});

describe('MeetingAnalyser with the committed models', () => {
  const analyser = new MeetingAnalyser(ORG, MODELS);

  it('detects a demo with a CRM contact, names the account and people, and says why', () => {
    const result = analyser.analyse(event());
    expect(result).toMatchObject({
      isSalesMeeting: true,
      meetingType: 'demo',
      accountId: 'acc-acme',
      matchedContactIds: ['con-1'],
      externalDomains: ['acme.com'],
    });
    expect(result.confidence).toBeGreaterThan(0.8);
    expect(result.reasons.join(' | ')).toMatch(
      /Jane Doe is a CRM contact at Acme Corp|external attendee/,
    );
  });

  it('does not take an internal meeting, a personal block or a cancelled call for a sales meeting', () => {
    const internal = event({ title: 'Deal prep: Acme demo', attendees: [event().attendees[0]!] });
    expect(analyser.analyse(internal).isSalesMeeting).toBe(false);
    expect(analyser.analyse(internal).meetingType).toBeNull();
    const dentist = event({ title: 'Dentist', attendees: [], description: null, organizer: null });
    expect(analyser.analyse(dentist).isSalesMeeting).toBe(false);
    // A cancelled meeting will not take place: never a sales meeting (labelling guide).
    const cancelled = analyser.analyse(event({ status: 'cancelled' }));
    expect(cancelled.isSalesMeeting).toBe(false);
    expect(cancelled.confidence).toBeLessThanOrEqual(0.01);
    expect(cancelled.meetingType).toBeNull();
  });
});
