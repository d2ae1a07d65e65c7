/**
 * Google marks the attendee (and organiser) entry of the calendar a copy is on with `self`. On
 * the account's own calendars that entry is the account's user, under whatever address Google
 * lists: the alias an invitation went to, or a secondary calendar's id, which is no mailbox.
 * calintel knows the owner by address only, so before, a meeting Dana declined through her alias
 * still blocked her time and her alias counted as an outside person of another company, and on
 * her secondary calendar the calendar's own id did.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import { toConflictEvent } from '../../src/app/conflicts/conflict-events.js';
import { calendarOwnersOf, toMeetingInput } from '../../src/app/meetings/meeting-input.js';
import { blocksTime } from '../../src/domain/conflicts/blocking.js';
import { buildCrmIndex } from '../../src/domain/matching/crm.js';
import { matchMeeting } from '../../src/domain/matching/match-meeting.js';
import type { StoredEvent } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { connectGoogleByApi, googleEmulatorEnv } from '../support/google-env.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const ALIAS = 'dana.reyes@northwind-labs.io';
const DEALS = 'c_deals@group.calendar.google.com';
const HOUR_MS = 3_600_000;
const soon = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();

describeEachDialect("Google's self entry on the account's own calendars", (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let scope: { orgId: string; userId: string };
  const events = new Map<string, StoredEvent>();

  beforeAll(async () => {
    const slot = { start: { dateTime: soon(24) }, end: { dateTime: soon(25) } };
    emulator = await startGoogleEmulator({
      seed: {
        users: [
          {
            email: DANA,
            name: 'Dana',
            calendars: [
              {
                id: DANA,
                primary: true,
                timeZone: 'UTC',
                events: [
                  {
                    id: 'declined1',
                    summary: 'Acme pitch',
                    ...slot,
                    organizer: { email: 'buyer@acme.com' },
                    attendees: [
                      { email: 'buyer@acme.com', organizer: true, responseStatus: 'accepted' },
                      { email: ALIAS, self: true, responseStatus: 'declined' },
                    ],
                  },
                ],
              },
              {
                id: DEALS,
                summary: 'Deals',
                timeZone: 'UTC',
                events: [
                  {
                    id: 'secondary1',
                    summary: 'Acme follow-up',
                    ...slot,
                    attendees: [
                      { email: DEALS, self: true, responseStatus: 'accepted' },
                      { email: 'buyer@acme.com', responseStatus: 'accepted' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    api = await buildTestApi(
      context().store,
      { ...googleEmulatorEnv(emulator), CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9' },
      () => new Date(),
    );
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName: `Northwind self ${context().dialect}`,
      name: 'Dana',
      timeZone: 'UTC',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: created.organisation.id, userId: created.user.id };
    const token = (await api.app.store.apiTokens.create(scope, 'test')).token;
    await connectGoogleByApi(api.server, token, DANA);
    for (const calendar of await api.app.store.calendars.list(scope))
      await api.app.engine.syncCalendar(scope, calendar.id);
    for (const stored of (await api.app.store.events.list(scope, { limit: 100 })).items)
      events.set(stored.event.providerEventId, stored);
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const matched = async (id: string) => {
    const stored = events.get(id);
    if (!stored) throw new Error(`${id} was not synced`);
    const input = toMeetingInput(stored, await calendarOwnersOf(api.app.store, scope));
    return matchMeeting(input, buildCrmIndex({ internalDomains: ['northwind.io'] }));
  };

  it('takes the answer Dana gave through her alias as hers: the meeting no longer blocks her time', async () => {
    const stored = events.get('declined1');
    expect(stored?.event.attendees.map((a) => [a.email, a.responseStatus])).toEqual([
      ['buyer@acme.com', 'accepted'],
      [DANA, 'declined'],
    ]);
    const match = await matched('declined1');
    expect(match.participants.find((p) => p.owner)?.responseStatus).toBe('declined');
    expect(match.externals.map((p) => p.email)).toEqual(['buyer@acme.com']);
    if (!stored) return;
    const conflictEvent = toConflictEvent(stored, DANA, null);
    expect(blocksTime(conflictEvent)).toBe(false);
  });

  it("never counts her secondary calendar's own entry as an outside person", async () => {
    const match = await matched('secondary1');
    expect(match.externals.map((p) => p.email)).toEqual(['buyer@acme.com']);
    expect(match.externalDomains).toEqual(['acme.com']);
    expect(match.participants.find((p) => p.organizer)?.owner).toBe(true);
  });
});
