import { describe, expect, it } from 'vitest';
import { timeZoneNote } from './time-zone-note';

describe('timeZoneNote', () => {
  it('names the profile zone, and says so when the browser is in another', () => {
    expect(timeZoneNote('Europe/Berlin', 'America/Los_Angeles', true)).toEqual({
      text: 'Times in Europe/Berlin, your profile’s time zone, not this browser’s (America/Los Angeles).',
      differs: true,
    });
  });

  it('only names the zone when the browser is in it', () => {
    expect(timeZoneNote('Europe/Berlin', 'Europe/Berlin', true)).toEqual({
      text: 'Times in Europe/Berlin.',
      differs: false,
    });
    // Two names of one zone are one zone.
    expect(timeZoneNote('Asia/Calcutta', 'Asia/Kolkata', true).differs).toBe(false);
  });

  it('says the browser zone is used when the profile has none', () => {
    expect(timeZoneNote('America/New_York', 'America/New_York', false).text).toBe(
      'Times in America/New York, this browser’s time zone (your profile sets none).',
    );
  });
});
