import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

// A low cost keeps the unit test quick; the parameters travel in the hash.
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('passwords', () => {
  it('verifies the password it hashed and refuses another', async () => {
    const hash = await hashPassword('correct horse battery', CHEAP);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('salts each hash', async () => {
    const first = await hashPassword('same password here', CHEAP);
    const second = await hashPassword('same password here', CHEAP);
    expect(first).not.toBe(second);
  });

  it('never matches a malformed stored hash', async () => {
    for (const stored of ['', 'plain', 'scrypt$x$8$1$abc$def', 'bcrypt$1$2$3$4$5'])
      expect(await verifyPassword('anything at all', stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait!', CHEAP);
    expect(await verifyPassword('cafe\u0301 au lait!', hash)).toBe(true);
  });

  it('says why a password is too short or too long', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('x'.repeat(300))).toMatch(/at most 256/);
    expect(passwordProblem('long enough password')).toBeNull();
  });
});
