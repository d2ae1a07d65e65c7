/**
 * `calintel users list` and `calintel connections list`: what an operator asks of a deployment
 * (who is there, whose connection needs a reconnect, what failed last), across organisations,
 * as a table or JSON; on SQLite and PostgreSQL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/config.js';
import { runCalintel, type CliResult } from '../support/cli.js';
import { describePostgres, POSTGRES_URL, TEST_SECRET_KEY } from '../support/databases.js';

const T = '2026-03-02T09:00:00.000Z';
const ok = (result: CliResult) => {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};

/** Two organisations: Ana (admin of Acme, one token, a feed that failed) and Ben (Globex, Google to reconnect). */
async function seed(env: Record<string, string>): Promise<void> {
  const calintel = (...args: string[]) => runCalintel(args, { env });
  ok(
    await calintel(
      'users',
      'create',
      '--email',
      'ana@acme.test',
      '--org',
      'Acme',
      '--time-zone',
      'Europe/Lisbon',
    ),
  );
  ok(await calintel('users', 'create', '--email', 'ben@globex.test', '--org', 'Globex'));
  ok(await calintel('tokens', 'create', '--user', 'ana@acme.test', '--json'));
  const revoked = JSON.parse(
    ok(await calintel('tokens', 'create', '--user', 'ana@acme.test', '--json')),
  ) as { tokenId: string };
  ok(await calintel('tokens', 'revoke', revoked.tokenId));
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    const store = app.store;
    const [ana] = await store.users.findByEmail('ana@acme.test');
    const [ben] = await store.users.findByEmail('ben@globex.test');
    if (!ana || !ben) throw new Error('seed: users not created');
    const anaScope = { orgId: ana.organisation.id, userId: ana.user.id };
    const feed = await store.connections.create(anaScope, {
      provider: 'ics',
      label: 'Team feed',
      secrets: { url: 'https://calendar.example.test/team.ics' },
    });
    const calendar = await store.calendars.upsert(anaScope, feed.id, {
      providerCalendarId: 'feed',
      name: 'Team',
      timeZone: 'UTC',
      isPrimary: true,
    });
    if (!calendar) throw new Error('seed: calendar not created');
    await store.syncStatus.markStarted(anaScope, calendar.id, new Date(T));
    await store.syncStatus.markFailed(
      anaScope,
      calendar.id,
      { kind: 'transient', message: 'the feed answered 503', nextRunAt: null },
      new Date(T),
    );
    const benScope = { orgId: ben.organisation.id, userId: ben.user.id };
    const google = await store.connections.create(benScope, {
      provider: 'google',
      label: 'Google',
      secrets: { refreshToken: 'r' },
      settings: { account: 'ben@globex.test' },
    });
    await store.connections.updateStatus(
      benScope,
      google.id,
      'reauth_required',
      'Google refused the refresh token (invalid_grant)',
    );
  } finally {
    await app.close();
  }
}

function describeListsOn(label: string, database: () => Promise<Record<string, string>>) {
  describe(`operator lists [${label}]`, () => {
    let env: Record<string, string> = {};
    const calintel = (...args: string[]) => runCalintel(args, { env });
    beforeAll(async () => {
      env = {
        CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
        CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-lists-')),
        ...(await database()),
      };
      await seed(env);
    }, 60_000);

    it('users list: every organisation’s users, with role, zone, created and live tokens', async () => {
      const table = ok(await calintel('users', 'list'));
      expect(table).toMatch(/^email\s+organisation\s+role\s+time zone\s+created\s+tokens\n/);
      expect(table).toMatch(/ana@acme\.test\s+Acme\s+admin\s+Europe\/Lisbon\s+\S+\s+1\n/);
      expect(table).toMatch(/ben@globex\.test\s+Globex\s+admin\s+none\s+\S+\s+0\n/);
      const json = JSON.parse(ok(await calintel('users', 'list', '--org', 'Globex', '--json'))) as {
        users: Array<{ email: string; activeTokens: number }>;
      };
      expect(json.users.map((u) => [u.email, u.activeTokens])).toEqual([['ben@globex.test', 0]]);
    });

    it('connections list: status, last sync and last error; filtered by status or user', async () => {
      const table = ok(await calintel('connections', 'list'));
      expect(table).toMatch(/^provider\s+account\s+user\s+organisation\s+status\s+last sync/);
      expect(table).toMatch(/ics\s+Team feed\s+ana@acme\.test\s+Acme\s+active\s+2026-03-02T09:00/);
      expect(table).toContain('the feed answered 503');
      expect(table).toMatch(
        /google\s+ben@globex\.test\s+ben@globex\.test\s+Globex\s+reauth_required\s+never/,
      );

      const reconnect = JSON.parse(
        ok(await calintel('connections', 'list', '--status', 'reauth_required', '--json')),
      ) as { connections: Array<{ user: string; provider: string; lastError: string | null }> };
      expect(reconnect.connections).toEqual([
        expect.objectContaining({
          user: 'ben@globex.test',
          provider: 'google',
          lastError: 'Google refused the refresh token (invalid_grant)',
        }),
      ]);
      const anas = JSON.parse(
        ok(await calintel('connections', 'list', '--user', 'ana@acme.test', '--json')),
      ) as { connections: Array<{ provider: string; lastSyncAt: string | null }> };
      expect(anas.connections.map((c) => [c.provider, c.lastSyncAt])).toEqual([['ics', T]]);
      expect(ok(await calintel('connections', 'list', '--status', 'error'))).toBe('none found\n');
    });

    it('refuses a status that does not exist, naming the ones that do', async () => {
      const wrong = await calintel('connections', 'list', '--status', 'broken');
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain(
        '--status: "broken" is not one of active, reauth_required, error, disconnected',
      );
    });
  });
}

describeListsOn('sqlite', async () => ({}));

const schema = `calintel_lists_${process.pid}_${Date.now()}`;
describePostgres('operator lists on PostgreSQL', () => {
  describeListsOn('postgres', async () => {
    await onPostgres(`create schema ${schema}`);
    const searchPath = encodeURIComponent(`-c search_path=${schema}`);
    return { DATABASE_URL: `${POSTGRES_URL}?options=${searchPath}` };
  });
  afterAll(() => onPostgres(`drop schema if exists ${schema} cascade`));
});

async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
