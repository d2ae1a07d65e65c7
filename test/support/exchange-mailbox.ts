/**
 * Alice's Exchange mailbox in the emulator (plain HTTP, basic sign-in), seeded with `items` and
 * synced once through the real engine before the describe block's tests: the set-up of the
 * Exchange tests that read what one sync stored.
 */
import { afterAll, beforeAll } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE_PASSWORD, buildSeed } from '../../emulators/exchange/test-kit.js';
import type { CalendarItemInput } from '../../emulators/exchange/types.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { openHarness, type ExchangeHarness } from '../exchange/harness.js';

export const BASIC = { authType: 'basic', username: 'alice', password: ALICE_PASSWORD };

/** The mailbox of a describe block, there once its `beforeAll` has run. */
export interface SyncedMailbox {
  readonly emulator: RunningExchangeEmulator;
  readonly harness: ExchangeHarness;
  /** The stored event whose provider id is `id`. */
  byId(id: string): Promise<CalendarEvent | undefined>;
}

/** Registers the describe block's `beforeAll` (start, seed, sync once) and `afterAll`. */
export function useSyncedMailbox(items: CalendarItemInput[]): SyncedMailbox {
  let emulator: RunningExchangeEmulator | undefined;
  let harness: ExchangeHarness | undefined;
  beforeAll(async () => {
    emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed(items) });
    harness = await openHarness(emulator, { secrets: BASIC });
    await harness.sync();
  });
  afterAll(async () => {
    await harness?.close();
    await emulator?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the mailbox is not synced yet (beforeAll)');
    return value;
  };
  return {
    get emulator() {
      return ready(emulator);
    },
    get harness() {
      return ready(harness);
    },
    byId: async (id) => (await ready(harness).events()).find((e) => e.providerEventId === id),
  };
}
