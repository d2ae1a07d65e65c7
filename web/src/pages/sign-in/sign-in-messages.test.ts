import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { linkErrorMessage, signInErrorMessage } from './sign-in-messages';

describe('sign-in messages', () => {
  it('explains an expired or used sign-in link', () => {
    expect(linkErrorMessage('link_invalid')).toMatch(/link is invalid, has expired/);
    expect(linkErrorMessage(null)).toBeNull();
  });

  it('explains wrong credentials and too many attempts in plain words', () => {
    expect(signInErrorMessage(new ApiError(401, 'invalid_credentials', 'x'))).toMatch(
      /email or password is not right/,
    );
    expect(signInErrorMessage(new ApiError(429, 'rate_limited', 'x'))).toMatch(/Too many/);
    expect(signInErrorMessage(new ApiError(500, 'internal', 'internal error'))).toBe(
      'internal error',
    );
  });
});
