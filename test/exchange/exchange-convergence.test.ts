/**
 * Convergence under faults for Exchange (issue 8, "Proof"): the property of the Google issue
 * (test/google/convergence.test.ts) and of Outlook (test/microsoft/outlook-convergence.test.ts),
 * run through ews-javascript-api, SyncFolderItems and GetItem against the EWS emulator.
 * Random sequences of changes made in Exchange (items added: single, all-day, daily or weekly
 * series in a few Windows zones, some with a room booked as a resource; edited, moved,
 * cancelled, deleted, moved out of the window; occurrences modified (some given attendees of
 * their own), moved or deleted; SyncStates invalidated) are interleaved with syncs
 * through the real SyncEngine on SQLite, while the emulator fails a share of the EWS calls
 * (ErrorServerBusy with a short BackOffMilliseconds, HTTP 503, ErrorInternalServerError,
 * dropped connections). MaxChangesReturned and the GetItem batch are small, so that every sync
 * reads several pages; syncs are killed after a random page (an abort between pages, or a crash
 * right after a page's commit), changes land while a round is being paged through, and the
 * SyncState may be invalidated part-way (ErrorInvalidSyncStateData mid-round). The next step
 * may run with a fresh engine and provider on the same database, as a restarted process would.
 * After the faults stop, one sync must make the store equal what the calendar view lists for
 * the engine's window (field by field), and one more sync must find nothing to do.
 *
 * One emulator (plain HTTP) and one SQLite store for the file. Each property run resets the
 * emulator (Alice's calendar empty again, faults cleared) and syncs it for a new user of the
 * store: runs stay independent and replayable.
 *
 * Environment, as for Google and Outlook: CONVERGENCE_RUNS (default 40), CONVERGENCE_SEED and
 * CONVERGENCE_PATH (replay what a failure printed), CONVERGENCE_VERBOSE=1 (print each run's
 * steps). `npm run test:convergence:exchange` runs 1,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  startExchangeEmulator,
  type CalendarItemInput,
  type FaultKind,
  type Recurrence,
  type RunningExchangeEmulator,
  type ViewEntry,
} from '../../emulators/exchange/index.js';
import { readOccurrenceId } from '../../emulators/exchange/ids.js';
import { ALICE, ALICE_PASSWORD, buildSeed } from '../../emulators/exchange/test-kit.js';
import { mustIana } from '../../emulators/exchange/zones.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import { readCursor } from '../../src/providers/exchange/exchange-cursor.js';
import { ExchangeProvider } from '../../src/providers/exchange/exchange-provider.js';
import type { CalendarProvider, ProviderConnection } from '../../src/providers/provider.js';
import { Store, type Scope, type StoredEvent } from '../../src/store/store.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import {
  baseSeed,
  convergenceProblems,
  counts,
  DAY_MS,
  differencesById,
  HOUR_MS,
  killArb,
  oneInFour,
  pick,
  propertyTimeoutMs,
  readConvergenceEnv,
  reportRun,
  runKillableSync,
  runParameters,
  scheduleFaults,
  secondsSince,
  shiftHoursArb,
  targetArb,
  titleArb,
  type FaultMode,
  type SyncCommand as KillableSyncCommand,
  type When,
} from '../support/convergence-kit.js';
import { TEST_SECRET_KEY } from '../support/databases.js';

/** Sized so that the default run stays well under 15 s on a small machine. */
const ENV = readConvergenceEnv(40);
const RUNS = ENV.runs;

/** The engine's window, narrow so that moves in and out of it are common. */
const PAST_DAYS = 7;
const FUTURE_DAYS = 30;
/**
 * The service's clock, fixed: runs replay the same way any day, and the window spans both
 * daylight-saving changes of 2026 (8 March in America, 29 March in Europe).
 */
const NOW = new Date('2026-03-01T12:00:00.000Z');
const today = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate());
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** Wide enough to list every occurrence a mutation may pick (in or out of the window). */
const PICK_RANGE = {
  from: new Date(today - 60 * DAY_MS).toISOString(),
  to: new Date(today + 120 * DAY_MS).toISOString(),
};

// --- the commands ------------------------------------------------------------------------------

type SeriesEnd = { count: number } | { weeks: number } | 'none';

type Mutation =
  | { kind: 'add'; when: When; zone: string; title: string; attendees: string[]; room: boolean }
  | {
      kind: 'addSeries';
      when: When;
      zone: string;
      title: string;
      attendees: string[];
      room: boolean;
      daily: boolean;
      end: SeriesEnd;
    }
  | {
      kind: 'update';
      target: number;
      title: string | null;
      attendees: string[] | null;
      free: boolean | null;
    }
  | {
      kind: 'updateInstance';
      target: number;
      occurrence: number;
      title: string;
      /** That occurrence's own attendees (someone added or left out for one week). */
      attendees: string[] | null;
    }
  | { kind: 'move'; target: number; when: When }
  | { kind: 'moveOut'; target: number; future: boolean }
  | { kind: 'moveInstance'; target: number; occurrence: number; shiftHours: number }
  | { kind: 'cancel'; target: number }
  | { kind: 'delete'; target: number }
  | { kind: 'deleteInstance'; target: number; occurrence: number }
  | { kind: 'invalidateSyncStates' }
  /** Deletes (or cancels) an item changed since the last successful sync. */
  | { kind: 'removeRecent'; target: number; cancel: boolean };

/**
 * A change made in Exchange while the round is under way, after this many pages; with
 * `invalidate`, every SyncState handed out so far is refused from then on.
 */
interface During {
  afterPage: number;
  mutation: Mutation;
  invalidate: boolean;
}

/** A restart runs the next step with a new engine and provider. */
type SyncCommand = KillableSyncCommand<During>;

type Command = Mutation | SyncCommand;

const FAULT_KINDS: FaultKind[] = [
  'serverBusy',
  'serviceUnavailable',
  'internalServerError',
  'drop',
];
/** The share of EWS calls (SyncFolderItems and GetItem) that fail. */
const FAULT_RATE = 0.15;

interface Scenario {
  seed: number;
  faults: FaultMode<FaultKind>;
  maxChangesReturned: number;
  getItemBatch: number;
  /** Items already in the calendar when the commands start. */
  initial: Mutation[];
  commands: Command[];
}

const ATTENDEES = [
  'Buyer@Acme.com',
  'ops@contoso.test',
  'cfo@globex.example',
  'legal@initech.example',
];
const ROOM = 'Room-2@Contoso.test';
/** Windows zone ids, as EWS names them. */
const ZONES = [
  'UTC',
  'W. Europe Standard Time',
  'Eastern Standard Time',
  'India Standard Time',
  'Pacific Standard Time',
];

const whenArb: fc.Arbitrary<When> = fc.record({
  day: fc.integer({ min: -12, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(30, 60, 90),
  allDay: oneInFour,
  days: fc.integer({ min: 1, max: 3 }),
});
const attendeesArb = fc.subarray(ATTENDEES, { maxLength: 3 });
const zoneArb = fc.constantFrom(...ZONES);
const occurrenceArb = fc.nat({ max: 30 });

const addArb = fc.record({
  kind: fc.constant('add' as const),
  when: whenArb,
  zone: zoneArb,
  title: titleArb,
  attendees: attendeesArb,
  room: oneInFour,
});
const addSeriesArb = fc.record({
  kind: fc.constant('addSeries' as const),
  when: whenArb,
  zone: zoneArb,
  title: titleArb,
  attendees: attendeesArb,
  room: oneInFour,
  daily: oneInFour,
  end: fc.oneof(
    { weight: 3, arbitrary: fc.record({ count: fc.integer({ min: 2, max: 5 }) }) },
    { weight: 2, arbitrary: fc.record({ weeks: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 1, arbitrary: fc.constant('none' as const) },
  ),
});
const updateArb = fc.record({
  kind: fc.constant('update' as const),
  target: targetArb,
  title: fc.option(titleArb),
  attendees: fc.option(attendeesArb),
  free: fc.option(fc.boolean()),
});
const updateInstanceArb = fc.record({
  kind: fc.constant('updateInstance' as const),
  target: targetArb,
  occurrence: occurrenceArb,
  title: titleArb,
  attendees: fc.option(attendeesArb),
});
const moveArb = fc.record({ kind: fc.constant('move' as const), target: targetArb, when: whenArb });
const moveOutArb = fc.record({
  kind: fc.constant('moveOut' as const),
  target: targetArb,
  future: fc.boolean(),
});
const moveInstanceArb = fc.record({
  kind: fc.constant('moveInstance' as const),
  target: targetArb,
  occurrence: occurrenceArb,
  shiftHours: shiftHoursArb,
});
const cancelArb = fc.record({ kind: fc.constant('cancel' as const), target: targetArb });
const deleteArb = fc.record({ kind: fc.constant('delete' as const), target: targetArb });
const deleteInstanceArb = fc.record({
  kind: fc.constant('deleteInstance' as const),
  target: targetArb,
  occurrence: occurrenceArb,
});
const removeRecentArb = fc.record({
  kind: fc.constant('removeRecent' as const),
  target: targetArb,
  cancel: oneInFour,
});

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: addArb },
  { weight: 3, arbitrary: addSeriesArb },
  { weight: 2, arbitrary: updateArb },
  { weight: 2, arbitrary: updateInstanceArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveOutArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 1, arbitrary: cancelArb },
  { weight: 1, arbitrary: deleteArb },
  { weight: 2, arbitrary: deleteInstanceArb },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalidateSyncStates' as const }) },
);

/**
 * Changes made while a round is under way lean towards taking away what a committed page may
 * have just brought: the case where a round's earlier pages and its end can disagree.
 */
const duringArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: removeRecentArb },
  { weight: 1, arbitrary: addArb },
  { weight: 1, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveOutArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: deleteInstanceArb },
  { weight: 3, arbitrary: deleteArb },
);

const syncArb: fc.Arbitrary<SyncCommand> = fc.record({
  kind: fc.constant('sync' as const),
  kill: killArb,
  during: fc.option(
    fc.record({
      afterPage: fc.integer({ min: 1, max: 3 }),
      mutation: duringArb,
      invalidate: oneInFour,
    }),
    { freq: 3 },
  ),
  restart: fc.boolean(),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  faults: fc.constantFrom<FaultMode<FaultKind>>(...FAULT_KINDS, 'mixed'),
  maxChangesReturned: fc.integer({ min: 1, max: 3 }),
  getItemBatch: fc.integer({ min: 1, max: 3 }),
  initial: fc.array(fc.oneof(addArb, addSeriesArb), { minLength: 2, maxLength: 5 }),
  commands: fc.array(
    fc.oneof({ weight: 3, arbitrary: mutationArb }, { weight: 2, arbitrary: syncArb }),
    { minLength: 5, maxLength: 15 },
  ),
});

// --- turning commands into emulator calls ------------------------------------------------------

/** What the test set on an item and the calendar view does not show (free/busy, zone). */
interface ItemModel {
  zone: string;
  allDay: boolean;
  free: boolean;
  cancelled: boolean;
  /** Series only: how it repeats, kept to move it (a moved series keeps pattern and end). */
  series: { daily: boolean; end: SeriesEnd } | null;
}

interface RunContext {
  emulator: RunningExchangeEmulator;
  idPrefix: string;
  nextId: number;
  /** Whole items (singles and series masters) added and not deleted, in order. */
  wholes: string[];
  models: Map<string, ItemModel>;
  /** Ids changed since the last successful sync: what the next SyncFolderItems round holds. */
  recent: string[];
  log: string[];
}

/** Local midnight of the day `day` days from today, in an IANA zone. */
function localDay(day: number, iana: string): DateTime {
  const date = DateTime.fromMillis(today + day * DAY_MS, { zone: 'UTC' });
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: iana });
}

/** Start and end as EWS stores them (UTC instants) for wall-clock times in a Windows zone. */
function spanOf(when: When, zone: string, allDay: boolean): { start: string; end: string } {
  const midnight = localDay(when.day, mustIana(zone));
  if (allDay) return { start: isoOf(midnight), end: isoOf(midnight.plus({ days: when.days })) };
  const start = midnight.set({ hour: when.hour });
  return { start: isoOf(start), end: isoOf(start.plus({ minutes: when.minutes })) };
}

function isoOf(time: DateTime): string {
  return new Date(time.toMillis()).toISOString();
}

function recurrenceOf(start: string, zone: string, series: ItemModel['series']): Recurrence {
  if (!series) throw new Error('not a series');
  const local = DateTime.fromISO(start, { zone: mustIana(zone) });
  const weekday = WEEKDAYS[local.weekday - 1] ?? 'Monday';
  const range: Recurrence['range'] =
    series.end === 'none'
      ? { type: 'NoEnd' }
      : 'count' in series.end
        ? { type: 'Numbered', numberOfOccurrences: series.end.count }
        : {
            type: 'EndDate',
            endDate: local.plus({ weeks: series.end.weeks }).toISODate() ?? '',
          };
  return {
    pattern: series.daily
      ? { type: 'Daily', interval: 1 }
      : { type: 'Weekly', interval: 1, daysOfWeek: [weekday], firstDayOfWeek: 'Sunday' },
    range,
  };
}

const attendeesOf = (emails: string[]) =>
  emails.map((email) => ({ email, name: email.split('@')[0] ?? email }));

function addItem(ctx: RunContext, m: Extract<Mutation, { kind: 'add' | 'addSeries' }>): void {
  const id = `${ctx.idPrefix}${ctx.nextId++}`;
  const series = m.kind === 'addSeries' ? { daily: m.daily, end: m.end } : null;
  const span = spanOf(m.when, m.zone, m.when.allDay);
  const input: CalendarItemInput = {
    id,
    subject: m.title,
    ...span,
    timeZone: m.zone,
    isAllDay: m.when.allDay,
    requiredAttendees: attendeesOf(m.attendees),
    // A room booked as a resource (t:Resources): stored as an attendee flagged as one.
    ...(m.room ? { resources: attendeesOf([ROOM]) } : {}),
    legacyFreeBusyStatus: 'Busy',
    ...(series ? { recurrence: recurrenceOf(span.start, m.zone, series) } : {}),
  };
  ctx.emulator.state.addItem(ALICE, input);
  ctx.models.set(id, {
    zone: m.zone,
    allDay: m.when.allDay,
    free: false,
    cancelled: false,
    series,
  });
  ctx.wholes.push(id);
  ctx.recent.push(id);
}

/** The live occurrences of a series (deleted ones are not listed), by start. */
function occurrencesOf(ctx: RunContext, masterId: string): ViewEntry[] {
  return ctx.emulator.state
    .view(ALICE, PICK_RANGE.from, PICK_RANGE.to)
    .filter((v) => readOccurrenceId(v.itemId)?.masterId === masterId);
}

function pickSeries(ctx: RunContext, target: number): string | undefined {
  return pick(
    ctx.wholes.filter((id) => ctx.models.get(id)?.series),
    target,
  );
}

/** Moves a whole item; a series is written anew from its new start (its exceptions go). */
function moveWhole(ctx: RunContext, id: string, when: When): void {
  const model = ctx.models.get(id);
  if (!model) return;
  const span = spanOf(when, model.zone, model.allDay);
  ctx.emulator.state.updateItem(ALICE, id, {
    ...span,
    ...(model.series ? { recurrence: recurrenceOf(span.start, model.zone, model.series) } : {}),
  });
  ctx.log.push(`  ${id} now ${span.start} .. ${span.end}`);
}

/** An occurrence moved by some hours (all-day series: by whole local days). */
function shiftedOccurrence(entry: ViewEntry, model: ItemModel, hours: number) {
  if (!model.allDay) {
    const by = (iso: string) => new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
    return { start: by(entry.start), end: by(entry.end) };
  }
  const days = Math.sign(hours) * Math.max(1, Math.round(Math.abs(hours) / 24));
  const by = (iso: string) =>
    isoOf(DateTime.fromISO(iso, { zone: mustIana(model.zone) }).plus({ days }));
  return { start: by(entry.start), end: by(entry.end) };
}

function removeWhole(ctx: RunContext, id: string, cancel: boolean): void {
  const model = ctx.models.get(id);
  if (!model) return;
  if (cancel) {
    ctx.emulator.state.cancelItem(ALICE, id);
    model.cancelled = true;
    model.free = true;
    return;
  }
  ctx.emulator.state.deleteItem(ALICE, id);
  ctx.models.delete(id);
  ctx.wholes = ctx.wholes.filter((w) => w !== id);
}

/** Applies one change to the emulator; a change with no target (nothing to pick) is skipped. */
function mutate(ctx: RunContext, m: Mutation): void {
  const whole = 'target' in m ? pick(ctx.wholes, m.target) : undefined;
  ctx.log.push(`${m.kind} ${JSON.stringify(m)}${whole ? ` -> ${whole}` : ''}`);
  switch (m.kind) {
    case 'add':
    case 'addSeries':
      return addItem(ctx, m);
    case 'invalidateSyncStates':
      return ctx.emulator.state.invalidateSyncStates(ALICE);
    case 'removeRecent': {
      const live = ctx.recent.filter((id) => ctx.models.has(id));
      const id = pick(live, m.target);
      if (id) removeWhole(ctx, id, m.cancel);
      return;
    }
    case 'updateInstance':
    case 'moveInstance':
    case 'deleteInstance':
      return mutateOccurrence(ctx, m);
  }
  if (!whole) return;
  ctx.recent.push(whole);
  const model = ctx.models.get(whole);
  if (!model) return;
  switch (m.kind) {
    case 'update':
      ctx.emulator.state.updateItem(ALICE, whole, {
        ...(m.title !== null ? { subject: m.title } : {}),
        ...(m.attendees !== null ? { requiredAttendees: attendeesOf(m.attendees) } : {}),
        ...(m.free !== null ? { legacyFreeBusyStatus: m.free ? 'Free' : 'Busy' } : {}),
      });
      if (m.free !== null) model.free = m.free;
      return;
    case 'move':
      return moveWhole(ctx, whole, m.when);
    case 'moveOut': {
      // A series moved into the past keeps repeating into the window: out means after it.
      const day = m.future || model.series ? FUTURE_DAYS + 5 : -PAST_DAYS - 12;
      return moveWhole(ctx, whole, { day, hour: 10, minutes: 60, allDay: model.allDay, days: 1 });
    }
    case 'cancel':
      return removeWhole(ctx, whole, true);
    case 'delete':
      return removeWhole(ctx, whole, false);
  }
}

function mutateOccurrence(
  ctx: RunContext,
  m: Extract<Mutation, { kind: 'updateInstance' | 'moveInstance' | 'deleteInstance' }>,
): void {
  const master = pickSeries(ctx, m.target);
  const model = master ? ctx.models.get(master) : undefined;
  if (!master || !model) return;
  const entry = pick(occurrencesOf(ctx, master), m.occurrence);
  if (!entry?.originalStart) return;
  ctx.recent.push(master);
  ctx.log.push(`  occurrence ${entry.originalStart} of ${master}`);
  const state = ctx.emulator.state;
  if (m.kind === 'deleteInstance') {
    state.deleteOccurrence(ALICE, master, entry.originalStart);
  } else if (m.kind === 'updateInstance') {
    const { start, end } = entry;
    state.modifyOccurrence(ALICE, master, entry.originalStart, {
      start,
      end,
      subject: m.title,
      ...(m.attendees !== null ? { requiredAttendees: attendeesOf(m.attendees) } : {}),
    });
  } else {
    const moved = shiftedOccurrence(entry, model, m.shiftHours);
    state.modifyOccurrence(ALICE, master, entry.originalStart, {
      ...moved,
      subject: entry.subject,
    });
  }
}

// --- the comparison ----------------------------------------------------------------------------

interface Comparable {
  id: string;
  title: string;
  allDay: boolean;
  start: string | null;
  end: string | null;
  startDate: string | null;
  endDate: string | null;
  originalStart: string | null;
  status: string;
  transparency: string;
  seriesId: string | null;
  attendees: string[];
}

const localDate = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone: mustIana(zone) }).toISODate() ?? iso;

/** UTC to the second, as instance ids write original starts of timed series. */
const utcSecond = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** An original start as the store keeps it: the date (all-day) or the instant, normalised. */
function normalisedOriginal(value: string | null): string | null {
  if (value === null || /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return utcSecond(Date.parse(value));
}

/** What the calendar view lists, in the terms the store keeps (subjects trimmed, emails lower). */
function fromExchange(v: ViewEntry, models: ReadonlyMap<string, ItemModel>): Comparable {
  const occurrence = readOccurrenceId(v.itemId);
  const itemId = occurrence?.masterId ?? v.itemId;
  const model = models.get(itemId);
  if (!model) throw new Error(`the view lists ${itemId}, which the test does not know`);
  const originalStart = occurrence
    ? model.allDay
      ? localDate(new Date(occurrence.originalStartMs).toISOString(), model.zone)
      : utcSecond(occurrence.originalStartMs)
    : null;
  const startDate = model.allDay ? localDate(v.start, model.zone) : null;
  const lastDate = model.allDay ? localDate(v.end, model.zone) : null;
  return {
    id: occurrence ? `${itemId}::${originalStart}` : itemId,
    title: v.subject.trim() || '(no title)',
    allDay: model.allDay,
    start: model.allDay ? null : v.start,
    end: model.allDay ? null : v.end,
    startDate,
    endDate:
      startDate && lastDate && lastDate <= startDate
        ? (DateTime.fromISO(startDate, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? null)
        : lastDate,
    originalStart,
    status: model.cancelled ? 'cancelled' : 'confirmed',
    transparency: model.free ? 'transparent' : 'opaque',
    seriesId: occurrence ? itemId : null,
    // The entry's own: an exception may invite others than its series.
    attendees: v.attendees.map((email) => email.toLowerCase()).sort(),
  };
}

function fromStore(s: StoredEvent): Comparable {
  const e = s.event;
  return {
    id: e.providerEventId,
    title: e.title,
    allDay: e.allDay,
    start: e.allDay ? null : e.start,
    end: e.allDay ? null : e.end,
    startDate: e.allDay ? e.startDate : null,
    endDate: e.allDay ? e.endDate : null,
    originalStart: normalisedOriginal(e.originalStart),
    status: e.status,
    transparency: e.transparency,
    seriesId: e.seriesId,
    attendees: e.attendees.map((a) => a.email).sort(),
  };
}

/** Differences between the store and Exchange's view of the window; empty when they agree. */
function differences(stored: StoredEvent[], truth: Comparable[]): string[] {
  return differencesById(stored.map(fromStore), truth, {
    provider: 'Exchange',
    notInTruth: "not in Exchange's window",
  });
}

// --- the suite ---------------------------------------------------------------------------------

interface Target {
  scope: Scope;
  calendarId: string;
}

const BASIC = { authType: 'basic', username: 'alice', password: ALICE_PASSWORD };

// On SQLite only: the store's two dialects are proven alike by the Google property and the store
// suites; what this one adds is the Exchange provider's part.
describe('Exchange sync converges under faults, kills and restarts [sqlite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calintel-exchange-convergence-'));
  let opened: Store | undefined;
  let running: RunningExchangeEmulator | undefined;
  let runs = 0;
  const theStore = (): Store => {
    if (!opened) throw new Error('the store did not open');
    return opened;
  };
  const theEmulator = (): RunningExchangeEmulator => {
    if (!running) throw new Error('the emulator did not start');
    return running;
  };

  /** The engine and provider of one process: a restart builds new ones on the same store. */
  function newEngine(scenario: Scenario): SyncEngine {
    const provider = new ExchangeProvider(new ExchangeClient({ timeoutMs: 10_000 }), {
      maxChangesReturned: scenario.maxChangesReturned,
      getItemBatch: scenario.getItemBatch,
    });
    return new SyncEngine({
      store: new StoreSyncAdapter(theStore()),
      providers: new Map<string, CalendarProvider>([['exchange', provider]]),
      clock: () => NOW,
      window: { pastDays: PAST_DAYS, futureDays: FUTURE_DAYS },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  }

  /** Alice's calendar back to empty, connected for a new user of the store. */
  async function connectFresh(): Promise<Target> {
    const emulator = theEmulator();
    const store = theStore();
    emulator.state.reset();
    runs += 1;
    const org = await store.organisations.create({
      name: `Contoso Exchange convergence ${runs}`,
      internalDomains: ['contoso.test'],
    });
    const user = await store.users.create(org.id, { email: ALICE, name: 'Alice' });
    const scope = { orgId: org.id, userId: user.id };
    const settings = { serverUrl: emulator.ewsUrl, version: 'Exchange2013_SP1' };
    const stored = await store.connections.create(scope, {
      provider: 'exchange',
      label: 'Exchange',
      secrets: BASIC,
      settings,
    });
    const connection: ProviderConnection = { id: stored.id, secrets: BASIC, settings };
    const [remote] = await new ExchangeProvider().listCalendars(connection);
    if (!remote) throw new Error('the mailbox has no calendar');
    const calendar = await store.calendars.upsert(scope, stored.id, remote);
    if (!calendar) throw new Error('the calendar was not stored');
    return { scope, calendarId: calendar.id };
  }

  beforeAll(async () => {
    opened = await Store.open({
      url: `sqlite:${join(dir, 'store.db')}`,
      secretKey: TEST_SECRET_KEY,
    });
    running = await startExchangeEmulator({ protocol: 'http', seed: buildSeed([]) });
  });

  afterAll(async () => {
    await running?.close();
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function injectFaults(scenario: Scenario): void {
    const state = theEmulator().state;
    state.seedFaults(scenario.seed);
    // A short back-off: the engine records it and the test does not wait for it.
    const fault = (kind: FaultKind, rate: number) =>
      state.addFault({ fault: kind, rate, ...(kind === 'serverBusy' ? { backOffMs: 50 } : {}) });
    // Mixed: four rules in turn, together they fail about FAULT_RATE of the calls.
    scheduleFaults(scenario.faults, FAULT_KINDS, fault, FAULT_RATE);
  }

  /** One property run: a fresh calendar and user, the commands, then the final syncs and checks. */
  async function runScenario(scenario: Scenario): Promise<void> {
    const emulator = theEmulator();
    const store = theStore();
    const { scope, calendarId } = await connectFresh();
    let engine = newEngine(scenario);
    const ctx: RunContext = {
      emulator,
      idPrefix: `AAMkR${runs}E`,
      nextId: 1,
      wholes: [],
      models: new Map(),
      recent: [],
      log: [
        `maxChangesReturned ${scenario.maxChangesReturned}, getItemBatch ${scenario.getItemBatch}`,
      ],
    };
    injectFaults(scenario);

    const sync = (command: SyncCommand): Promise<void> =>
      runKillableSync({
        command,
        run: ctx,
        syncCalendar: (options) => engine.syncCalendar(scope, calendarId, options),
        applyDuring: (during) => {
          mutate(ctx, during.mutation);
          if (during.invalidate) {
            ctx.log.push('  and every SyncState is invalidated');
            emulator.state.invalidateSyncStates(ALICE);
          }
        },
        recordCrash: () => store.syncStatus.markStarted(scope, calendarId, NOW),
        restart: async () => {
          engine = newEngine(scenario);
        },
      });

    try {
      for (const item of scenario.initial) mutate(ctx, item);
      for (const command of scenario.commands) {
        if (command.kind === 'sync') await sync(command);
        else mutate(ctx, command);
      }

      emulator.state.clearFaults();
      const outcome = await engine.syncCalendar(scope, calendarId).catch((error: unknown) => {
        throw new Error(
          `the final sync (no faults) failed: ${String(error)}\n--- steps:\n${ctx.log.join('\n')}`,
        );
      });
      ctx.log.push(`final sync: ${JSON.stringify(counts(outcome))}`);

      const window = engine.window();
      const truth = emulator.state
        .view(ALICE, window.from.toISOString(), window.to.toISOString())
        .map((v) => fromExchange(v, ctx.models));
      const storedNow = async () =>
        (await store.events.list(scope, { calendarId, limit: 5000 })).items;
      ctx.log.push(`the window lists ${truth.length} events`);
      const problems = await convergenceProblems({
        storeProblems: async () => differences(await storedNow(), truth),
        status: () => store.syncStatus.get(scope, calendarId),
        cursorProblem: (status) =>
          readCursor(status?.cursor ?? null)?.syncState
            ? null
            : `no SyncState in the cursor after a successful sync: ${status?.cursor}`,
        // The cursor holds a live SyncState: the next sync is a delta round with nothing in it.
        idleSync: () => engine.syncCalendar(scope, calendarId),
        idleShouldBe: 'empty',
      });
      reportRun({
        verbose: ENV.verbose,
        provider: 'Exchange',
        label: `run ${runs}`,
        faults: scenario.faults,
        problems,
        run: ctx,
      });
    } finally {
      emulator.state.clearFaults();
    }
  }

  it(
    'the store equals the calendar view after random changes, faults, kills and restarts',
    async () => {
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(scenarioArb, (scenario) => runScenario(scenario)),
        runParameters(ENV, RUNS, baseSeed(ENV)),
      );
      console.log(`exchange convergence: ${RUNS} runs in ${secondsSince(started)} s`);
    },
    // Runs are small; the bound is for a failure's shrinking and for larger counts.
    propertyTimeoutMs(RUNS),
  );
});
