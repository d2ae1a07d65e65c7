/**
 * A calendar Ben shared with Dana in Outlook, which she added: Graph lists it among her calendars
 * with an opaque id, and only its owner (Ben's address) says it is his. Before, its customer
 * calls became Dana's sales meetings and its meetings naming her were hers to decline. A
 * calendar of her own mailbox besides the default one stays hers. Against the Microsoft
 * emulator, connected through the API, synced and detected by the real jobs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import type { GraphEventInput, GraphSeed } from '../../emulators/microsoft/types.js';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { consentCallbackPath, createUserWithToken } from '../support/colleague-accounts.js';
import type { UserWithToken } from '../support/colleague-accounts.js';
import { describeEachDialect } from '../support/databases.js';
import { putAcmeCrm } from '../support/meetings.js';
import { finishCallbackInject } from '../support/oauth-callback.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = { name: 'Dana Reyes', address: 'dana@northwind.io' };
const BEN = { name: 'Ben Ortiz', address: 'ben@northwind.io' };
const CONNECT = '/api/v1/calendar/providers/outlook/connect/';
const HOUR_MS = 3_600_000;
const tomorrow =
  Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) +
  24 * HOUR_MS;
/** Graph's local time in UTC, `hours` after midnight tomorrow. */
const at = (hours: number) => ({
  dateTime: `${new Date(tomorrow + hours * HOUR_MS).toISOString().slice(0, 19)}.0000000`,
  timeZone: 'UTC',
});
const attendee = (who: { name: string; address: string }) => ({
  emailAddress: who,
  type: 'required' as const,
  status: { response: 'accepted' as const, time: '2026-01-05T10:00:00Z' },
});

/** An Acme discovery call on Zoom, organised by `organizer`: a sales meeting on one's own calendar. */
const acmeCall = (id: string, organizer: typeof DANA, hours: number): GraphEventInput => ({
  id,
  subject: 'Acme discovery call',
  start: at(hours),
  end: at(hours + 1),
  location: { displayName: 'https://acme.zoom.us/j/123456789' },
  organizer: { emailAddress: organizer },
  attendees: [attendee({ name: 'Jane Doe', address: 'jdoe@acme.com' })],
});

function seed(): GraphSeed {
  return {
    users: [
      {
        email: DANA.address,
        name: DANA.name,
        calendars: [
          {
            id: 'cal-dana',
            name: 'Calendar',
            isDefaultCalendar: true,
            events: [
              {
                id: 'AAMkDemo',
                subject: 'Globex product demo',
                start: at(10),
                end: at(11),
                organizer: { emailAddress: { name: 'Buyer', address: 'buyer@globex.com' } },
                attendees: [attendee(DANA)],
                responseStatus: { response: 'accepted', time: '2026-01-05T10:00:00Z' },
              },
            ],
          },
          { id: 'cal-dana-deals', name: 'Deals', events: [acmeCall('AAMkDanaCall', DANA, 39)] },
          {
            id: 'cal-ben',
            name: 'Ben Ortiz',
            sharedBy: BEN,
            canEdit: false,
            events: [
              acmeCall('AAMkBenCall', BEN, 63),
              {
                id: 'AAMkOneOnOne',
                subject: '1:1 with Dana',
                start: at(10),
                end: at(11),
                organizer: { emailAddress: BEN },
                attendees: [attendee(DANA)],
              },
            ],
          },
        ],
      },
    ],
  };
}

describeEachDialect('a calendar shared with the user in Outlook', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let api: TestApi;
  let dana: UserWithToken;

  const call = async (url: string) =>
    api.server.inject({
      method: 'GET',
      url: `/api/v1/calendar${url}`,
      headers: bearer(dana.token),
    });
  const calendarIdOf = async (providerCalendarId: string) =>
    (await api.app.store.calendars.list(dana.scope)).find(
      (c) => c.providerCalendarId === providerCalendarId,
    )!.id;

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({ seed: seed() });
    api = await buildTestApi(
      context().store,
      {
        MICROSOFT_CLIENT_ID: emulator.clientId,
        MICROSOFT_CLIENT_SECRET: emulator.clientSecret,
        MICROSOFT_AUTHORITY_URL: emulator.url,
        MICROSOFT_GRAPH_API_URL: emulator.url,
        CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
      },
      () => new Date(),
      { microsoftFetch: fetchTrusting(emulator.ca) },
    );
    api.app.queue.start(taskHandlers(api.app));
    dana = await createUserWithToken(
      api,
      DANA.address,
      DANA.name,
      `Northwind Outlook shared ${context().dialect}`,
    );
    await putAcmeCrm(api.server, dana.token);
    const callback = await consentCallbackPath(
      api,
      CONNECT,
      bearer(dana.token),
      DANA.address,
      fetchTrusting(emulator.ca),
    );
    const connected = await finishCallbackInject(api.server, callback);
    expect(connected.statusCode, connected.body).toBe(200);
    await api.app.queue.drain();
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  it('stores the owner Graph names on each calendar: hers, and Ben’s on his', async () => {
    const owners = (await api.app.store.calendars.list(dana.scope)).map(
      (c) => [c.providerCalendarId, c.ownerAddress] as const,
    );
    expect(new Map(owners)).toEqual(
      new Map([
        ['cal-dana', DANA.address],
        ['cal-dana-deals', DANA.address],
        ['cal-ben', BEN.address],
      ]),
    );
  });

  it("makes no meeting of the Acme call on Ben's calendar, one of hers on her own", async () => {
    const listed = await call('/meetings/?limit=100');
    expect(listed.statusCode, listed.body).toBe(200);
    const meetings = listed.json().items as { calendarId: string; isSalesMeeting: boolean }[];
    expect(meetings.filter((m) => m.isSalesMeeting).map((m) => m.calendarId)).toEqual([
      await calendarIdOf('cal-dana-deals'),
    ]);
  });

  it("reads Ben's calendar as his in conflicts: the 1:1 on it is not hers to decline", async () => {
    const listed = await call('/conflicts/');
    expect(listed.statusCode, listed.body).toBe(200);
    const conflict = (listed.json().items as ConflictView[]).find((c) =>
      c.events.some((e) => e.title === '1:1 with Dana'),
    );
    expect(conflict, listed.body).toBeDefined();
    const oneOnOne = conflict!.events.find((e) => e.title === '1:1 with Dana')!;
    const actions = conflict!.suggestions
      .filter((s) => s.eventId === oneOnOne.id)
      .map((s) => s.action);
    expect(actions).not.toContain('decline');
    expect(actions).not.toContain('release');
  });
});
