/**
 * `calintel tokens list` and `tokens revoke`: a user's tokens without their secrets, one revoked
 * by id or all of a user's at once; a revoked token no longer authenticates.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/config.js';
import { runCalintel, type CliResult } from '../support/cli.js';

const env = {
  CALINTEL_SECRET_KEY: '0f'.repeat(32),
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-tokens-')),
};
const calintel = (...args: string[]) => runCalintel(args, { env });
const ok = (result: CliResult) => {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};
const createToken = async (name: string) =>
  JSON.parse(
    ok(await calintel('tokens', 'create', '--user', 'ana@acme.test', '--name', name, '--json')),
  ) as { token: string; tokenId: string };

/** Whether the token still authenticates, asked of the store as the API's hook asks it. */
async function authenticates(token: string): Promise<boolean> {
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    return (await app.store.apiTokens.findUserByToken(token)) !== undefined;
  } finally {
    await app.close();
  }
}

describe('calintel tokens list and revoke', () => {
  beforeAll(async () => {
    ok(await calintel('users', 'create', '--email', 'ana@acme.test', '--org', 'Acme'));
  });

  it('lists a user’s tokens with their names, never the tokens themselves', async () => {
    const laptop = await createToken('laptop');
    const table = ok(await calintel('tokens', 'list', '--user', 'ana@acme.test'));
    expect(table).toMatch(/^id\s+name\s+prefix\s+created\s+last used\s+expires\s+status\n/);
    expect(table).toContain(laptop.tokenId);
    expect(table).toMatch(/laptop .* never\s+never\s+active\n/);
    expect(table).not.toContain(laptop.token);
    const json = ok(await calintel('tokens', 'list', '--user', 'ana@acme.test', '--json'));
    expect(json).not.toContain(laptop.token);
    expect(json).not.toMatch(/hash/i);
  });

  it('revokes one token by id: it stops authenticating, and the list says so', async () => {
    const crm = await createToken('crm');
    expect(await authenticates(crm.token)).toBe(true);
    expect(ok(await calintel('tokens', 'revoke', crm.tokenId))).toBe(
      `revoked API token ${crm.tokenId} (crm)\n`,
    );
    expect(await authenticates(crm.token)).toBe(false);
    const listed = JSON.parse(
      ok(await calintel('tokens', 'list', '--user', 'ana@acme.test', '--json')),
    ) as { tokens: { id: string; status: string }[] };
    expect(listed.tokens.find((t) => t.id === crm.tokenId)?.status).toBe('revoked');
  });

  it('says a token revoked before was already revoked, and changes nothing', async () => {
    const old = await createToken('old');
    ok(await calintel('tokens', 'revoke', old.tokenId));
    const first = JSON.parse(ok(await calintel('tokens', 'revoke', old.tokenId, '--json'))) as {
      revokedAt: string;
      alreadyRevoked: boolean;
    };
    expect(first.alreadyRevoked).toBe(true);
    const again = await calintel('tokens', 'revoke', old.tokenId);
    expect(again).toEqual({
      status: 0,
      stdout: `API token ${old.tokenId} (old) was already revoked at ${first.revokedAt}; nothing changed\n`,
      stderr: '',
    });
  });

  it('revokes every live token of a user with --user --all', async () => {
    const a = await createToken('a');
    const b = await createToken('b');
    const out = ok(await calintel('tokens', 'revoke', '--user', 'ana@acme.test', '--all'));
    expect(out).toMatch(/^revoked \d+ API tokens of ana@acme\.test\n$/);
    expect(await authenticates(a.token)).toBe(false);
    expect(await authenticates(b.token)).toBe(false);
  });

  it('says what to pass when given neither an id nor --user --all, or an unknown id', async () => {
    const neither = await calintel('tokens', 'revoke');
    expect(neither.status).toBe(1);
    expect(neither.stderr).toMatch(/pass a token id .* or --user EMAIL --all/);
    const unknown = await calintel('tokens', 'revoke', 'no-such-id');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('calintel: API token no-such-id not found\n');
  });
});
