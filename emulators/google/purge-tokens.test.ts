/**
 * A purge makes every sync token that could no longer report the purged event answer 410, also
 * the token of a listing that was being paged through when the purge happened (found by the
 * convergence property, test/google/convergence.test.ts: the store kept a purged event for good).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from './index.js';
import {
  buildEvent,
  buildSeed,
  connect,
  failure,
  NO_RETRY,
  NOW,
  type Connected,
} from './test-kit.js';

const CAL = 'alice@example.com';
let emulator: RunningGoogleEmulator;
let client: Connected;

beforeEach(async () => {
  emulator = await startGoogleEmulator({
    seed: buildSeed([buildEvent({ id: 'purged1' }), buildEvent({ id: 'kept1' })]),
    now: () => NOW,
  });
  client = await connect(emulator);
});

afterEach(async () => {
  await emulator.close();
});

it('refuses the token of a listing that was under way when an event was purged', async () => {
  emulator.state.updateSettings({ pageShapes: { sizes: [1] } });
  const first = await client.api.events.list({ calendarId: CAL, singleEvents: true });
  expect(first.data.items?.map((e) => e.id)).toEqual(['kept1']);
  emulator.state.deleteEvent(CAL, 'purged1', { purge: true });
  // The rest of the listing still comes from the snapshot taken before the purge...
  const last = await client.api.events.list({
    calendarId: CAL,
    singleEvents: true,
    pageToken: first.data.nextPageToken ?? '',
  });
  expect(last.data.items?.map((e) => e.id)).toEqual(['purged1']);
  // ...so its token cannot report the purge: it must ask for a full sync, not list nothing.
  const next = await failure(
    client.api.events.list(
      { calendarId: CAL, singleEvents: true, syncToken: last.data.nextSyncToken ?? '' },
      NO_RETRY,
    ),
  );
  expect(next.status).toBe(410);
  // A listing started after the purge gets a token that works.
  emulator.state.updateSettings({ pageShapes: { sizes: [] } });
  const fresh = await client.api.events.list({ calendarId: CAL, singleEvents: true });
  expect(fresh.data.items?.map((e) => e.id)).toEqual(['kept1']);
  const delta = await client.api.events.list({
    calendarId: CAL,
    singleEvents: true,
    syncToken: fresh.data.nextSyncToken ?? '',
  });
  expect(delta.data.items).toEqual([]);
});
