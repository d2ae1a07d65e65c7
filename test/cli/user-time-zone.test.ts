/**
 * `calintel users set-time-zone` and `users create --time-zone`: an operator sets or removes a
 * user's zone; an unknown one is refused the same way by both, and a known one stored as the
 * zone database spells it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel, type CliResult } from '../support/cli.js';

const env = {
  CALINTEL_SECRET_KEY: '0f'.repeat(32),
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-zone-')),
};
const calintel = (...args: string[]) => runCalintel(args, { env });
const ok = (result: CliResult) => {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};
const setZone = (zone: string, ...more: string[]) =>
  calintel('users', 'set-time-zone', '--email', 'rep@acme.test', '--time-zone', zone, ...more);

describe('calintel users set-time-zone', () => {
  beforeAll(async () => {
    ok(await calintel('users', 'create', '--email', 'rep@acme.test', '--org', 'Acme'));
  });

  it('sets the zone as the zone database spells it, and removes it with none', async () => {
    expect(ok(await setZone('asia/tokyo'))).toBe('rep@acme.test is now in Asia/Tokyo\n');
    const cleared = JSON.parse(ok(await setZone('none', '--json'))) as { timeZone: unknown };
    expect(cleared.timeZone).toBeNull();
  });

  it('refuses a zone it does not know, naming it', async () => {
    const refused = await setZone('Mars/Olympus_Mons');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/"Mars\/Olympus_Mons" is not an IANA time zone/);
  });
});

describe('calintel users create --time-zone', () => {
  const create = (email: string, zone: string) =>
    calintel('users', 'create', '--email', email, '--org', 'Acme', '--time-zone', zone, '--json');

  it('stores the zone as the zone database spells it', async () => {
    const created = JSON.parse(ok(await create('tokyo@acme.test', 'asia/tokyo'))) as {
      user: { timeZone: unknown };
    };
    expect(created.user.timeZone).toBe('Asia/Tokyo');
  });

  it('refuses a zone it does not know as set-time-zone does, and creates nobody', async () => {
    const refused = await create('mars@acme.test', 'Mars/Olympus_Mons');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/"Mars\/Olympus_Mons" is not an IANA time zone/);
    const missing = await calintel(
      'users',
      'set-role',
      '--email',
      'mars@acme.test',
      '--role',
      'member',
    );
    expect(missing.stderr).toMatch(/no user mars@acme\.test/);
  });
});
