import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { connectErrorText, isNotConfigured, notSetUpText, storedErrorHint } from './connect-error';

describe('connectErrorText', () => {
  it("says whom to ask when the server has no such provider, not the server's variables", () => {
    const error = new ApiError(
      409,
      'not_configured',
      'Exchange is not configured: set EXCHANGE_SERVER_URL (and EXCHANGE_VERSION)',
    );
    expect(isNotConfigured(error)).toBe(true);
    expect(connectErrorText(error, 'Exchange')).toBe(
      'Exchange is not set up on this server; ask your administrator.',
    );
    expect(connectErrorText(error, 'Exchange')).toBe(notSetUpText('Exchange'));
  });

  it("keeps the server's words for every other failure", () => {
    const error = new ApiError(400, 'invalid_credentials', 'The server refused the password.');
    expect(isNotConfigured(error)).toBe(false);
    expect(connectErrorText(error, 'Exchange')).toBe('The server refused the password.');
    expect(connectErrorText(new Error('boom'), 'Exchange')).toBe('boom');
  });
});

describe('storedErrorHint', () => {
  it('says whom to ask when a sync found its provider not set up on this server', () => {
    expect(storedErrorHint('the google provider is not configured', 'Google Calendar')).toBe(
      'Google Calendar is not set up on this server; ask your administrator.',
    );
  });

  it('adds nothing to other errors', () => {
    expect(storedErrorHint('the feed answered 404 Not Found', 'ICS feed')).toBeNull();
  });
});
