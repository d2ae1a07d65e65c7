/**
 * A Google calendar that `calintel sync` finds (created after the account was connected) gets
 * its push channel in the same run, as one found by the service's listing does: a change to it
 * then reaches the service by push at once. Before, the CLI stored and synced the calendar but
 * left its channel to the service's next hourly renewal, and until then its changes waited for
 * polling. The service (the API, whose public URL Google pushes to) and the command share one
 * SQLite database; Google is its emulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { openDatabase, type OpenedDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { SecretBox, Store, type Scope } from '../../src/store/store.js';
import { runCalintel } from '../support/cli.js';
import { TEST_SECRET_KEY } from '../support/databases.js';
import {
  DANA,
  danaAtGoogle,
  danasPrimaryCalendar,
  discoveryApp,
  googleMeeting,
} from '../support/discovery-env.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import type { TestApi } from '../support/test-app.js';

const LATER = 'later@group.calendar.google.com';

describe('calintel sync and the push of the calendars it finds', () => {
  let dir: string;
  let database: OpenedDatabase;
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: Scope;
  let cliEnv: Record<string, string>;

  const app = discoveryApp();
  const { settle, calendarNamed } = app;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'calintel-cli-push-'));
    const file = join(dir, 'calintel.sqlite');
    database = openDatabase({ url: `sqlite:${file}` });
    await migrateToLatest(database.db);
    emulator = await startGoogleEmulator({
      seed: danaAtGoogle([danasPrimaryCalendar([googleMeeting('own1', 24)])]),
      pushRetryDelaysMs: [20, 40],
    });
    let base: string;
    ({ api, scope, base } = await app.start({
      store: new Store(database, new SecretBox(TEST_SECRET_KEY)),
      env: googleEmulatorEnv(emulator),
      orgName: 'Northwind CLI push',
      tokenName: 'cli-push',
      settled: () => emulator.state.deliveriesSettled(),
    }));
    await app.connect('google');
    // The command runs with the service's settings: its database, key, Google and public URL.
    cliEnv = {
      ...googleEmulatorEnv(emulator),
      CALINTEL_DATA_DIR: dir,
      DATABASE_URL: `sqlite:${file}`,
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      CALINTEL_PUBLIC_URL: base,
    };
  });

  afterAll(async () => {
    await emulator?.state.deliveriesSettled();
    await app.close();
    await emulator?.close();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens its channel in the same run, and a change to it arrives by push', async () => {
    emulator.state.addCalendar(DANA, {
      id: LATER,
      summary: 'Partner deals',
      timeZone: 'Europe/Berlin',
      events: [googleMeeting('later1', 30)],
    });
    const run = await runCalintel(['sync', '--provider', 'google'], { env: cliEnv });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^calendar lists: 1 connection listed: 1 new/m);
    const later = (await calendarNamed(LATER))!;
    expect(await api.app.store.events.count(scope, { calendarId: later.id })).toBe(1);
    const channels = await api.app.store.pushChannels.list(scope, { status: 'active' });
    expect(channels.filter((c) => c.calendarId === later.id)).toHaveLength(1);
    expect(emulator.state.channels().filter((c) => c.calendarId === LATER)).toHaveLength(1);

    // No renewal runs here: only the channel the command opened can bring this change in.
    emulator.state.addEvent(LATER, googleMeeting('later2', 32));
    await settle();
    const pushed = emulator.state
      .deliveries()
      .filter((d) => d.calendarId === LATER && d.resourceState === 'exists');
    expect(pushed.map((d) => d.outcome)).toEqual(['delivered']);
    expect(await api.app.store.events.count(scope, { calendarId: later.id })).toBe(2);
  });
});
