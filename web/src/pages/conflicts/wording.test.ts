import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../lib/format';
import { wordingOf } from './wording';

const SERVER_TEXT = 'recorded: propose Mon 2026-11-30 09:00 (UTC) to the organiser';
const PARTS = [
  { text: 'recorded: propose ' },
  { at: '2026-11-30T09:00:00.000Z', zone: 'UTC' },
  { text: ' to the organiser' },
];

describe('wordingOf', () => {
  it('writes the instants the server sent apart as the page writes dates, in the profile’s zone', () => {
    expect(wordingOf(SERVER_TEXT, PARTS, 'Europe/Berlin', 'en-GB')).toBe(
      'recorded: propose Mon, 30 Nov 2026, 10:00 to the organiser',
    );
    expect(wordingOf(SERVER_TEXT, PARTS, 'UTC', 'en-GB')).toBe(
      `recorded: propose ${formatDateTime('2026-11-30T09:00:00Z', 'UTC', 'en-GB')} to the organiser`,
    );
  });

  it('keeps the server’s text when it sent no parts (older records) or parts it cannot read', () => {
    expect(wordingOf(SERVER_TEXT, undefined, 'UTC')).toBe(SERVER_TEXT);
    expect(wordingOf(SERVER_TEXT, [], 'UTC')).toBe(SERVER_TEXT);
    expect(wordingOf(SERVER_TEXT, [{ text: 'a' }, 7], 'UTC')).toBe(SERVER_TEXT);
  });
});
