import { describe, expect, it } from 'vitest';
import { isSecretParameter, maskUrl } from './request-log.js';

describe('maskUrl', () => {
  it.each([
    ['/auth/link/abc123', '/auth/link/[redacted]'],
    ['/auth/link/abc123/', '/auth/link/[redacted]/'],
    ['/auth/link/abc123?x=1', '/auth/link/[redacted]?x=1'],
    ['/auth/link/', '/auth/link/'],
    ['/api/v1/calendar/events/e1/', '/api/v1/calendar/events/e1/'],
    ['/cb/?state=s1&code=c1&scope=a%20b', '/cb/?state=[redacted]&code=[redacted]&scope=a%20b'],
    ['/cb/?Code=c1&STATE=s1', '/cb/?Code=[redacted]&STATE=[redacted]'],
    ['/cb/?%63ode=c1', '/cb/?%63ode=[redacted]'],
    [
      '/hook/?validationToken=a&validationToken=b',
      '/hook/?validationToken=[redacted]&validationToken=[redacted]',
    ],
    [
      '/x/?access_token=t&client-secret=s&password=p&q=hello',
      '/x/?access_token=[redacted]&client-secret=[redacted]&password=[redacted]&q=hello',
    ],
    ['/x/?flag&token=', '/x/?flag&token=[redacted]'],
    ['/x/?%E0%A4%A=1', '/x/?%E0%A4%A=1'],
  ])('%s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it('names sensitive parameters by a general rule, and leaves ordinary ones', () => {
    for (const name of ['code', 'state', 'token', 'validationToken', 'id_token', 'apiKey', 'sig'])
      expect(isSecretParameter(name)).toBe(true);
    for (const name of ['q', 'cursor', 'limit', 'calendarId', 'scope', 'error', 'from'])
      expect(isSecretParameter(name)).toBe(false);
  });
});
