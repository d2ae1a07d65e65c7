import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const TEST_KEY = '0f'.repeat(32);

interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `calintel` as a real process through tsx. */
function calintel(args: string[], env: Record<string, string>) {
  return new Promise<CliResult>((resolvePromise) => {
    execFile(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          LOG_LEVEL: 'silent',
          CALINTEL_SECRET_KEY: TEST_KEY,
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ status, stdout, stderr });
      },
    );
  });
}

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
