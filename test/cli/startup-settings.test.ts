import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

const TEST_KEY = '0f'.repeat(32);

const env = (settings: Record<string, string>) => ({
  CALINTEL_SECRET_KEY: TEST_KEY,
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-startup-')),
  ...settings,
});

// Each test starts the CLI as a real process (through tsx): slow on a busy machine.
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
});
