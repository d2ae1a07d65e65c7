/**
 * Events Google lists again unchanged in everything calintel keeps count as unchanged. After
 * reconnecting an account, the QA of the scaled shape saw a sync report `updated: 6000` (the
 * status's lastCounts, the log, calintel_synced_events_total) while the change log rightly had
 * no entry: an event was counted updated whenever its stored row was rewritten (its content
 * hash, which takes in the etag and Google's update time, differed), not when the change log
 * found it changed. An event whose colour (or reminders, or anything calintel does not keep)
 * changes is listed again with a new etag, and was counted updated too. The reconnect itself,
 * here followed by a full listing (its sync tokens gone), did not rewrite rows.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleEventInput, GoogleSeed } from '../../emulators/google/types.js';
import { describeEachDialect } from '../support/databases.js';
import { isoDaysFromToday } from '../support/days.js';
import { startGoogleAccount } from '../support/google-account.js';
import { connectGoogleByApi } from '../support/google-env.js';
import { bearer, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const at = isoDaysFromToday;

function seed(): GoogleSeed {
  const events: GoogleEventInput[] = Array.from({ length: 30 }, (_, i) => ({
    id: `event${i}`,
    summary: `Meeting ${i}`,
    start: { dateTime: at(i - 10, 9), timeZone: 'Europe/Berlin' },
    end: { dateTime: at(i - 10, 10), timeZone: 'Europe/Berlin' },
    attendees: [
      { email: DANA, self: true, organizer: true, responseStatus: 'accepted' },
      { email: `guest${i}@acme.com`, responseStatus: 'needsAction' },
    ],
  }));
  return {
    users: [
      {
        email: DANA,
        name: 'Dana Reyes',
        calendars: [
          { id: DANA, summary: 'Dana', timeZone: 'Europe/Berlin', primary: true, events },
        ],
      },
    ],
  };
}

describeEachDialect('events Google lists again unchanged', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };

  beforeAll(async () => {
    ({ emulator, api, scope, token } = await startGoogleAccount(context().store, {
      seed: seed(),
      email: DANA,
      name: 'Dana',
      orgName: `Northwind reconnect ${context().dialect}`,
      pushRetryDelaysMs: [20],
      startQueue: true,
    }));
  });
  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  const syncNow = async () => {
    const [calendar] = await status();
    await api.app.sync.runJob({ ...scope, calendarId: calendar?.calendarId ?? '' });
  };

  const status = async () => {
    const answer = await api.server.inject({
      method: 'GET',
      url: '/api/v1/calendar/sync/status/',
      headers: bearer(token),
    });
    return answer.json<{
      calendars: Array<{
        calendarId: string;
        eventsCount: number;
        lastCounts: Record<string, number>;
      }>;
    }>().calendars;
  };

  it('a reconnect, then a full listing, counts every event unchanged', async () => {
    await connectGoogleByApi(api.server, token, DANA);
    await api.app.queue.drain();
    expect(await status()).toEqual([
      expect.objectContaining({
        eventsCount: 30,
        lastCounts: { added: 30, updated: 0, deleted: 0 },
      }),
    ]);
    emulator.state.invalidateSyncTokens();
    await connectGoogleByApi(api.server, token, DANA);
    await api.app.queue.drain();
    expect(await status()).toEqual([
      expect.objectContaining({
        eventsCount: 30,
        lastCounts: { added: 0, updated: 0, deleted: 0 },
      }),
    ]);
  });

  it('an event listed with a new etag for a change calintel does not keep counts unchanged', async () => {
    const logged = await api.app.store.changes.latestCursor(scope);
    emulator.state.updateEvent(DANA, 'event3', { colorId: '5' });
    await syncNow();
    expect(await status()).toEqual([
      expect.objectContaining({
        eventsCount: 30,
        lastCounts: { added: 0, updated: 0, deleted: 0 },
      }),
    ]);
    // The change log rightly has nothing: the counts now say the same.
    expect((await api.app.store.changes.list(scope, { since: logged })).items).toEqual([]);

    // A real change still counts, once.
    emulator.state.updateEvent(DANA, 'event4', { summary: 'Meeting 4 (moved to Friday)' });
    await syncNow();
    expect(await status()).toEqual([
      expect.objectContaining({ lastCounts: { added: 0, updated: 1, deleted: 0 } }),
    ]);
  });
});
