import { describe, expect, it } from 'vitest';
import { makeConflictEvent, type ConflictEventInput } from '../../domain/conflicts/index.js';
import { adviceFor } from './conflict-advice.js';
import type { StoredSuggestion } from './conflict-snapshot.js';

const DANA = 'dana@acme.test';
const KIM = 'kim@acme.test';
const LEE = 'lee@acme.test';
const ZONE = 'Europe/Berlin';
const to = { start: '2026-04-29T05:10:00.000Z', end: '2026-04-29T08:10:00.000Z' };

const event = (fields: Partial<ConflictEventInput> = {}) =>
  makeConflictEvent({
    id: 'meeting',
    owner: DANA,
    title: 'Handover Berlin → Munich team',
    start: Date.parse('2026-04-29T04:10:00.000Z'),
    end: Date.parse('2026-04-29T08:10:00.000Z'),
    organizer: { email: DANA },
    attendees: [
      { email: DANA, responseStatus: 'accepted' },
      { email: KIM, responseStatus: 'needsAction' },
    ],
    ...fields,
  });
const theirs = { organizer: { email: LEE } };

const say = (suggestion: Omit<StoredSuggestion, 'eventId' | 'why'>, on = event()) =>
  adviceFor({ eventId: on.id, why: 'as suggested', ...suggestion }, on, ZONE).message;

describe('the advice a reschedule records', () => {
  it('a trip is rebooked by the user, not proposed to an organiser', () => {
    const train = event({
      title: '🚆 ICE 1013 Berlin Hbf → Bremen Hbf',
      organizer: null,
      attendees: [{ email: DANA, responseStatus: 'accepted' }],
    });
    expect(say({ action: 'reschedule', to }, train)).toBe(
      'recorded: rebook it to leave at Wed 2026-04-29 07:10 (Europe/Berlin)',
    );
    // With a guest, a title that reads like a trip is a meeting, as a pass reads it.
    const review = event({ title: 'Flight risk review with Acme' });
    expect(say({ action: 'reschedule', to }, review)).toBe(
      'recorded: move it to Wed 2026-04-29 07:10 (Europe/Berlin)',
    );
  });

  it('the owner’s own meeting is hers to move: the advice says when to', () => {
    const advice = adviceFor(
      { action: 'reschedule', eventId: 'meeting', to, why: '' },
      event(),
      ZONE,
    );
    expect(advice).toEqual({
      message: 'recorded: move it to Wed 2026-04-29 07:10 (Europe/Berlin)',
      messageParts: [{ text: 'recorded: move it to ' }, { at: to.start, zone: ZONE }],
    });
  });

  it('a move stored before only the owner’s meetings were moved still goes to the organiser', () => {
    expect(say({ action: 'reschedule', to }, event(theirs))).toBe(
      'recorded: propose Wed 2026-04-29 07:10 (Europe/Berlin) to the organiser',
    );
  });
});

describe('the advice other suggestions record, for who can act on them', () => {
  it('a shortening of her own meeting is hers; of someone else’s, asked of its organiser', () => {
    const shorten = { action: 'shorten', to };
    expect(say(shorten)).toBe(
      'recorded: start the meeting at Wed 2026-04-29 07:10 (Europe/Berlin)',
    );
    expect(say(shorten, event(theirs))).toBe(
      'recorded: ask the organiser to start the meeting at Wed 2026-04-29 07:10 (Europe/Berlin)',
    );
  });

  it('a colleague who has not answered is asked to go; one who accepted is only told', () => {
    expect(say({ action: 'delegate', delegateTo: KIM })).toBe(`recorded: ask ${KIM} to go instead`);
    const accepted = event({
      ...theirs,
      attendees: [
        { email: DANA, responseStatus: 'accepted' },
        { email: KIM, responseStatus: 'accepted' },
      ],
    });
    expect(say({ action: 'delegate', delegateTo: KIM }, accepted)).toBe(
      `recorded: ${KIM} attends too: let them know you will skip it`,
    );
    const named = event({
      ...theirs,
      attendees: [
        { email: DANA, responseStatus: 'accepted' },
        { email: KIM, name: 'Kim Lee', responseStatus: 'accepted' },
      ],
    });
    expect(say({ action: 'delegate', delegateTo: KIM }, named)).toBe(
      'recorded: Kim Lee attends too: let them know you will skip it',
    );
  });

  it('joining by video: with its link, by adding one to her own meeting, or by asking', () => {
    const join = { action: 'join_virtually' };
    expect(say(join, event({ ...theirs, conferenceUrl: 'https://meet.example/x' }))).toBe(
      'recorded: join it by video',
    );
    expect(say(join)).toBe('recorded: add a video link to it and join it by video');
    expect(say(join, event(theirs))).toBe('recorded: ask the organiser for a video link');
  });
});
