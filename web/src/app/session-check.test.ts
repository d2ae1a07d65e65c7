import { describe, expect, it } from 'vitest';
import type { Session } from '../api/session';
import { compareSessions } from './session-check';

const session = (userId: string, csrfToken = 'csrf-1'): Session => ({
  user: { id: userId, email: `${userId}@northwind.io`, name: null, timeZone: null },
  organisation: { id: 'org-1', name: 'Northwind' },
  csrfToken,
});

describe('compareSessions', () => {
  it('says whether the user changed, or only the CSRF token', () => {
    expect(compareSessions(session('ana'), session('ana'))).toBe('same');
    expect(compareSessions(session('ana'), session('ana', 'csrf-2'))).toBe('renewed');
    expect(compareSessions(session('ana'), session('ben'))).toBe('changed');
  });

  it('counts signing out, or in after being signed out, as a change', () => {
    expect(compareSessions(session('ana'), null)).toBe('changed');
    expect(compareSessions(null, session('ana'))).toBe('changed');
    expect(compareSessions(undefined, null)).toBe('same');
  });
});
