import { describe, expect, it } from 'vitest';
import { ntlmChallenge } from './exchange-ntlm.js';

describe('ntlmChallenge', () => {
  it('finds the NTLM challenge among the WWW-Authenticate values Node joined', () => {
    expect(ntlmChallenge({ 'www-authenticate': 'NTLM TlRMTVNTUAACAA==' })).toBe(
      'NTLM TlRMTVNTUAACAA==',
    );
    expect(
      ntlmChallenge({
        'www-authenticate': 'Negotiate abc, NTLM TlRMTVNTUAACAA==, Basic realm="x"',
      }),
    ).toBe('NTLM TlRMTVNTUAACAA==');
  });

  it('is null when the server offers NTLM without a challenge, or not at all', () => {
    expect(ntlmChallenge({ 'www-authenticate': 'Negotiate, NTLM' })).toBeNull();
    expect(ntlmChallenge({ 'www-authenticate': 'Basic realm="exch01"' })).toBeNull();
    expect(ntlmChallenge({})).toBeNull();
  });
});
