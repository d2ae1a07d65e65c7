/**
 * A recurring series deleted at Google leaves no instance in the store, however far ahead the
 * first listing expanded it. Google (singleEvents=true) reports a deleted series as cancelled
 * instances only about six months ahead (the emulator does the same: deletedSeriesReportDays);
 * the later instances it listed before were left behind, still blocking time a year on.
 * A cancelled single instance still removes only itself.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { connect } from '../../emulators/google/test-kit.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { GoogleClient } from '../../src/providers/google/google-client.js';
import { GoogleProvider } from '../../src/providers/google/google-provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';

const DANA = 'dana@northwind.io';
const DAY_MS = 86_400_000;
/** Midnight UTC, a day from now: each series starts then and repeats every week. */
const START = Math.ceil(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
const at = (ms: number) => new Date(ms).toISOString();

describeEachDialect('a recurring series deleted at Google', (context) => {
  let emulator: RunningGoogleEmulator;
  let calendarId: string;
  let scope: { orgId: string; userId: string };
  let counter = 0;

  beforeAll(async () => {
    emulator = await startGoogleEmulator({
      seed: { users: [{ email: DANA, name: 'Dana', calendars: [{ id: DANA, primary: true }] }] },
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  const engine = () =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([
        [
          'google',
          new GoogleProvider(
            new GoogleClient({
              clientId: emulator.clientId,
              clientSecret: emulator.clientSecret,
              redirectUri: 'http://127.0.0.1:9/callback',
              apiUrl: `${emulator.url}/`,
              authorizeUrl: `${emulator.url}/o/oauth2/v2/auth`,
              tokenUrl: `${emulator.url}/token`,
              revokeUrl: `${emulator.url}/revoke`,
            }),
          ),
        ],
      ]),
      clock: () => new Date(),
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      retentionDays: 365,
    });
  const sync = () => engine().syncCalendar(scope, calendarId);
  const stored = async (seriesId: string) =>
    (await context().store.events.list(scope, { calendarId, limit: 5000 })).items
      .map((e) => e.event)
      .filter((e) => e.seriesId === seriesId)
      .map((e) => e.providerEventId);
  const weekly = (id: string) =>
    emulator.state.addEvent(DANA, {
      id,
      summary: `Weekly ${id}`,
      start: { dateTime: at(START + 10 * 3_600_000), timeZone: 'UTC' },
      end: { dateTime: at(START + 11 * 3_600_000), timeZone: 'UTC' },
      recurrence: ['RRULE:FREQ=WEEKLY'],
    });

  beforeEach(async () => {
    counter++;
    const tenant = await seedTenant(context().store, `deleted-series-${counter}`);
    scope = tenant.scope;
    const { oauth } = await connect(emulator, DANA);
    const credentials = oauth.credentials;
    const connection = await context().store.connections.create(scope, {
      provider: 'google',
      label: DANA,
      secrets: {
        accessToken: credentials.access_token ?? '',
        refreshToken: credentials.refresh_token ?? '',
        expiresAt: String(credentials.expiry_date ?? Date.now() + 3_600_000),
        scope: credentials.scope ?? '',
      },
      settings: {},
    });
    const calendar = await context().store.calendars.upsert(scope, connection.id, {
      providerCalendarId: DANA,
      name: 'Dana',
      timeZone: 'UTC',
      isPrimary: true,
    });
    if (!calendar) throw new Error('no calendar');
    calendarId = calendar.id;
  });

  it('leaves none of its instances, even those past what Google reports cancelled', async () => {
    const series = `gone${counter}`;
    weekly(series);
    await sync();
    const before = await stored(series);
    // Listed well past the six months Google reports a deletion for.
    expect(before.length).toBeGreaterThan(52);
    emulator.state.deleteEvent(DANA, series);
    await sync();
    expect(await stored(series)).toEqual([]);
    // And the run after that is an ordinary, empty increment.
    const next = await sync();
    expect([next.added, next.updated, next.deleted]).toEqual([0, 0, 0]);
  });

  it('removes only the cancelled instance of a series that lives on', async () => {
    const series = `kept${counter}`;
    weekly(series);
    await sync();
    const before = await stored(series);
    const far = before.at(-1) ?? '';
    emulator.state.cancelEvent(DANA, far);
    const outcome = await sync();
    expect(outcome.deleted).toBe(1);
    expect((await stored(series)).sort()).toEqual(before.filter((id) => id !== far).sort());
  });
});
