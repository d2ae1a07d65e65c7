import { describe, expect, it } from 'vitest';
import { connectNotice } from './connect-notice';

describe('connectNotice', () => {
  it('reports a provider connected', () => {
    expect(connectNotice(new URLSearchParams('connected=google'))).toEqual({
      tone: 'success',
      text: 'Google Calendar is connected. Its calendars are syncing now.',
    });
    expect(connectNotice(new URLSearchParams('connected=outlook'))?.text).toMatch(/^Outlook/);
  });

  it('reports a failure by its code, in fixed words', () => {
    const notice = connectNotice(new URLSearchParams('connect_error=denied'));
    expect(notice).toEqual({
      tone: 'error',
      text: 'The calendar was not connected: access was not granted. Try again, and allow calintel to read your calendar.',
    });
    expect(connectNotice(new URLSearchParams('connect_error=expired'))?.text).toContain(
      'Start again from this page',
    );
  });

  it("says a colleague's account is theirs to connect, without naming anyone from the address", () => {
    const notice = connectNotice(new URLSearchParams('connect_error=colleague'));
    expect(notice?.tone).toBe('error');
    expect(notice?.text).toMatch(
      /^The calendar was not connected: the account you chose belongs to a colleague who uses calintel/,
    );
    expect(notice?.text).toContain('Their calendar is theirs to connect');
  });

  it('never shows text from the address: an unknown code gets a generic message', () => {
    for (const crafted of [
      'Your account is suspended, call +1 555 0100',
      'constructor',
      'toString',
      '',
    ]) {
      const notice = connectNotice(new URLSearchParams({ connect_error: crafted }));
      expect(notice).toEqual({
        tone: 'error',
        text: 'The calendar was not connected: something went wrong. Try again.',
      });
    }
  });

  it('says nothing without those parameters', () => {
    expect(connectNotice(new URLSearchParams('tab=1'))).toBeNull();
  });
});
