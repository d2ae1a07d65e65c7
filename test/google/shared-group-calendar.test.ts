/**
 * A colleague's Google group calendar shared with the user (`…@group.calendar.google.com`, listed
 * with accessRole reader) is another person's, as its id alone cannot say: before, its customer
 * calls became the user's sales meetings and its meetings naming her were hers to decline. Her
 * own group calendar (accessRole owner) stays hers. A row stored before the role was kept
 * (migration 0036) learns it at the next calendar discovery, which has her meetings and
 * conflicts found again. Against the Google emulator, synced and detected by the real jobs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleEventInput, GoogleSeed } from '../../emulators/google/types.js';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { connectGoogleByApi, googleEmulatorEnv } from '../support/google-env.js';
import { putAcmeCrm } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const BEN = 'ben@northwind.io';
/** Ben's team calendar, shared with Dana to read. */
const BENS_GROUP = 'c_ben_deals@group.calendar.google.com';
/** Dana's own team calendar. */
const DANAS_GROUP = 'c_dana_deals@group.calendar.google.com';
const DAY_MS = 86_400_000;
const tomorrow =
  Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + DAY_MS;
const at = (hour: number) => new Date(tomorrow + hour * 3_600_000).toISOString();
const accepted = (email: string, extra: object = {}) => ({
  email,
  responseStatus: 'accepted' as const,
  ...extra,
});

/** An Acme discovery call on Zoom: a sales meeting on one's own calendar. */
const acmeCall = (id: string, organizer: string, day: number): GoogleEventInput => ({
  id,
  summary: 'Acme discovery call',
  start: { dateTime: at(24 * day + 15) },
  end: { dateTime: at(24 * day + 16) },
  location: 'https://acme.zoom.us/j/123456789',
  organizer: { email: organizer },
  attendees: [accepted(organizer, { organizer: true }), accepted('jdoe@acme.com')],
});

function seed(): GoogleSeed {
  return {
    users: [
      {
        email: DANA,
        name: 'Dana Reyes',
        calendars: [
          {
            id: DANA,
            summary: 'Dana Reyes',
            timeZone: 'UTC',
            primary: true,
            events: [
              {
                id: 'demo1',
                summary: 'Globex product demo',
                start: { dateTime: at(10) },
                end: { dateTime: at(11) },
                organizer: { email: 'buyer@globex.com' },
                attendees: [accepted('buyer@globex.com', { organizer: true }), accepted(DANA)],
                hangoutLink: 'https://meet.google.com/abc-defg-hij',
              },
            ],
          },
          {
            id: BENS_GROUP,
            summary: "Ben's deals",
            timeZone: 'UTC',
            accessRole: 'reader',
            events: [
              acmeCall('bencall', BEN, 1),
              {
                id: 'oneonone1',
                summary: '1:1 with Dana',
                start: { dateTime: at(10) },
                end: { dateTime: at(11) },
                organizer: { email: BEN },
                attendees: [accepted(BEN, { organizer: true }), accepted(DANA)],
              },
            ],
          },
          {
            id: DANAS_GROUP,
            summary: "Dana's deals",
            timeZone: 'UTC',
            accessRole: 'owner',
            events: [acmeCall('danacall', DANA, 2)],
          },
        ],
      },
    ],
  };
}

describeEachDialect("a colleague's Google group calendar shared with the user", (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let token: string;
  let scope: Scope;

  const call = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    api.server.inject({
      method,
      url: `/api/v1/calendar${url}`,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    });
  const calendarIdOf = async (providerCalendarId: string) =>
    (await api.app.store.calendars.list(scope)).find(
      (c) => c.providerCalendarId === providerCalendarId,
    )!.id;
  const meetingCalendars = async () => {
    const listed = await call('GET', '/meetings/?limit=100');
    expect(listed.statusCode, listed.body).toBe(200);
    const items = listed.json().items as { calendarId: string; isSalesMeeting: boolean }[];
    return items.filter((m) => m.isSalesMeeting).map((m) => m.calendarId);
  };
  /** The actions suggested for the 1:1 on Ben's calendar in its conflict with the demo. */
  const oneOnOneActions = async () => {
    const listed = await call('GET', '/conflicts/');
    expect(listed.statusCode, listed.body).toBe(200);
    const conflict = (listed.json().items as ConflictView[]).find((c) =>
      c.events.some((e) => e.title === '1:1 with Dana'),
    );
    expect(conflict, listed.body).toBeDefined();
    const oneOnOne = conflict!.events.find((e) => e.title === '1:1 with Dana')!;
    return conflict!.suggestions.filter((s) => s.eventId === oneOnOne.id).map((s) => s.action);
  };

  beforeAll(async () => {
    emulator = await startGoogleEmulator({ seed: seed() });
    api = await buildTestApi(
      context().store,
      { ...googleEmulatorEnv(emulator), CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9' },
      () => new Date(),
    );
    api.app.queue.start(taskHandlers(api.app));
    const orgName = `Northwind group calendars ${context().dialect}`;
    const user = await api.app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana Reyes',
      timeZone: 'UTC',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: user.organisation.id, userId: user.user.id };
    token = (await api.app.admin.createToken({ email: DANA, orgName, name: 'test' })).token;
    await putAcmeCrm(api.server, token);
    await connectGoogleByApi(api.server, token, DANA);
    await api.app.queue.drain();
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  it("makes no meeting of the Acme call on Ben's group calendar, one of hers on her own", async () => {
    expect(await meetingCalendars()).toEqual([await calendarIdOf(DANAS_GROUP)]);
  });

  it("reads Ben's group calendar as his in conflicts: the 1:1 on it is not hers to decline", async () => {
    const actions = await oneOnOneActions();
    expect(actions).not.toContain('decline');
    expect(actions).not.toContain('release');
  });

  it('learns the role of a calendar stored before at the next discovery, and finds her meetings and conflicts again', async () => {
    // As migration 0036 leaves rows: no role until the calendar is listed again.
    await context()
      .database.db.updateTable('calendars')
      .set({ access_role: null })
      .where('user_id', '=', scope.userId)
      .execute();
    await api.app.store.conflicts.resetScans(scope);
    expect((await call('POST', '/meetings/detect/')).statusCode).toBe(202);
    await api.app.queue.drain();
    // Read as hers meanwhile, as before 0036.
    expect(await meetingCalendars()).toContain(await calendarIdOf(BENS_GROUP));
    expect(await oneOnOneActions()).toContain('decline');

    await api.app.calendarDiscovery.refreshUser(scope);
    await api.app.queue.drain();

    const roles = (await api.app.store.calendars.list(scope)).map(
      (c) => [c.providerCalendarId, c.accessRole] as const,
    );
    expect(new Map(roles)).toEqual(
      new Map([
        [DANA, 'owner'],
        [BENS_GROUP, 'reader'],
        [DANAS_GROUP, 'owner'],
      ]),
    );
    expect(await meetingCalendars()).toEqual([await calendarIdOf(DANAS_GROUP)]);
    expect(await oneOnOneActions()).not.toContain('decline');
  });
  it('forgets no scan when discovery only fills in the role of the calendars she owns', async () => {
    await context()
      .database.db.updateTable('calendars')
      .set({ access_role: null })
      .where('user_id', '=', scope.userId)
      .where('provider_calendar_id', '!=', BENS_GROUP)
      .execute();
    const scans = async () => [
      (await api.app.store.meetings.scan(scope))?.cursor ?? null,
      (await api.app.store.conflicts.scanCursor(scope)) ?? null,
    ];
    const scanned = await scans();
    expect(scanned).not.toContain(null);

    await api.app.calendarDiscovery.refreshUser(scope);

    // Still hers, as they were read while their role was unknown: nothing to find again.
    const owned = (await api.app.store.calendars.list(scope)).filter(
      (c) => c.accessRole === 'owner',
    );
    expect(owned).toHaveLength(2);
    expect(await scans()).toEqual(scanned);
  });
});
