import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCalintel, runCalintelProcess } from '../support/cli.js';

const TEST_KEY = '0f'.repeat(32);

const env = (settings: Record<string, string>) => ({
  CALINTEL_SECRET_KEY: TEST_KEY,
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-startup-')),
  ...settings,
});

// One test starts the CLI as a real process (through tsx): slow on a busy machine.
describe('calintel, when a setting is wrong', { timeout: 120_000 }, () => {
  it('refuses a TRUST_PROXY that is not an address, before starting', async () => {
    const result = await runCalintel(['serve'], { env: env({ TRUST_PROXY: 'garbage' }) });
    expect(result.status).toBe(78);
    expect(result.stderr).toBe(
      'calintel: invalid configuration:\n  TRUST_PROXY: "garbage" is not an IP address, a CIDR range, loopback, linklocal or uniquelocal; give true, false, a number of hops, or a comma-separated list of addresses\n',
    );
  });

  it('refuses a CALINTEL_PUBLIC_URL that is not http or https', async () => {
    for (const url of ['ftp://example.com', 'javascript:alert(1)']) {
      const result = await runCalintel(['serve'], { env: env({ CALINTEL_PUBLIC_URL: url }) });
      expect(result.status, url).toBe(78);
      expect(result.stderr, url).toBe(
        'calintel: invalid configuration:\n  CALINTEL_PUBLIC_URL: must start with http:// or https://\n',
      );
    }
  });

  it('refuses an EXCHANGE_VERSION the Exchange client does not know, before starting', async () => {
    const result = await runCalintel(['serve'], {
      env: env({
        EXCHANGE_SERVER_URL: 'https://mail.acme.test/EWS/Exchange.asmx',
        EXCHANGE_VERSION: 'Exchange2099',
      }),
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(
      /^calintel: invalid configuration:\n {2}EXCHANGE_VERSION: must be one of Exchange2007_SP1, .*Exchange2013_SP1.*\n$/,
    );
  });

  it('reads an empty PORT as unset: links name the default port 8000, not 0', async () => {
    const settings = env({ PORT: '' });
    const created = await runCalintel(
      ['users', 'create', '--email', 'rep@acme.test', '--org', 'Acme'],
      { env: settings },
    );
    expect(created.status, created.stderr).toBe(0);
    const link = await runCalintel(['users', 'sign-in-link', '--email', 'rep@acme.test'], {
      env: settings,
    });
    expect(link.status, link.stderr).toBe(0);
    expect(link.stdout).toMatch(/^http:\/\/127\.0\.0\.1:8000\/auth\/link\/\S+\n$/);
  });

  it('reads every empty setting as unset, as the README says, not as an invalid value', async () => {
    const work = mkdtempSync(join(tmpdir(), 'calintel-blank-'));
    const blank = Object.fromEntries(
      [
        'CALINTEL_DATA_DIR',
        'CALINTEL_SECRET_KEY',
        'LOG_LEVEL',
        'NODE_ENV',
        'METRICS_ENABLED',
        'ALLOW_PRIVATE_NETWORK_CALENDARS',
        'REDIS_PREFIX',
        'GOOGLE_CALENDAR_API_URL',
        'MICROSOFT_AUTHORITY_URL',
        'MICROSOFT_TENANT_ID',
        'HOST',
        'PORT',
      ].map((name) => [name, '']),
    );
    // A process of its own: an empty LOG_LEVEL logs at info, which pino writes to descriptor 2.
    const result = await runCalintelProcess(['migrate'], { env: blank, cwd: work });
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(join(work, 'data')).sort()).toContain('calintel.sqlite');
  });

  it('writes an IPv6 HOST in brackets in its links, and refuses a HOST that is no address', async () => {
    const settings = env({ HOST: '::1' });
    const created = await runCalintel(
      ['users', 'create', '--email', 'rep@acme.test', '--org', 'Acme'],
      { env: settings },
    );
    expect(created.status, created.stderr).toBe(0);
    const link = await runCalintel(['users', 'sign-in-link', '--email', 'rep@acme.test'], {
      env: settings,
    });
    expect(link.stdout).toMatch(/^http:\/\/\[::1\]:8000\/auth\/link\/\S+\n$/);
    const garbage = await runCalintel(['serve'], { env: env({ HOST: '999.1.1.1' }) });
    expect(garbage.status).toBe(78);
    expect(garbage.stderr).toBe(
      'calintel: invalid configuration:\n  HOST: must be an IP address (127.0.0.1, 0.0.0.0, ::1, ::) or a host name, got "999.1.1.1"\n',
    );
  });

  it('blames HOST, not the database, for a host name that does not resolve', async () => {
    const result = await runCalintel(['serve'], { env: env({ HOST: 'calintel.invalid' }) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^calintel: cannot listen on calintel\.invalid: no address found for this host name \([A-Z_]+\); choose another with HOST=<address>\n$/,
    );
  });

  it('refuses a data folder that is a file and a SQLite URL without a file, in one line each', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calintel-file-')), 'data');
    writeFileSync(file, '');
    const folder = await runCalintel(['serve'], {
      env: { CALINTEL_DATA_DIR: file, PORT: '0' },
    });
    expect(folder.status).toBe(78);
    expect(folder.stderr).toBe(
      `calintel: invalid configuration:\n  CALINTEL_DATA_DIR: ${file} is a file, not a folder\n`,
    );
    const url = await runCalintel(['serve'], { env: env({ DATABASE_URL: 'sqlite:' }) });
    expect(url.status).toBe(78);
    expect(url.stderr).toBe(
      'calintel: invalid configuration:\n  DATABASE_URL: "sqlite:" names no file; give sqlite:PATH (sqlite:./data/calintel.sqlite), or sqlite::memory:\n',
    );
  });

  it('names SSL when DATABASE_URL asks for it and the server has none', async () => {
    // What a PostgreSQL server without SSL answers to the SSL request: a single N.
    const server: Server = createServer((socket) => socket.end('N'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const databaseUrl = `postgres://u@127.0.0.1:${address.port}/x?sslmode=require`;
      const result = await runCalintel(['migrate'], { env: env({ DATABASE_URL: databaseUrl }) });
      expect(result.status).toBe(1);
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
        `calintel: cannot open the database at ${databaseUrl}: The server does not support SSL connections; enable SSL on the server, or drop sslmode (or ssl) from DATABASE_URL`,
      );
      expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
    } finally {
      server.close();
    }
  });

  it('refuses an empty or blank --org instead of creating an organisation without a name', async () => {
    const settings = env({});
    for (const org of ['', '   ']) {
      const created = await runCalintel(
        ['users', 'create', '--email', 'a@acme.test', '--org', org],
        {
          env: settings,
        },
      );
      expect(created.status, org).toBe(1);
      expect(created.stderr).toBe('calintel: --org must not be empty\n');
    }
    expect(readdirSync(settings.CALINTEL_DATA_DIR)).toEqual([]);
    const token = await runCalintel(['tokens', 'create', '--user', 'a@acme.test', '--org', ' '], {
      env: settings,
    });
    expect(token.stderr).toBe('calintel: --org must not be empty\n');
  });
});
