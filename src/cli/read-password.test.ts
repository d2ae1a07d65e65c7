import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from './output.js';
import { passwordFrom } from './read-password.js';

describe('passwordFrom', () => {
  it('takes the value given on the command line', async () => {
    expect(await passwordFrom('given on the line')).toBe('given on the line');
  });

  it('reads the first line of a piped standard input', async () => {
    const input = Readable.from(['averylongpassword1\n', 'ignored\n']);
    expect(await passwordFrom(true, input)).toBe('averylongpassword1');
  });

  it('reads a last line without a newline', async () => {
    expect(await passwordFrom(true, Readable.from(['averylongpassword1']))).toBe(
      'averylongpassword1',
    );
  });

  it('refuses an empty standard input with a usage error', async () => {
    const refused = passwordFrom(true, Readable.from([]));
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow('no password given on standard input');
  });
});
