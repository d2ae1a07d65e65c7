/**
 * Items Exchange will not give (a per-item error in a GetItem answer: ErrorCorruptData,
 * ErrorInvalidIdMalformed; an item sent without its start), driving the real SyncEngine against
 * the EWS emulator: the other items of the batch are stored, the run succeeds with an issue
 * naming the item, a stored copy of it is kept (also through a snapshot), and once it reads
 * again the next sync brings its changes. An item gone between listing and fetching
 * (ErrorItemNotFound) is a deletion, and a failure of the whole GetItem call still fails the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrenceId } from '../../emulators/exchange/ids.js';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { SyncError } from '../../src/sync/sync-engine.js';
import { ENGINE_NOW, openHarness, WINDOW, type ExchangeHarness } from './harness.js';

const BASIC = { authType: 'basic', username: 'alice', password: ALICE_PASSWORD };
const DAY = 86_400_000;
const today = Date.UTC(
  ENGINE_NOW.getUTCFullYear(),
  ENGINE_NOW.getUTCMonth(),
  ENGINE_NOW.getUTCDate(),
);
const FROM = new Date(today - WINDOW.pastDays * DAY).toISOString();
const TO = new Date(today + WINDOW.futureDays * DAY).toISOString();
const SINGLES = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'].map((name) => `AAMk${name}`);
const SERIES = 'AAMkWeekly';
const EXCEPTION_START = '2026-03-04T09:00:00Z';

function seedItems() {
  return [
    ...SINGLES.map((id, index) =>
      buildItem({
        id,
        subject: id,
        start: `2026-03-${String(3 + index).padStart(2, '0')}T14:00:00Z`,
        end: `2026-03-${String(3 + index).padStart(2, '0')}T15:00:00Z`,
      }),
    ),
    buildItem({
      id: SERIES,
      subject: 'Weekly',
      start: '2026-03-02T09:00:00Z',
      end: '2026-03-02T09:30:00Z',
      recurrence: {
        pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday', 'Wednesday'] },
        range: { type: 'Numbered', numberOfOccurrences: 8 },
      },
      modifiedOccurrences: [
        {
          originalStart: EXCEPTION_START,
          start: '2026-03-04T13:00:00Z',
          end: '2026-03-04T13:30:00Z',
          subject: 'Weekly (moved)',
        },
      ],
    }),
  ];
}

const shown = (events: CalendarEvent[]) =>
  events.map((e) => `${e.start} ${e.end} ${e.title}`).sort();

async function expectStoreMatchesView(emulator: RunningExchangeEmulator, harness: ExchangeHarness) {
  const view = emulator.state.view(ALICE, FROM, TO).map((v) => `${v.start} ${v.end} ${v.subject}`);
  expect(shown(await harness.events())).toEqual(view.sort());
}

const titleOf = async (harness: ExchangeHarness, id: string) =>
  (await harness.events()).find((e) => e.providerEventId === id)?.title;

describe('Exchange items that cannot be read', () => {
  let emulator: RunningExchangeEmulator;
  let harness: ExchangeHarness;

  beforeAll(async () => {
    emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed(seedItems()) });
    // Three changes per batch: a corrupt item shares its GetItem with others.
    harness = await openHarness(emulator, { secrets: BASIC, maxChangesReturned: 3 });
  });
  afterAll(async () => {
    await harness.close();
    await emulator.close();
  });

  it('a first sync stores every other item, and succeeds with an issue naming the corrupt one', async () => {
    emulator.state.addFault({ fault: 'itemError', match: { itemId: 'AAMkS3' } });
    const outcome = await harness.sync();
    expect(harness.runs.at(-1)!.every((mode) => mode === 'snapshot')).toBe(true);
    expect(outcome.issues).toEqual([
      expect.objectContaining({ providerEventId: 'AAMkS3', keepsSeries: true }),
    ]);
    expect(outcome.issues[0]!.message).toMatch(/^AAMkS3: .*ErrorCorruptData/);
    const ids = (await harness.events()).map((e) => e.providerEventId);
    expect(ids.filter((id) => SINGLES.includes(id)).sort()).toEqual(
      SINGLES.filter((id) => id !== 'AAMkS3'),
    );
    expect(ids.filter((id) => id.startsWith(`${SERIES}::`))).toHaveLength(8);

    // Readable again, with nothing changed on the server: the next (delta) sync brings it.
    emulator.state.clearFaults();
    const next = await harness.sync();
    expect(next).toMatchObject({ added: 1, deleted: 0, issues: [] });
    expect(harness.runs.at(-1)!.every((mode) => mode === 'delta')).toBe(true);
    await expectStoreMatchesView(emulator, harness);
  });

  it('an item that turns corrupt keeps its stored copy, through deltas and a snapshot, and is updated once it reads again', async () => {
    emulator.state.updateItem(ALICE, 'AAMkS5', { subject: 'S5 v2' });
    emulator.state.updateItem(ALICE, 'AAMkS6', { subject: 'S6 v2' });
    emulator.state.addFault({
      fault: 'itemError',
      match: { itemId: 'AAMkS5' },
      responseCode: 'ErrorInvalidIdMalformed',
    });
    const broken = await harness.sync();
    expect(broken).toMatchObject({ updated: 1, deleted: 0 });
    expect(broken.issues.map((i) => i.providerEventId)).toEqual(['AAMkS5']);
    expect(broken.issues[0]!.message).toContain('ErrorInvalidIdMalformed');
    expect(await titleOf(harness, 'AAMkS6')).toBe('S6 v2');
    expect(await titleOf(harness, 'AAMkS5')).toBe('AAMkS5');

    // Still corrupt: read again (SyncFolderItems no longer names it), still kept and named.
    const again = await harness.sync();
    expect(again).toMatchObject({ deleted: 0 });
    expect(again.issues.map((i) => i.providerEventId)).toEqual(['AAMkS5']);

    // A snapshot (the server forgot the SyncState) keeps it too instead of removing it.
    emulator.state.invalidateSyncStates(ALICE);
    const listed = await harness.sync();
    expect(harness.runs.at(-1)).toContain('snapshot');
    expect(listed).toMatchObject({ deleted: 0 });
    expect(listed.issues.map((i) => i.providerEventId)).toEqual(['AAMkS5']);
    expect(await titleOf(harness, 'AAMkS5')).toBe('AAMkS5');

    emulator.state.clearFaults();
    const healed = await harness.sync();
    expect(healed).toMatchObject({ updated: 1, deleted: 0, issues: [] });
    expect(await titleOf(harness, 'AAMkS5')).toBe('S5 v2');
    await expectStoreMatchesView(emulator, harness);
  });

  it('a series that cannot be read keeps every stored instance, and its edits arrive once it reads again', async () => {
    const before = shown(await harness.events());
    emulator.state.deleteOccurrence(ALICE, SERIES, '2026-03-09T09:00:00Z');
    emulator.state.addFault({ fault: 'itemError', match: { itemId: SERIES } });
    const broken = await harness.sync();
    expect(broken).toMatchObject({ deleted: 0 });
    expect(broken.issues.map((i) => i.providerEventId)).toEqual([SERIES]);
    expect(shown(await harness.events())).toEqual(before);

    // The master reads, but its modified occurrence does not: the series is kept whole.
    emulator.state.clearFaults();
    emulator.state.addFault({
      fault: 'itemError',
      match: { itemId: occurrenceId(SERIES, Date.parse(EXCEPTION_START)) },
    });
    const exception = await harness.sync();
    expect(exception).toMatchObject({ deleted: 0 });
    expect(exception.issues.map((i) => i.providerEventId)).toEqual([SERIES]);
    expect(exception.issues[0]!.message).toContain('occurrence');
    expect(shown(await harness.events())).toEqual(before);

    emulator.state.clearFaults();
    expect(await harness.sync()).toMatchObject({ deleted: 1, issues: [] });
    await expectStoreMatchesView(emulator, harness);
  });

  it('an item sent without its start is named and kept, not dropped', async () => {
    emulator.state.updateItem(ALICE, 'AAMkS7', { subject: 'S7 v2' });
    emulator.state.addFault({ fault: 'itemMalformed', match: { itemId: 'AAMkS7' } });
    const broken = await harness.sync();
    expect(broken).toMatchObject({ deleted: 0 });
    expect(broken.issues.map((i) => i.providerEventId)).toEqual(['AAMkS7']);
    expect(await titleOf(harness, 'AAMkS7')).toBe('AAMkS7');

    emulator.state.clearFaults();
    expect(await harness.sync()).toMatchObject({ updated: 1, issues: [] });
    expect(await titleOf(harness, 'AAMkS7')).toBe('S7 v2');
  });

  it('an item gone between listing and fetching (ErrorItemNotFound) is deleted, not an issue', async () => {
    emulator.state.updateItem(ALICE, 'AAMkS8', { subject: 'S8 v2' });
    // GetItem answers as it would had the item been deleted right after SyncFolderItems.
    emulator.state.addFault({
      fault: 'itemError',
      match: { itemId: 'AAMkS8' },
      responseCode: 'ErrorItemNotFound',
      times: 1,
    });
    const outcome = await harness.sync();
    expect(outcome).toMatchObject({ deleted: 1, issues: [] });
    expect(await titleOf(harness, 'AAMkS8')).toBeUndefined();
    emulator.state.deleteItem(ALICE, 'AAMkS8');
    expect(await harness.sync()).toMatchObject({ deleted: 0, issues: [] });
    await expectStoreMatchesView(emulator, harness);
  });

  it('a failure of the whole GetItem call fails the run as before, deleting nothing', async () => {
    emulator.state.updateItem(ALICE, 'AAMkS1', { subject: 'S1 v2' });
    const before = shown(await harness.events());
    emulator.state.addFault({
      fault: 'serverBusy',
      match: { operation: 'GetItem' },
      backOffMs: 20_000,
      times: 1,
    });
    const failed = await harness.sync().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(SyncError);
    expect((failed as SyncError).kind).toBe('rate_limit');
    expect(shown(await harness.events())).toEqual(before);
    expect(await harness.sync()).toMatchObject({ updated: 1, issues: [] });
    expect(await titleOf(harness, 'AAMkS1')).toBe('S1 v2');
    await expectStoreMatchesView(emulator, harness);
  });
});

describe('Exchange items that cannot be read, in a listing cut short', () => {
  let emulator: RunningExchangeEmulator;
  let harness: ExchangeHarness;

  beforeAll(async () => {
    emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed(seedItems()) });
    harness = await openHarness(emulator, {
      secrets: BASIC,
      maxChangesReturned: 3,
      joinPagesUpTo: 1,
    });
  });
  afterAll(async () => {
    await harness.close();
    await emulator.close();
  });

  it('a listing resumed by the next run keeps a stored item it cannot read, and reads it once it can', async () => {
    await harness.sync();
    const before = shown(await harness.events());
    emulator.state.updateItem(ALICE, 'AAMkS2', { subject: 'S2 v2' });
    emulator.state.addFault({ fault: 'itemError', match: { itemId: 'AAMkS2' } });
    // The server forgets the SyncState: a listing from scratch, stopped after its first commit.
    emulator.state.invalidateSyncStates(ALICE);
    const stop = new AbortController();
    const cut = await harness
      .sync({ signal: stop.signal, onPage: () => stop.abort() })
      .catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(SyncError);
    expect(JSON.parse((await harness.cursor()) ?? '{}').listing).toBeDefined();

    const rest = await harness.sync();
    expect(harness.runs.at(-1)!.every((mode) => mode === 'delta')).toBe(true);
    expect(rest).toMatchObject({ deleted: 0 });
    expect(JSON.parse((await harness.cursor()) ?? '{}').listing).toBeUndefined();
    expect(shown(await harness.events())).toEqual(before);

    emulator.state.clearFaults();
    expect(await harness.sync()).toMatchObject({ updated: 1, deleted: 0, issues: [] });
    expect(await titleOf(harness, 'AAMkS2')).toBe('S2 v2');
    await expectStoreMatchesView(emulator, harness);
  });
});
