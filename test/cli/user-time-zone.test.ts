/** `calintel users set-time-zone`: an operator sets or removes a user's zone; an unknown one is refused. */
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
