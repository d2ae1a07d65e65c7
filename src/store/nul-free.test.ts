import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../test/support/databases.js';
import { nulFreeEvent, nulFreeText } from './nul-free.js';

describe('nulFreeText', () => {
  it('replaces every U+0000 and returns text without one as it is', () => {
    expect(nulFreeText('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    expect(nulFreeText('plain')).toBe('plain');
  });
});

describe('nulFreeEvent', () => {
  it('returns a clean event itself, not a copy', () => {
    const event = buildEvent();
    expect(nulFreeEvent(event)).toBe(event);
  });

  it('cleans every text field, the organiser and the attendees, and nothing else', () => {
    const event = buildEvent({
      location: 'Room\u00001',
      organizer: { email: 'o@acme.test', name: null },
      attendees: [
        {
          email: 'x\u0000@acme.test',
          name: null,
          responseStatus: 'accepted',
          optional: true,
          resource: false,
        },
      ],
    });
    const cleaned = nulFreeEvent(event);
    expect(cleaned).toEqual({
      ...event,
      location: 'Room\uFFFD1',
      attendees: [{ ...event.attendees[0], email: 'x\uFFFD@acme.test' }],
    });
    expect(event.location).toBe('Room\u00001');
  });
});
