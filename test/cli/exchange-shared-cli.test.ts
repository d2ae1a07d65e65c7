/**
 * `calintel exchange shared add|list|remove` against the EWS emulator's permission table: the
 * same service as the API, so a typo and a Calendar not shared are refused (exit 1, the reason
 * on stderr, nothing kept), a Calendar shared with Reviewer is added and listed (text and
 * --json), and removing it forgets it. A user with no Exchange connection is told so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/config.js';
import { runCalintel, type CliResult } from '../support/cli.js';
import { BOSS, bossMailbox } from '../support/exchange-shared.js';

describe('calintel exchange shared', () => {
  let emulator: RunningExchangeEmulator;
  const env: Record<string, string> = {
    CALINTEL_SECRET_KEY: '0f'.repeat(32),
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-exchange-shared-')),
    EXCHANGE_VERSION: 'Exchange2013_SP1',
  };
  const calintel = (...args: string[]) => runCalintel(['exchange', 'shared', ...args], { env });
  const ok = (result: CliResult) => {
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  };
  const sharedNames = async () => {
    const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    try {
      const [user] = await app.store.users.findByEmail(ALICE);
      const scope = { orgId: user!.organisation.id, userId: user!.user.id };
      return (await app.store.calendars.list(scope)).map((c) => c.name);
    } finally {
      await app.close();
    }
  };

  beforeAll(async () => {
    const seed = buildSeed([]);
    seed.mailboxes.push(
      bossMailbox([buildItem({ id: 'AAMkBoard', subject: 'Acme board review' })]),
    );
    emulator = await startExchangeEmulator({ protocol: 'http', seed });
    env.EXCHANGE_SERVER_URL = emulator.ewsUrl;
    ok(await runCalintel(['users', 'create', '--email', ALICE, '--org', 'Contoso'], { env }));
    ok(
      await runCalintel(['users', 'create', '--email', 'bob@contoso.test', '--org', 'Contoso'], {
        env,
      }),
    );
    const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    try {
      const scope = await app.admin.resolveUser(ALICE, null);
      await app.exchange.connect(scope, {
        email: ALICE,
        username: 'alice',
        password: ALICE_PASSWORD,
        authType: 'basic',
      });
    } finally {
      await app.close();
    }
  }, 60_000);

  afterAll(async () => {
    await emulator?.close();
  });

  it('refuses a typo and a Calendar not shared, with exit 1 and the reason, keeping nothing', async () => {
    const typo = await calintel('add', 'boss@contoso.tset', '--user', ALICE);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(
      /^calintel: Exchange has no mailbox with the address boss@contoso\.tset/,
    );
    const notShared = await calintel('add', 'bob@contoso.test', '--user', ALICE, '--json');
    expect(notShared).toMatchObject({ status: 1, stdout: '' });
    expect(notShared.stderr).toMatch(/may not open the calendar of bob@contoso\.test/);
    expect(await sharedNames()).toEqual(['Calendar']);
    expect(ok(await calintel('list', '--user', ALICE))).toBe('no shared calendars\n');
  });

  it('adds a Calendar shared with Reviewer, lists it, and removes it', async () => {
    const added = JSON.parse(
      ok(await calintel('add', ' Boss@Contoso.test', '--user', ALICE, '--json')),
    );
    expect(added).toMatchObject({ ownerEmail: BOSS, name: `Calendar (${BOSS})`, selected: true });
    expect(await sharedNames()).toEqual(['Calendar', `Calendar (${BOSS})`]);
    const table = ok(await calintel('list', '--user', ALICE));
    expect(table).toMatch(/^owner\s+calendar\s+synced\s+status\n/);
    expect(table).toMatch(
      new RegExp(`^${BOSS}\\s+${added.calendarId as string}\\s+yes\\s+ok$`, 'm'),
    );
    const listed = JSON.parse(ok(await calintel('list', '--user', ALICE, '--json')));
    expect(listed.items.map((i: { ownerEmail: string }) => i.ownerEmail)).toEqual([BOSS]);

    expect(ok(await calintel('remove', BOSS, '--user', ALICE))).toBe(
      `removed the calendar of ${BOSS} and its events\n`,
    );
    expect(await sharedNames()).toEqual(['Calendar']);
    const again = await calintel('remove', BOSS, '--user', ALICE);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/shared calendar/);
  });

  it('tells a user without an Exchange connection, or naming another connection, so', async () => {
    const none = await calintel('list', '--user', 'bob@contoso.test');
    expect(none.status).toBe(1);
    expect(none.stderr).toBe(
      'calintel: bob@contoso.test has no Exchange connection: connect one first\n',
    );
    const wrong = await calintel('list', '--user', ALICE, '--connection', 'nope');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/--connection: .* has no Exchange connection nope/);
  });
});
