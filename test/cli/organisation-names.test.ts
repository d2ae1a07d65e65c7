/**
 * Organisation names from the command line: "acme" or " ACME " is Acme, the organisation that
 * exists, never a second one beside it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel, type CliResult } from '../support/cli.js';

const env = {
  CALINTEL_SECRET_KEY: '0f'.repeat(32),
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-org-names-')),
};
const calintel = (...args: string[]) => runCalintel(args, { env });
const ok = (result: CliResult) => {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};

describe('calintel --org names', () => {
  let acmeId: string;

  beforeAll(async () => {
    const created = ok(
      await calintel('users', 'create', '--email', 'ana@acme.com', '--org', 'Acme', '--json'),
    );
    acmeId = (JSON.parse(created) as { organisation: { id: string } }).organisation.id;
  });

  it('users create joins Acme when given "acme", as a member', async () => {
    const out = ok(
      await calintel('users', 'create', '--email', 'zed@acme.com', '--org', 'acme', '--json'),
    );
    const created = JSON.parse(out) as { user: { role: string }; organisation: { id: string } };
    expect(created.organisation.id).toBe(acmeId);
    expect(created.user.role).toBe('member');
  });

  it('every command taking --org finds Acme by " ACME "', async () => {
    ok(
      await calintel(
        'users',
        'create',
        '--email',
        'bo@acme.com',
        '--org',
        ' ACME ',
        '--name',
        'Bo',
      ),
    );
    const role = ok(
      await calintel(
        'users',
        'set-role',
        '--email',
        'bo@acme.com',
        '--org',
        'acme',
        '--role',
        'admin',
      ),
    );
    expect(role).toBe('bo@acme.com is now admin of Acme\n');
    const token = ok(await calintel('tokens', 'create', '--user', 'bo@acme.com', '--org', 'aCmE'));
    expect(token).toMatch(/^cit_/);
    ok(await calintel('users', 'sign-in-link', '--email', 'bo@acme.com', '--org', 'ACME'));
  });
});
