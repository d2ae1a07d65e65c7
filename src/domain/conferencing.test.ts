import { describe, expect, it } from 'vitest';
import { findConferenceUrl } from './conferencing.js';

describe('findConferenceUrl', () => {
  it('finds a Zoom link in the location', () => {
    expect(findConferenceUrl(null, 'https://acme.zoom.us/j/123456789?pwd=abc')).toBe(
      'https://acme.zoom.us/j/123456789?pwd=abc',
    );
  });

  it('prefers the structured field over the description', () => {
    expect(
      findConferenceUrl('https://meet.google.com/abc-defg-hij', null, 'join https://zoom.us/j/1'),
    ).toBe('https://meet.google.com/abc-defg-hij');
  });

  it('finds a Teams link inside HTML with encoded ampersands', () => {
    const html =
      '<a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_X%40thread.v2/0?context=%7b%7d&amp;x=1">Join</a>';
    expect(findConferenceUrl(html)).toBe(
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_X%40thread.v2/0?context=%7b%7d&x=1',
    );
  });

  it('finds a Webex link and drops a trailing full stop', () => {
    expect(findConferenceUrl('Call: https://acme.webex.com/meet/jdoe.')).toBe(
      'https://acme.webex.com/meet/jdoe',
    );
  });

  it('returns null for a physical address or a plain web page', () => {
    expect(findConferenceUrl('Acme HQ, Berlin', 'see https://example.com/agenda')).toBeNull();
  });
});
