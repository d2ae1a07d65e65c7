import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

const TEST_KEY = '0f'.repeat(32);

const calintel = (args: string[], env: Record<string, string>) =>
  runCalintel(args, { env: { CALINTEL_SECRET_KEY: TEST_KEY, ...env } });

// Each test starts the CLI as a real process (through tsx): slow on a busy machine.
describe('calintel, when what it is given is wrong', { timeout: 120_000 }, () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'calintel-errors-cli-'));
  });

  it('names an unreachable database in one line, password hidden, without a stack trace', async () => {
    const result = await calintel(['migrate'], {
      CALINTEL_DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/x',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'calintel: cannot open the database at postgres://u:***@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });
});
