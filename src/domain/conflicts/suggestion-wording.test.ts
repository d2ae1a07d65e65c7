/**
 * Suggestions say what the calendar owner can do herself: someone else's meeting is hers to miss
 * or hand over, never to move, and a colleague who already goes needs no asking.
 */
import { describe, expect, it } from 'vitest';
import { availabilityFromEvents } from './availability.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent, type ConflictEventInput } from './make-event.js';
import { meetingPriority } from './priority.js';
import { conflictSettings } from './settings.js';
import type { ConflictEvent } from './types.js';

const ANA = 'ana@northwind.io';
const BEN = 'ben@northwind.io';
const SAM = 'sam.okafor@northwind.io';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const at = (time: string) => Date.parse(`2026-03-10T${time}:00Z`);
const settings = conflictSettings({ internalDomains: ['northwind.io'] });

const demo = makeConflictEvent({
  id: 'demo',
  owner: ANA,
  title: 'Acme demo',
  start: at('14:00'),
  end: at('15:00'),
  organizer: { email: 'buyer@acme.com' },
  attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: 'buyer@acme.com' }],
});

/** Ben's weekly sync, which Ana is invited to. */
const sync = (fields: Partial<ConflictEventInput> = {}) =>
  makeConflictEvent({
    id: 'sync',
    owner: ANA,
    title: 'Weekly sync',
    start: at('14:30'),
    end: at('15:30'),
    seriesId: 'weekly',
    organizer: { email: BEN },
    attendees: [
      { email: ANA, responseStatus: 'accepted' },
      { email: BEN, responseStatus: 'accepted' },
    ],
    ...fields,
  });

function suggestionsFor(events: ConflictEvent[]) {
  const [conflict] = detectConflicts(events, settings, availabilityFromEvents(events), NOW);
  return Object.fromEntries((conflict?.suggestions ?? []).map((s) => [s.action, s]));
}

describe('the reasons suggestions quote', () => {
  it('someone else’s recurring meeting is one to miss, not to move', () => {
    const { decline } = suggestionsFor([demo, sync()]);
    expect(decline?.why).toContain(
      'decline "Weekly sync" (priority 20: a recurring internal meeting: missing one instance costs little (-10))',
    );
    expect(decline?.why).not.toMatch(/can move/);
  });

  it('the owner’s own recurring meeting is one she can move', () => {
    const own = sync({ organizer: { email: ANA } });
    expect(meetingPriority(own, settings).reasons[0]).toBe(
      'a recurring internal meeting: one instance can move (-10)',
    );
  });
});

describe('the colleague a meeting is handed to', () => {
  const withSam = (responseStatus: 'accepted' | 'needsAction') =>
    sync({
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: BEN, responseStatus: 'accepted' },
        { email: SAM, name: 'Sam Okafor', responseStatus },
      ],
    });

  it('one who already attends: the owner can skip it, with nobody to ask', () => {
    const { delegate } = suggestionsFor([demo, withSam('accepted')]);
    // The heading names her by her name; the email stays what the action is about.
    expect(delegate).toMatchObject({
      eventId: 'sync',
      delegateTo: SAM,
      delegateName: 'Sam Okafor',
    });
    expect(delegate?.why).toBe(
      `Sam Okafor (${SAM}) attends "Weekly sync" too (accepted): you can skip it`,
    );
  });

  it('one whose invitation gives no name is told by the email', () => {
    const nameless = sync({
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: SAM, responseStatus: 'accepted' },
      ],
    });
    const { delegate } = suggestionsFor([demo, nameless]);
    expect(delegate).toMatchObject({ delegateTo: SAM });
    expect(delegate).not.toHaveProperty('delegateName');
  });

  it('one who has not answered yet: they can cover it', () => {
    const { delegate } = suggestionsFor([demo, withSam('needsAction')]);
    expect(delegate?.why).toBe(
      `Sam Okafor (${SAM}) is also invited: they can cover "Weekly sync" for you`,
    );
  });
});
