/**
 * An Exchange shared Calendar is another person's: an assistant who adds her exec's Calendar does
 * not get the exec's sales meetings as her own. The same Acme call, which the model calls a sales
 * meeting on her own Calendar, gives no meeting on the exec's; a meeting an older detection made
 * of the exec's event is removed by the next run; feedback on such an event is refused (it is
 * not hers to judge), and its insights do not call it a sales meeting. Against the EWS
 * emulator's permission table, synced and detected by the real jobs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import type { CalendarItemInput } from '../../emulators/exchange/types.js';
import { ALICE, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { decideMeeting } from '../../src/app/meetings/decide-meeting.js';
import { MeetingDetector } from '../../src/app/meetings/meeting-detector.js';
import { calendarOwnersOf, toMeetingInput } from '../../src/app/meetings/meeting-input.js';
import { loadMeetingModels } from '../../src/app/meetings/meeting-models.js';
import type { StoredEvent } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import {
  addSharedCalendar,
  BOSS,
  bossMailbox,
  connectAliceExchange,
} from '../support/exchange-shared.js';
import { putAcmeCrm } from '../support/meetings.js';
import { bearer, TEST_NOW, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

/** An Acme discovery call on Zoom with Jane from Acme: a sales meeting on one's own calendar. */
const acmeCall = (id: string, organizer: string, start: string): CalendarItemInput =>
  buildItem({
    id,
    subject: 'Acme discovery call',
    start,
    end: start.replace('T15', 'T16'),
    location: 'https://acme.zoom.us/j/1',
    organizer: { email: organizer, name: organizer },
    requiredAttendees: [{ email: 'jdoe@acme.com', name: 'Jane Doe' }],
  });

describeEachDialect('meetings of an Exchange shared calendar', (context) => {
  let emulator: RunningExchangeEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };
  let sharedCalendarId: string;

  beforeAll(async () => {
    const seed = buildSeed([acmeCall('AAMkOwn', ALICE, '2026-03-10T15:00:00Z')]);
    seed.mailboxes.push(bossMailbox([acmeCall('AAMkBoss', BOSS, '2026-03-11T15:00:00Z')]));
    emulator = await startExchangeEmulator({ protocol: 'http', seed });
    const connected = await connectAliceExchange(
      context().store,
      emulator,
      () => TEST_NOW,
      (app, user) => putAcmeCrm(app.server, user),
    );
    ({ api, token, scope } = connected);
    sharedCalendarId = await addSharedCalendar(connected, BOSS);
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const meetings = async () => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/meetings/?limit=100`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: { calendarId: string; isSalesMeeting: boolean }[] }).items;
  };
  const bossEvent = async (): Promise<StoredEvent> => {
    const { items } = await api.app.store.events.list(scope, { limit: 50 });
    const found = items.find((e) => e.calendarId === sharedCalendarId);
    if (!found) throw new Error("the boss's event was not synced");
    return found;
  };
  const detect = async () => {
    const response = await api.server.inject({
      method: 'POST',
      url: `${BASE}/meetings/detect/`,
      headers: bearer(token),
      payload: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
    });
    expect(response.statusCode, response.body).toBe(202);
    await api.app.queue.drain();
  };

  it("makes a sales meeting of the call on her own Calendar, none of the same call on her exec's", async () => {
    await bossEvent();
    const listed = await meetings();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ isSalesMeeting: true });
    expect(listed[0]?.calendarId).not.toBe(sharedCalendarId);
  });

  it('removes, at the next detection, a meeting an older detection made of the exec’s event', async () => {
    // As detection wrote it before it told shared calendars apart: the event read as hers.
    const stored = await bossEvent();
    const org = await new MeetingDetector(api.app.store, loadMeetingModels).organisation(scope);
    const owners = {
      ...(await calendarOwnersOf(api.app.store, scope)),
      othersCalendars: new Set<string>(),
    };
    const analysis = org.analyser.analyse(toMeetingInput(stored, owners), {
      adjustment: org.adjustment,
    });
    const draft = decideMeeting(stored, analysis, null, org.modelVersion);
    expect(draft).toMatchObject({ isSalesMeeting: true });
    await api.app.store.meetings.save(scope, [draft!]);
    expect((await meetings()).map((m) => m.calendarId)).toContain(sharedCalendarId);

    await detect();
    const listed = await meetings();
    expect(listed).toHaveLength(1);
    expect(listed.map((m) => m.calendarId)).not.toContain(sharedCalendarId);
  });

  it('refuses feedback on the exec’s event: it is not her meeting to judge', async () => {
    const stored = await bossEvent();
    const response = await api.server.inject({
      method: 'POST',
      url: `${BASE}/meetings/${stored.id}/feedback/`,
      headers: bearer(token),
      payload: { verdict: 'confirm' },
    });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json()).toMatchObject({
      error: { message: expect.stringMatching(/another person's calendar/) },
    });
    expect(await meetings()).toHaveLength(1);
  });

  it('says in the exec’s event’s insights that it is not her sales meeting', async () => {
    const stored = await bossEvent();
    const response = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/${stored.id}/insights/`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      detection: { isSalesMeeting: false, source: 'live', meetingType: null },
    });
  });
});
