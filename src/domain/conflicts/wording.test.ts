import { describe, expect, it } from 'vitest';
import { toldAt, wording, wordingText } from './wording.js';
import { formatLocal } from './zones.js';

const TEN_BERLIN = Date.parse('2026-03-10T09:00:00Z');

describe('wording', () => {
  it('keeps instants apart, as ISO text with the zone, and joins neighbouring words', () => {
    expect(wording('move ', 'it: ', toldAt(TEN_BERLIN, 'Europe/Berlin'), '', ' is free')).toEqual([
      { text: 'move it: ' },
      { at: '2026-03-10T09:00:00.000Z', zone: 'Europe/Berlin' },
      { text: ' is free' },
    ]);
  });

  it('tells an instant in a zone that is not an IANA zone in UTC, as formatLocal reads it', () => {
    expect(wording(toldAt(TEN_BERLIN, 'Mars/Olympus'))).toEqual([
      { at: '2026-03-10T09:00:00.000Z', zone: 'UTC' },
    ]);
    expect(wording(toldAt(TEN_BERLIN, null))).toEqual([
      { at: '2026-03-10T09:00:00.000Z', zone: 'UTC' },
    ]);
  });

  it('writes the text as calintel always has: instants by formatLocal', () => {
    const parts = wording('start it at ', toldAt(TEN_BERLIN, 'Europe/Berlin'), ' to clear it');
    expect(wordingText(parts)).toBe('start it at Tue 2026-03-10 10:00 (Europe/Berlin) to clear it');
    expect(wordingText(parts)).toBe(
      `start it at ${formatLocal(TEN_BERLIN, 'Europe/Berlin')} to clear it`,
    );
  });
});
