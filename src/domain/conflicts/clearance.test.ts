import { describe, expect, it } from 'vitest';
import { explainClearance, type EventSnapshot } from './clearance.js';

const snapshot = (title: string, start: string, end: string): EventSnapshot => ({
  title,
  start,
  end,
  allDay: false,
  location: null,
  status: 'confirmed',
  transparency: 'opaque',
  calendarId: 'cal',
  provider: 'ics',
  organizer: null,
});
const SNAPSHOTS = {
  demo: snapshot('Globex product demo', '2026-12-01T15:00:00Z', '2026-12-01T16:00:00Z'),
  hooli: snapshot('Hooli pricing negotiation', '2026-12-01T15:30:00Z', '2026-12-01T16:30:00Z'),
};
const now = (start: string, end: string, status = 'confirmed', transparency = 'opaque') => ({
  start,
  end,
  status,
  transparency,
});

describe('explainClearance', () => {
  it('says which event moved where and which was deleted, in the zone given', () => {
    const current = new Map([['demo', now('2026-12-02T15:00:00Z', '2026-12-02T16:00:00Z')]]);
    const clearance = explainClearance(['demo', 'hooli'], SNAPSHOTS, current, 'Europe/Berlin');
    expect(clearance.why).toBe(
      'Globex product demo moved to Wed 2026-12-02 16:00 (Europe/Berlin); Hooli pricing negotiation was deleted',
    );
    expect(clearance.whyParts).toEqual([
      { text: 'Globex product demo moved to ' },
      { at: '2026-12-02T15:00:00.000Z', zone: 'Europe/Berlin' },
      { text: '; Hooli pricing negotiation was deleted' },
    ]);
    expect(clearance.events).toEqual([
      {
        eventId: 'demo',
        change: 'moved',
        to: { start: '2026-12-02T15:00:00Z', end: '2026-12-02T16:00:00Z' },
      },
      { eventId: 'hooli', change: 'deleted' },
    ]);
  });

  it('names cancelled and free events, and leaves unchanged ones out of the words', () => {
    const current = new Map([
      ['demo', now('2026-12-01T15:00:00Z', '2026-12-01T16:00:00Z', 'cancelled')],
      ['hooli', now('2026-12-01T15:30:00.000Z', '2026-12-01T16:30:00.000Z')],
    ]);
    expect(explainClearance(['demo', 'hooli'], SNAPSHOTS, current, 'UTC').why).toBe(
      'Globex product demo was cancelled',
    );
    current.set(
      'demo',
      now('2026-12-01T15:00:00Z', '2026-12-01T16:00:00Z', 'confirmed', 'transparent'),
    );
    expect(explainClearance(['demo', 'hooli'], SNAPSHOTS, current, 'UTC').why).toBe(
      'Globex product demo was marked free',
    );
  });

  it('says the conflict is gone in general words when no event changed (or none was kept)', () => {
    const clearance = explainClearance(['a', 'b'], {}, new Map(), 'UTC');
    expect(clearance.why).toBe('its events no longer conflict in the calendars');
    expect(clearance.events.map((e) => e.change)).toEqual(['unchanged', 'unchanged']);
  });
});
