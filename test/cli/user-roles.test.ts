/**
 * Roles from the command line: the user who creates an organisation administers it, later users
 * are members unless made admins, and an organisation always keeps an admin.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel, type CliResult } from '../support/cli.js';

const env = {
  CALINTEL_SECRET_KEY: '0f'.repeat(32),
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-roles-')),
};
const calintel = (...args: string[]) => runCalintel(args, { env });
const ok = (result: CliResult) => {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};
const roleOf = async (email: string) =>
  (
    JSON.parse(
      ok(await calintel('users', 'set-role', '--email', email, '--role', 'member', '--json')),
    ) as {
      user: { role: string };
    }
  ).user.role;

describe('calintel users and roles', () => {
  beforeAll(async () => {
    ok(await calintel('users', 'create', '--email', 'founder@acme.test', '--org', 'Acme'));
  });

  it('makes the founder admin and later users members, or admins when asked', async () => {
    const member = JSON.parse(
      ok(await calintel('users', 'create', '--email', 'rep@acme.test', '--org', 'Acme', '--json')),
    ) as { user: { role: string } };
    expect(member.user.role).toBe('member');
    const admin = ok(
      await calintel(
        'users',
        'create',
        '--email',
        'ops@acme.test',
        '--org',
        'Acme',
        '--role',
        'admin',
      ),
    );
    expect(admin).toMatch(/^created user ops@acme\.test \(.+, admin\) in organisation Acme$/m);
    // Demoting one of two admins is allowed, and says what it did.
    expect(await roleOf('ops@acme.test')).toBe('member');
  });

  it('keeps the last admin of an organisation', async () => {
    const refused = await calintel(
      'users',
      'set-role',
      '--email',
      'founder@acme.test',
      '--role',
      'member',
    );
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/only admin of the organisation: make another user admin first/);
    ok(await calintel('users', 'set-role', '--email', 'rep@acme.test', '--role', 'admin'));
    expect(await roleOf('founder@acme.test')).toBe('member');
  });

  it('refuses a role it does not know', async () => {
    const refused = await calintel(
      'users',
      'set-role',
      '--email',
      'rep@acme.test',
      '--role',
      'owner',
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--role: "owner" is not admin or member/);
  });
});
