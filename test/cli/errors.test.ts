import { existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

const TEST_KEY = '0f'.repeat(32);

const calintel = (args: string[], env: Record<string, string>) =>
  runCalintel(args, { env: { CALINTEL_SECRET_KEY: TEST_KEY, ...env } });

describe('calintel, when what it is given is wrong', () => {
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

  it('stops when the SQLite file DATABASE_URL names does not exist, creating nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'calintel-errors-cwd-'));
    // No CALINTEL_SECRET_KEY: not even the key file of the data folder (./data) is written.
    const env = { DATABASE_URL: 'sqlite:./dta/calintel.sqlite' };
    for (const args of [
      ['sync'],
      ['tokens', 'create', '--user', 'ana@northwind.io'],
      ['users', 'sign-in-link', '--email', 'ana@northwind.io'],
      // The service too: it would otherwise answer from a new, empty database.
      ['serve', '--role', 'worker'],
    ]) {
      const result = await runCalintel(args, { cwd, env });
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `calintel: no database at ${join(realpathSync(cwd), 'dta', 'calintel.sqlite')}: check DATABASE_URL, or run \`calintel migrate\` to create it\n`,
      );
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('lets migrate and users create make the database DATABASE_URL names; then the others use it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'calintel-errors-cwd-'));
    const env = { CALINTEL_SECRET_KEY: TEST_KEY };
    const migrated = await runCalintel(['migrate'], {
      cwd,
      env: { ...env, DATABASE_URL: 'sqlite:./one/calintel.sqlite' },
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(existsSync(join(cwd, 'one', 'calintel.sqlite'))).toBe(true);
    const synced = await runCalintel(['sync'], {
      cwd,
      env: { ...env, DATABASE_URL: 'sqlite:./one/calintel.sqlite' },
    });
    expect(synced.status, synced.stderr).toBe(0);
    expect(synced.stdout).toBe('no calendars to sync\n');
    const created = await runCalintel(
      ['users', 'create', '--email', 'ana@northwind.io', '--org', 'Northwind'],
      { cwd, env: { ...env, DATABASE_URL: `sqlite:${join(cwd, 'two', 'calintel.sqlite')}` } },
    );
    expect(created.status, created.stderr).toBe(0);
    expect(existsSync(join(cwd, 'two', 'calintel.sqlite'))).toBe(true);
  });

  it('still creates the embedded database (no DATABASE_URL) in the data folder on first run', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'calintel-errors-data-')), 'data');
    const result = await calintel(['sync'], { CALINTEL_DATA_DIR: data });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(data, 'calintel.sqlite'))).toBe(true);
  });
});
