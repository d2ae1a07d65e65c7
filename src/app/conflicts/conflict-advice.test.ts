import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../../test/support/databases.js';
import { adviceFor } from './conflict-advice.js';

const to = { start: '2026-04-29T05:10:00.000Z', end: '2026-04-29T08:10:00.000Z' };

describe('the advice a reschedule records', () => {
  it('a trip is rebooked by the user, not proposed to an organiser', () => {
    const train = buildEvent({ title: '🚆 ICE 1013 Berlin Hbf → Bremen Hbf', attendees: [] });
    const advice = adviceFor(
      { action: 'reschedule', eventId: 'train', to, why: 'book an earlier train' },
      train,
      'Europe/Berlin',
    );
    expect(advice.message).toBe(
      'recorded: rebook it to leave at Wed 2026-04-29 07:10 (Europe/Berlin)',
    );
  });

  it('a meeting is proposed to its organiser', () => {
    const meeting = buildEvent({ title: 'Handover Berlin → Munich team' });
    const advice = adviceFor(
      { action: 'reschedule', eventId: 'meeting', to, why: 'move it' },
      meeting,
      'Europe/Berlin',
    );
    expect(advice.message).toBe(
      'recorded: propose Wed 2026-04-29 07:10 (Europe/Berlin) to the organiser',
    );
  });
});
