/**
 * A process that cannot open the database's stored secrets refuses to start, with one line and
 * the configuration's exit code (78), instead of joining the pool, saying it is ready and failing
 * every sync it takes: started with another CALINTEL_SECRET_KEY (SQLite and PostgreSQL), or on
 * PostgreSQL with none (no key is generated there: each machine would make its own).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalintel, runCalintelProcess } from '../support/cli.js';
import { describePostgres, POSTGRES_URL, TEST_SECRET_KEY } from '../support/databases.js';

const OTHER_KEY = '1e'.repeat(32);
const DIFFERS =
  "calintel: invalid configuration:\n  CALINTEL_SECRET_KEY: differs from the one this database's secrets were sealed with; start every process on this database with that key\n";

const folder = (label: string) => mkdtempSync(join(tmpdir(), `calintel-key-${label}-`));

/** The first process on a database, with the test key: it creates a user. */
async function firstUser(env: Record<string, string>): Promise<void> {
  const created = await runCalintel(
    ['users', 'create', '--email', 'rep@acme.test', '--org', 'Acme'],
    { env: { ...env, CALINTEL_SECRET_KEY: TEST_SECRET_KEY } },
  );
  expect(created.stderr).toBe('');
  expect(created.status).toBe(0);
}

describe('a process whose key is not the SQLite database’s', () => {
  it('stops at start with exit code 78: serve as a worker, and a command', async () => {
    const dir = folder('sqlite');
    const env = { CALINTEL_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'shared.sqlite')}` };
    await firstUser(env);

    const worker = await runCalintelProcess(['serve', '--role', 'worker'], {
      env: { ...env, CALINTEL_SECRET_KEY: OTHER_KEY, CALINTEL_DATA_DIR: folder('worker') },
    });
    expect(worker).toEqual({ status: 78, stdout: '', stderr: DIFFERS });

    const listed = await runCalintel(['tokens', 'list', '--user', 'rep@acme.test'], {
      env: { ...env, CALINTEL_SECRET_KEY: OTHER_KEY },
    });
    expect(listed).toEqual({ status: 78, stdout: '', stderr: DIFFERS });
    const same = await runCalintel(['tokens', 'list', '--user', 'rep@acme.test'], {
      env: { ...env, CALINTEL_SECRET_KEY: TEST_SECRET_KEY },
    });
    expect(same.status).toBe(0);
  }, 120_000);
});

describePostgres('a process on a PostgreSQL database with no key, or another one', () => {
  const schema = `calintel_key_${process.pid}_${Date.now()}`;
  const url = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const admin = (sql: string) => withClient((client) => client.query(sql));
  beforeAll(() => admin(`create schema ${schema}`));
  afterAll(() => admin(`drop schema ${schema} cascade`));

  it('stops with 78: none set (nothing generated), or one that differs', async () => {
    const env = { CALINTEL_DATA_DIR: folder('pg'), DATABASE_URL: url };
    await firstUser(env);

    const unset = await runCalintel(['tokens', 'list', '--user', 'rep@acme.test'], {
      env: { ...env, CALINTEL_DATA_DIR: folder('pg-worker') },
    });
    expect(unset.status).toBe(78);
    expect(unset.stderr).toMatch(
      /^calintel: invalid configuration:\n {2}CALINTEL_SECRET_KEY: not set, and DATABASE_URL is PostgreSQL/,
    );

    const other = await runCalintel(['tokens', 'list', '--user', 'rep@acme.test'], {
      env: { ...env, CALINTEL_SECRET_KEY: OTHER_KEY },
    });
    expect(other).toEqual({ status: 78, stdout: '', stderr: DIFFERS });
  }, 60_000);
});

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
