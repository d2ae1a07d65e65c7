import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalintel, runCalintelProcess } from '../support/cli.js';

const TEST_KEY = '0f'.repeat(32);
/**
 * The demo's Outlook and Exchange emulators on free ports: their defaults (8791, 8792) may be
 * taken by a demo running on the same machine, which would fail these runs for another reason.
 */
const OTHER_EMULATORS_ON_FREE_PORTS = [
  '--outlook-emulator-port',
  '0',
  '--exchange-emulator-port',
  '0',
];

/** A port another program holds for the whole file. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

// One test starts the CLI as a real process (through tsx): slow on a busy machine.
describe('calintel, when the service cannot start', { timeout: 120_000 }, () => {
  let held: { server: Server; port: number };
  const env = () => ({
    CALINTEL_SECRET_KEY: TEST_KEY,
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-startup-')),
  });

  beforeAll(async () => {
    held = await holdPort();
  });
  afterAll(() => {
    held.server.close();
  });

  it('names the address already in use and PORT, without a stack trace', async () => {
    const result = await runCalintel(['serve'], { env: { ...env(), PORT: String(held.port) } });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `calintel: cannot listen on 127.0.0.1:${held.port}: another program is using it; stop it, or choose another port with PORT=<port>\n`,
    );
  });

  it("names the demo's emulator flag when an emulator's port is in use", async () => {
    const result = await runCalintel(
      ['demo', '--emulator-port', String(held.port), ...OTHER_EMULATORS_ON_FREE_PORTS],
      {
        env: env(),
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `calintel: cannot listen on 127.0.0.1:${held.port}: another program is using it; stop it, or choose another port with --emulator-port <port>\n`,
    );
  });

  it('names HOST when the demo is asked to listen on a host name that does not resolve', async () => {
    // Before, the lookup failure came out as a stack trace.
    const result = await runCalintel(
      ['demo', '--emulator-port', '0', ...OTHER_EMULATORS_ON_FREE_PORTS],
      {
        env: { ...env(), HOST: 'calintel.invalid' },
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^calintel: cannot listen on calintel\.invalid: no address found for this host name \([A-Z_]+\); choose another with HOST=<address>\n$/,
    );
  });

  it('names the --port of a lone emulator', async () => {
    const result = await runCalintel(['emulator', 'google', '--port', String(held.port)], {
      env: env(),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `calintel: cannot listen on 127.0.0.1:${held.port}: another program is using it; stop it, or choose another port with --port <port>\n`,
    );
  });

  it('names an unreachable PostgreSQL in one line, as migrate does', async () => {
    const result = await runCalintel(['serve'], {
      env: { ...env(), DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/x' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'calintel: cannot open the database at postgres://u:***@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });

  it('says how to name the PostgreSQL user when neither the URL nor USER gives one', async () => {
    // runCalintel's environment has no USER, as in a container or a systemd unit.
    for (const command of ['serve', 'migrate']) {
      const result = await runCalintel([command], {
        env: { ...env(), DATABASE_URL: 'postgres://127.0.0.1:5432/test' },
      });
      expect(result.status, command).toBe(1);
      expect(result.stderr, command).toBe(
        'calintel: cannot open the database at postgres://127.0.0.1:5432/test: no PostgreSQL user name specified in startup packet; name the user in DATABASE_URL (postgres://USER@127.0.0.1:5432/test)\n',
      );
    }
  });

  it('adds the stack trace of the cause at LOG_LEVEL=debug', async () => {
    // A process of its own: at debug, pino writes log lines to file descriptor 2 itself.
    const result = await runCalintelProcess(['serve'], {
      env: { ...env(), DATABASE_URL: 'postgres://u@127.0.0.1:1/x', LOG_LEVEL: 'debug' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'calintel: cannot open the database at postgres://u@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1\n',
    );
    expect(result.stderr).toMatch(/caused by: .*ECONNREFUSED[^\n]*\n\s+at /);
  });
});
