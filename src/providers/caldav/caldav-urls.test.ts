import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { normaliseServerUrl } from './caldav-urls.js';

describe('normaliseServerUrl', () => {
  it.each([
    ['my server.example.com', /space/],
    ['https://cal dav.example.com/', /space/],
    ['http://[::1', /not a valid URL/],
    ['https://exa mple.com:99999/', /space/],
    ['https://example.com:99999/', /not a valid URL/],
  ])('refuses %j as invalid input, saying why', (serverUrl, why) => {
    let thrown: unknown;
    try {
      normaliseServerUrl(serverUrl);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect((thrown as ProviderError).kind).toBe('invalid_input');
    expect((thrown as Error).message).toMatch(/^the CalDAV server URL is not usable: /);
    expect((thrown as Error).message).toMatch(why);
  });

  it('does not repeat an unparsable URL, which may carry a password', () => {
    expect(() => normaliseServerUrl('https://alice:s3cret@cal dav.example.com/')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
