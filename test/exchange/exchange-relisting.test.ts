/**
 * When the window moves (every day), Exchange lists the calendar folder again from no SyncState.
 * A listing cut short (ErrorServerBusy, a crash) is finished by the next run as delta pages,
 * whose end removes what the calendar held before and the listing never produced. The listing
 * covers the window only, so that removal must spare an event that merely aged out of the
 * window, as the end of an uncut listing does (it stays, with its meetings, until retention);
 * what Exchange itself says is gone is deleted wherever it lies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { SyncError } from '../../src/sync/sync-engine.js';
import { ENGINE_NOW, openHarness, type ExchangeHarness } from './harness.js';

const BASIC = { authType: 'basic', username: 'alice', password: ALICE_PASSWORD };
/** Two days later: the window (7 days back) now starts on 24 February. */
const LATER = new Date(ENGINE_NOW.getTime() + 2 * 86_400_000);

function seedItems() {
  const at = (id: string, subject: string, day: string) =>
    buildItem({ id, subject, start: `${day}T09:00:00Z`, end: `${day}T10:00:00Z` });
  return [
    // In the window on 1 March, out of it (not deleted) two days later.
    at('AAMkAging', 'Aging out', '2026-02-23'),
    // Stored on 23 February, then gone from Exchange: GetItem no longer finds it.
    at('AAMkVanished', 'Vanished', '2026-02-23'),
    at('AAMkN1', 'Future 1', '2026-03-11'),
    at('AAMkN2', 'Future 2', '2026-03-12'),
    at('AAMkN3', 'Future 3', '2026-03-13'),
    at('AAMkN4', 'Future 4', '2026-03-14'),
    // Deleted in Exchange while the window moves: the new listing does not mention it.
    at('AAMkDeleted', 'Deleted', '2026-03-16'),
  ];
}

interface Scenario {
  emulator: RunningExchangeEmulator;
  harness: ExchangeHarness;
}

// Each batch committed alone, and the batches joined into commits as the engine does by default
// (coalesce-pages.ts): the joined page must keep the provider's removalsWithin.
describe.each([
  { joining: 'a commit per batch', joinPagesUpTo: 1 as number | undefined },
  { joining: 'batches joined into commits', joinPagesUpTo: undefined },
])('Exchange re-listing after the window moved ($joining)', ({ joinPagesUpTo }) => {
  const open: Scenario[] = [];
  afterEach(async () => {
    for (const { emulator, harness } of open.splice(0)) {
      await harness.close();
      await emulator.close();
    }
  });

  /** Synced on ENGINE_NOW, then the clock moved on and Exchange changed as the file says. */
  async function movedOn(options: {
    cutShort: boolean;
  }): Promise<Scenario & { titles(): Promise<string[]> }> {
    const emulator = await startExchangeEmulator({
      protocol: 'http',
      seed: buildSeed(seedItems()),
    });
    let now = ENGINE_NOW;
    let cutting = false;
    const harness = await openHarness(emulator, {
      secrets: BASIC,
      maxChangesReturned: 2,
      ...(joinPagesUpTo ? { joinPagesUpTo } : {}),
      clock: () => now,
      // The run's next SyncFolderItems is refused once its first page is read.
      onProviderPage: () => {
        if (!cutting) return;
        cutting = false;
        emulator.state.addFault({
          fault: 'serverBusy',
          times: 1,
          backOffMs: 1,
          match: { operation: 'SyncFolderItems' },
        });
      },
    });
    open.push({ emulator, harness });
    const titles = async () => (await harness.events()).map((e) => e.title).sort();
    await harness.sync();
    expect(await titles()).toEqual([
      'Aging out',
      'Deleted',
      'Future 1',
      'Future 2',
      'Future 3',
      'Future 4',
      'Vanished',
    ]);

    now = LATER;
    emulator.state.deleteItem(ALICE, 'AAMkDeleted');
    emulator.state.moveItem(ALICE, 'AAMkVanished', {
      start: '2026-03-20T09:00:00Z',
      end: '2026-03-20T10:00:00Z',
    });
    emulator.state.addFault({
      fault: 'itemError',
      responseCode: 'ErrorItemNotFound',
      match: { itemId: 'AAMkVanished' },
    });
    if (options.cutShort) {
      cutting = true;
      const cut = await harness.sync().catch((error: unknown) => error);
      expect(cut).toBeInstanceOf(SyncError);
      expect((cut as SyncError).kind).toBe('rate_limit');
      expect(JSON.parse((await harness.cursor()) ?? '{}').listing).toBeDefined();
    }
    await harness.sync();
    expect(JSON.parse((await harness.cursor()) ?? '{}').listing).toBeUndefined();
    return { emulator, harness, titles };
  }

  it('a whole listing keeps what aged out of the window', async () => {
    const whole = await movedOn({ cutShort: false });
    expect(await whole.titles()).toEqual([
      'Aging out',
      'Future 1',
      'Future 2',
      'Future 3',
      'Future 4',
    ]);
  });

  it('a listing cut short and resumed by the next run keeps it too, and deletes what is gone', async () => {
    const resumed = await movedOn({ cutShort: true });
    expect(resumed.harness.runs.at(-1)!.every((mode) => mode === 'delta')).toBe(true);
    expect(await resumed.titles()).toEqual([
      'Aging out',
      'Future 1',
      'Future 2',
      'Future 3',
      'Future 4',
    ]);
  });
});
