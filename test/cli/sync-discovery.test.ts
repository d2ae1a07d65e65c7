/**
 * `calintel sync` of everything lists the calendars of the connections it syncs again first, as
 * `POST /sync/` without a calendar does: a calendar created on the server since connecting is
 * stored and synced in the same run, and one no longer listed is marked and left out. Before,
 * the CLI skipped marked calendars but never listed, so it never found a new one. A dry run does
 * not list (it writes nothing), nor does a sync of another provider. Against a real Radicale.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import { loadConfig } from '../../src/config/config.js';
import type { Scope } from '../../src/store/store.js';
import { vcalendar, vevent } from '../caldav/harness.js';
import { runCalintel } from '../support/cli.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';

const TEST_KEY = '0f'.repeat(32);
const PASSWORD = 'app-password-1';
const USER = 'cli';

/** An event in two days' time, inside the sync window whatever today is. */
function event(uid: string): string {
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return vcalendar(
    vevent({ uid, summary: `Call ${uid}`, start: `${day}T150000Z`, end: `${day}T160000Z` }),
  );
}

interface SyncReport {
  dryRun: boolean;
  calendars: Array<{ calendarName: string; added: number; error: unknown }>;
  calendarLists: { connections: number; added: number; missing: number } | null;
}

describeWithRadicale('calintel sync lists calendars again', () => {
  const radicale = useRadicale({ users: { [USER]: PASSWORD } });
  const env: Record<string, string> = {
    CALINTEL_SECRET_KEY: TEST_KEY,
    ALLOW_PRIVATE_NETWORK_CALENDARS: 'true',
  };
  let scope: Scope;
  let workUrl: string;

  const withApp = async <T>(run: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>) => {
    const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { migrate: true });
    try {
      return await run(app);
    } finally {
      await app.close();
    }
  };
  const calendarNames = () =>
    withApp(async (app) =>
      (await app.store.calendars.list(scope)).map((c) => [c.name, c.missingSince !== null]),
    );
  const sync = async (...args: string[]) => {
    const result = await runCalintel(['sync', ...args, '--json'], { env });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as SyncReport;
  };

  beforeAll(async () => {
    env.CALINTEL_DATA_DIR = mkdtempSync(join(tmpdir(), 'calintel-cli-discovery-'));
    const client = radicale().as(USER);
    workUrl = await client.makeCalendar('work', 'Work');
    await client.put(workUrl, 'a.ics', event('work-1'));
    scope = await withApp(async (app) => {
      const org = await app.store.organisations.create({
        name: 'Northwind CLI discovery',
        internalDomains: ['northwind.io'],
      });
      const user = await app.store.users.create(org.id, {
        email: `${USER}@northwind.io`,
        name: USER,
        timeZone: 'Europe/Lisbon',
      });
      const owner = { orgId: org.id, userId: user.id };
      await app.caldav.connect(owner, {
        serverUrl: radicale().url,
        username: USER,
        password: PASSWORD,
      });
      return owner;
    });
  }, 60_000);

  it('says so in its help', async () => {
    const help = await runCalintel(['sync', '--help'], { env });
    expect(help.stdout).toMatch(
      /lists again the calendars[^.]*as POST \/sync\/ without a calendar/,
    );
    expect(help.stdout).toMatch(/--dry-run does not list/);
  });

  it('a dry run, or a sync of another provider, does not list', { timeout: 120_000 }, async () => {
    const client = radicale().as(USER);
    const deals = await client.makeCalendar('deals', 'Deals');
    await client.put(deals, 'b.ics', event('deal-1'));
    const dry = await sync('--dry-run');
    expect(dry.calendarLists).toBeNull();
    expect(dry.calendars.map((c) => c.calendarName)).toEqual(['Work']);
    const other = await sync('--provider', 'ics');
    expect(other).toMatchObject({ calendars: [], calendarLists: { connections: 0 } });
    expect(await calendarNames()).toEqual([['Work', false]]);
  });

  it(
    'a new calendar is stored and synced in the same run; one deleted is marked and left out',
    { timeout: 120_000 },
    async () => {
      const deleted = await radicale().as(USER).request(workUrl, { method: 'DELETE' });
      expect(deleted.ok).toBe(true);
      const table = await runCalintel(['sync'], { env });
      expect(table.status, table.stderr).toBe(0);
      expect(table.stdout).toMatch(
        /^calendar lists: 1 connection listed: 1 new, 1 no longer listed/m,
      );
      expect(table.stdout).toMatch(/^Deals\s+cli @ 127.0.0.1:\d+\s+caldav\s+ok\s+1\s/m);
      expect(table.stdout).not.toMatch(/^Work\s/m);
      expect((await calendarNames()).sort()).toEqual([
        ['Deals', false],
        ['Work', true],
      ]);
      // Synced in the run, not also queued for a worker (a CLI-only install has none).
      const queued = await withApp(async (app) => {
        const deals = (await app.store.calendars.list(scope)).find((c) => c.name === 'Deals');
        return (await app.store.jobs.list({ name: SYNC_CALENDAR_JOB })).filter(
          (job) => (job.payload as { calendarId?: string }).calendarId === deals?.id,
        );
      });
      expect(queued).toEqual([]);
      // Listed again with nothing new: counted, and the marked calendar still left out.
      const report = await sync();
      expect(report.calendarLists).toMatchObject({ connections: 1, added: 0, missing: 0 });
      expect(report.calendars).toEqual([
        expect.objectContaining({ calendarName: 'Deals', added: 0, error: null }),
      ]);
    },
  );
});
