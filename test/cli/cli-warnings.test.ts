import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCalintelProcess } from '../support/cli.js';

// A process of its own: before, the warning was a pino line, which pino writes to descriptor 2.
describe('start-up warnings of a command', { timeout: 120_000 }, () => {
  it('says a generated secret key in one plain line on stderr, not as a JSON log line', async () => {
    const work = mkdtempSync(join(tmpdir(), 'calintel-warnings-'));
    const dataDir = join(work, 'data');
    const result = await runCalintelProcess(
      ['users', 'create', '--email', 'rep@acme.test', '--org', 'Acme'],
      { env: { CALINTEL_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, cwd: work },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^created user rep@acme\.test \(.+\) in organisation Acme\n$/);
    expect(result.stderr).toBe(
      `calintel: warning: CALINTEL_SECRET_KEY is not set: generated one into ${join(dataDir, 'secret.key')}. Back it up; stored secrets cannot be read without it.\n`,
    );
  });
});
