/**
 * Outlook spells some Graph error codes otherwise than the documentation: an evicted delta token
 * is `syncStateNotFound` in the docs and also `SyncStateNotFound` on the wire
 * (microsoftgraph/microsoft-graph-docs#2350, #2877). Through the Graph SDK against the emulator
 * and the real SyncEngine: either spelling, with a 400, turns the run into a snapshot instead of
 * failing the calendar as invalid input (which the scheduler never retries).
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { openHarness, type MicrosoftHarness } from './harness.js';

const ALICE = 'alice@contoso.test';
const CAL = 'cal-alice';
const utc = (local: string) => ({ dateTime: `${local}.0000000`, timeZone: 'UTC' });

let emulator: RunningMicrosoftEmulator;
const opened: MicrosoftHarness[] = [];

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({
    now: () => new Date('2026-03-01T00:00:00Z'),
    seed: {
      users: [
        {
          email: ALICE,
          name: 'Alice Example',
          calendars: [
            {
              id: CAL,
              name: 'Calendar',
              isDefaultCalendar: true,
              events: [
                {
                  id: 'AAMkReview',
                  subject: 'Pricing review',
                  start: utc('2026-03-03T09:00:00'),
                  end: utc('2026-03-03T10:00:00'),
                },
                {
                  id: 'AAMkDemo',
                  subject: 'Demo',
                  start: utc('2026-03-04T09:00:00'),
                  end: utc('2026-03-04T10:00:00'),
                },
              ],
            },
          ],
        },
      ],
    },
  });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(async () => {
  emulator.state.reset();
  for (const harness of opened.splice(0)) await harness.close();
});

it.each(['syncStateNotFound', 'SyncStateNotFound'])(
  'an evicted delta token answered 400 %s is listed again as a snapshot',
  async (code) => {
    const h = await openHarness(emulator, { user: ALICE });
    opened.push(h);
    await h.sync(CAL);
    emulator.state.addFault({
      match: { pathIncludes: '$deltatoken' },
      fault: 'syncStateNotFound',
      code,
      times: 1,
    });
    emulator.state.deleteEvent(CAL, 'AAMkReview');
    const outcome = await h.sync(CAL);
    expect(new Set(h.runs[1])).toEqual(new Set(['snapshot']));
    expect(outcome.deleted).toBe(1);
    expect((await h.events(CAL)).map((e) => e.providerEventId)).toEqual(['AAMkDemo']);
    const status = await h.store.syncStatus.get(h.scope, h.calendars.get(CAL) ?? '');
    expect(status?.lastError).toBeNull();
  },
);
