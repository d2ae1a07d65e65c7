/**
 * `calintel connections colleagues`: connections made before a colleague's account was refused
 * (409 account_belongs_to_colleague), found for an admin to have disconnected. They are stored
 * through the store here, since connecting them through the API is now refused.
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
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-colleagues-')),
};
const calintel = (...args: string[]) => runCalintel(args, { env });
const ok = (result: CliResult) => {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};

interface Listed {
  connections: { connectionId: string; connectedBy: string; colleague: string; action: string }[];
}

/** Stores a connection of `email`'s (of `orgName`) as a connect before the refusal would have. */
async function storeConnection(
  email: string,
  orgName: string,
  input: { provider: string; label: string; settings: Record<string, unknown> },
): Promise<string> {
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    const found = (await app.store.users.findByEmail(email)).find(
      (u) => u.organisation.name === orgName,
    );
    if (!found) throw new Error(`no user ${email} in ${orgName}`);
    const scope = { orgId: found.user.orgId, userId: found.user.id };
    const created = await app.store.connections.create(scope, { ...input, secrets: {} });
    return created.id;
  } finally {
    await app.close();
  }
}

describe('calintel connections colleagues', () => {
  it('says none found when no connection is a colleague’s account', async () => {
    ok(await calintel('users', 'create', '--email', 'ana@acme.test', '--org', 'Acme'));
    expect(ok(await calintel('connections', 'colleagues'))).toBe('none found\n');
  });

  describe('with a connection of Ben’s whose account is Ana’s', () => {
    let colleagues: string;
    beforeAll(async () => {
      ok(await calintel('users', 'create', '--email', 'ben@acme.test', '--org', 'Acme'));
      ok(await calintel('users', 'create', '--email', 'cleo@globex.test', '--org', 'Globex'));
      // Ana's mailbox as Ben typed it: another case and a +tag are still hers.
      colleagues = await storeConnection('ben@acme.test', 'Acme', {
        provider: 'exchange',
        label: 'Ana+cal@Acme.test',
        settings: {
          serverUrl: 'https://mail.acme.test/EWS/Exchange.asmx',
          email: 'Ana+cal@Acme.test',
        },
      });
      await storeConnection('ben@acme.test', 'Acme', {
        provider: 'google',
        label: 'ben@acme.test',
        settings: { account: 'ben@acme.test' },
      });
      // Another organisation's user: Ana is nobody there.
      await storeConnection('cleo@globex.test', 'Globex', {
        provider: 'caldav',
        label: 'ana@acme.test @ dav.acme.test',
        settings: { serverUrl: 'https://dav.acme.test/', username: 'ana@acme.test' },
      });
    });

    it('lists exactly that one, naming Ben, Ana and how Ben disconnects it', async () => {
      const listed = JSON.parse(
        ok(await calintel('connections', 'colleagues', '--json')),
      ) as Listed;
      expect(listed.connections).toEqual([
        expect.objectContaining({
          organisation: 'Acme',
          connectionId: colleagues,
          provider: 'exchange',
          account: 'Ana+cal@Acme.test',
          connectedBy: 'ben@acme.test',
          colleague: 'ana@acme.test',
        }),
      ]);
      expect(listed.connections[0]?.action).toContain(
        `POST /api/v1/calendar/providers/${colleagues}/disconnect/`,
      );
    });

    it('prints it as a table, and only for the organisation named with --org', async () => {
      const table = ok(await calintel('connections', 'colleagues', '--org', 'acme'));
      expect(table).toMatch(
        /^organisation\s+connection\s+provider\s+account\s+connected by\s+colleague\s+to do\n/,
      );
      expect(table.trimEnd().split('\n')).toHaveLength(2);
      expect(table).toMatch(
        new RegExp(
          `Acme\\s+${colleagues}\\s+exchange\\s+Ana\\+cal@Acme\\.test\\s+ben@acme\\.test\\s+ana@acme\\.test\\s+ben@acme\\.test disconnects it`,
        ),
      );
      expect(ok(await calintel('connections', 'colleagues', '--org', 'Globex'))).toBe(
        'none found\n',
      );
    });

    it('refuses an organisation that does not exist', async () => {
      const unknown = await calintel('connections', 'colleagues', '--org', 'Initech');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toBe('calintel: organisation "Initech" not found\n');
    });
  });
});
