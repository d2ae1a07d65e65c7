/**
 * Convergence under faults for Outlook (issue 7, "Proof"): the property of the Google issue
 * (test/google/convergence.test.ts), run through MSAL, the Graph SDK and calendarView delta.
 * Random sequences of changes made in Outlook (the emulator: events added, moved, cancelled and
 * deleted, series added, their occurrences modified, moved, cancelled or deleted, events moved out
 * of the sync window and back) are interleaved with syncs through the real SyncEngine on SQLite,
 * while the emulator fails 20% of the delta calls (429 and 503/504 with a Retry-After of 0 s,
 * 500, dropped connections, 410 resync and syncStateNotFound) and shapes its rounds with empty
 * pages, replayed items and a deltaLink on a page of its own; changes also land while a round is
 * being paged through. Syncs are killed after a random page (an abort between pages, or a crash
 * right after a page's commit), and the next step runs in a freshly built app on the same
 * database, as a restarted process would. After the faults stop and one sync succeeds, the store
 * must equal what the calendar view lists for the engine's window, the cursor must hold a
 * deltaLink, and one more sync must find nothing to do.
 *
 * One emulator, one organisation and one app configuration per lane. Delta exists for the default
 * calendar only, so each property run resets the emulator (its mailbox back to one empty default
 * calendar, its tokens and delta state forgotten) and connects it afresh, through the service's
 * code flow, for a new user of the store: runs stay independent and replayable.
 *
 * Environment, as for Google: CONVERGENCE_RUNS (default 50), CONVERGENCE_LANES (default 1),
 * CONVERGENCE_SEED and CONVERGENCE_PATH (replay what a failure printed, on one lane),
 * CONVERGENCE_VERBOSE=1 (print each run's steps). `npm run test:convergence:outlook` runs 1,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type FaultKind,
  type GraphEvent,
  type GraphEventInput,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { datePart, instantOf } from '../../emulators/microsoft/graph-times.js';
import { overlaps } from '../../emulators/microsoft/view-listing.js';
import { createApp, type App } from '../../src/app/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { readCursor } from '../../src/providers/microsoft/microsoft-provider.js';
import { Store, type StoredEvent } from '../../src/store/store.js';
import {
  assertOnLanes,
  convergenceProblems,
  DAY_MS,
  differencesById,
  finalSyncWithRetries,
  HOUR_MS,
  killArb,
  lanesFromEnv,
  oneInFour,
  pick,
  propertyTimeoutMs,
  readConvergenceEnv,
  reportRun,
  runKillableSync,
  scheduleFaults,
  shiftHoursArb,
  targetArb,
  titleArb,
  type FaultMode,
  type SyncCommand as KillableSyncCommand,
  type When,
} from '../support/convergence-kit.js';
import { TEST_SECRET_KEY } from '../support/databases.js';

/** Sized so that the default run takes well under 30 s on a small (2-core) machine. */
const ENV = readConvergenceEnv(50);
const RUNS = ENV.runs;
/**
 * One by default: nothing here waits (Retry-After is 0 s), so a second lane in the same process
 * only competes for the CPU (60 runs took 12.7 s on one lane and 18.3 s on two, at load 5-7).
 */
const LANES = lanesFromEnv(1);

/** The engine's window, narrow so that moves in and out of it are common. */
const PAST_DAYS = 7;
const FUTURE_DAYS = 30;
/**
 * The service's clock, fixed for the whole file: the window then cannot move between the final
 * sync and the idle one (a moved window starts a new round, which is right but not "nothing").
 */
const NOW = new Date();
const today = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate());
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const USER = 'dana@northwind.io';
const CALENDAR = 'AAMkDanaCalendar';

// --- the commands ------------------------------------------------------------------------------

type Mutation =
  | { kind: 'add'; when: When; title: string; attendees: string[] }
  | {
      kind: 'addSeries';
      when: When;
      title: string;
      attendees: string[];
      daily: boolean;
      end: { count: number } | { weeks: number } | 'none';
    }
  | {
      kind: 'update';
      target: number;
      instance: boolean;
      title: string | null;
      attendees: string[] | null;
      free: boolean | null;
    }
  | { kind: 'move'; target: number; when: When }
  | { kind: 'moveOut'; target: number; future: boolean }
  | { kind: 'moveInstance'; target: number; shiftHours: number }
  | { kind: 'cancel'; target: number; instance: boolean }
  | { kind: 'delete'; target: number; instance: boolean }
  | { kind: 'expireDeltaTokens'; fate: 'resync' | 'notFound' }
  | { kind: 'expireAccessTokens' }
  /** Deletes (or cancels) an event changed since the last successful sync. */
  | { kind: 'removeRecent'; target: number; cancel: boolean };

/**
 * A change made in Outlook while the round is under way, after this many pages; `thenFail`: and
 * the next call answers 410 or syncStateNotFound (Graph lost the round part-way).
 */
interface During {
  afterPage: number;
  mutation: Mutation;
  thenFail: 'resyncRequired' | 'syncStateNotFound' | null;
}

type SyncCommand = KillableSyncCommand<During>;

type Command = Mutation | SyncCommand;

const FAULT_KINDS: FaultKind[] = [
  'tooManyRequests',
  'applicationThrottled',
  'mailboxConcurrency',
  'serviceUnavailable',
  'gatewayTimeout',
  'internalServerError',
  'drop',
  'resyncRequired',
  'syncStateNotFound',
];

interface Scenario {
  seed: number;
  faults: FaultMode<FaultKind>;
  zone: string;
  pageShapes: {
    sizes: number[];
    emptyPageRate: number;
    replayRate: number;
    emptyFinalPage: boolean;
  };
  /** Events already in the calendar when the commands start. */
  initial: Mutation[];
  commands: Command[];
}

const ATTENDEES = [
  'Buyer@Acme.com',
  'ops@northwind.io',
  'cfo@globex.example',
  'legal@initech.example',
];
/** Windows names as Outlook writes them, and one IANA name, which Graph also accepts. */
const ZONES = [
  'UTC',
  'W. Europe Standard Time',
  'Eastern Standard Time',
  'India Standard Time',
  'Europe/Berlin',
];

const whenArb: fc.Arbitrary<When> = fc.record({
  day: fc.integer({ min: -12, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(30, 60, 90),
  allDay: oneInFour,
  days: fc.integer({ min: 1, max: 3 }),
});
const attendeesArb = fc.subarray(ATTENDEES, { maxLength: 3 });

const addArb = fc.record({
  kind: fc.constant('add' as const),
  when: whenArb,
  title: titleArb,
  attendees: attendeesArb,
});
const addSeriesArb = fc.record({
  kind: fc.constant('addSeries' as const),
  when: whenArb,
  title: titleArb,
  attendees: attendeesArb,
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
  instance: fc.boolean(),
  title: fc.option(titleArb),
  attendees: fc.option(attendeesArb),
  free: fc.option(fc.boolean()),
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
  shiftHours: shiftHoursArb,
});
const cancelArb = fc.record({
  kind: fc.constant('cancel' as const),
  target: targetArb,
  instance: fc.boolean(),
});
const deleteArb = fc.record({
  kind: fc.constant('delete' as const),
  target: targetArb,
  instance: fc.boolean(),
});
const removeRecentArb = fc.record({
  kind: fc.constant('removeRecent' as const),
  target: targetArb,
  cancel: oneInFour,
});

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: addArb },
  { weight: 2, arbitrary: addSeriesArb },
  { weight: 3, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveOutArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelArb },
  { weight: 2, arbitrary: deleteArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('expireDeltaTokens' as const),
      fate: fc.constantFrom('resync' as const, 'notFound' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expireAccessTokens' as const }) },
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
  { weight: 1, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelArb },
  { weight: 3, arbitrary: deleteArb },
);

const syncArb: fc.Arbitrary<SyncCommand> = fc.record({
  kind: fc.constant('sync' as const),
  kill: killArb,
  during: fc.option(
    fc.record({
      afterPage: fc.integer({ min: 1, max: 2 }),
      mutation: duringArb,
      thenFail: fc.option(
        fc.constantFrom('resyncRequired' as const, 'syncStateNotFound' as const),
        {
          freq: 2,
        },
      ),
    }),
    { freq: 3 },
  ),
  restart: fc.boolean(),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  faults: fc.constantFrom<FaultMode<FaultKind>>(...FAULT_KINDS, 'mixed'),
  zone: fc.constantFrom(...ZONES),
  // The provider asks for 500 items a page: the exact sizes of the first pages are what cut
  // these small calendars into several pages (0 is an empty page with a nextLink).
  pageShapes: fc.record({
    sizes: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 6 }),
    emptyPageRate: fc.constantFrom(0, 0.2),
    replayRate: fc.constantFrom(0, 0.3),
    emptyFinalPage: fc.boolean(),
  }),
  initial: fc.array(fc.oneof(addArb, addSeriesArb), { minLength: 1, maxLength: 3 }),
  commands: fc.array(
    fc.oneof({ weight: 3, arbitrary: mutationArb }, { weight: 2, arbitrary: syncArb }),
    { minLength: 5, maxLength: 15 },
  ),
});

// --- turning commands into emulator calls ------------------------------------------------------

type GraphTime = { dateTime: string; timeZone: string };

const wallClock = (dayMs: number, hours: number) =>
  `${new Date(dayMs + hours * HOUR_MS).toISOString().slice(0, 19)}.0000000`;

/** Start and end as Outlook writes them: wall-clock time in the zone named beside it. */
function times(when: When, zone: string): { start: GraphTime; end: GraphTime; isAllDay: boolean } {
  const dayMs = today + when.day * DAY_MS;
  if (when.allDay)
    return {
      isAllDay: true,
      start: { dateTime: wallClock(dayMs, 0), timeZone: zone },
      end: { dateTime: wallClock(dayMs + when.days * DAY_MS, 0), timeZone: zone },
    };
  return {
    isAllDay: false,
    start: { dateTime: wallClock(dayMs, when.hour), timeZone: zone },
    end: { dateTime: wallClock(dayMs, when.hour + when.minutes / 60), timeZone: zone },
  };
}

function recurrenceOf(
  start: GraphTime,
  zone: string,
  m: Extract<Mutation, { kind: 'addSeries' }>,
): GraphEventInput['recurrence'] {
  const startDate = start.dateTime.slice(0, 10);
  const weekday = WEEKDAYS[new Date(`${startDate}T00:00:00Z`).getUTCDay()] ?? 'monday';
  const range =
    m.end === 'none'
      ? { type: 'noEnd' as const, startDate, recurrenceTimeZone: zone }
      : 'count' in m.end
        ? {
            type: 'numbered' as const,
            numberOfOccurrences: m.end.count,
            startDate,
            recurrenceTimeZone: zone,
          }
        : {
            type: 'endDate' as const,
            startDate,
            endDate: dateOf(Date.parse(`${startDate}T00:00:00Z`) + m.end.weeks * 7 * DAY_MS),
            recurrenceTimeZone: zone,
          };
  return {
    pattern: m.daily
      ? { type: 'daily', interval: 1 }
      : { type: 'weekly', interval: 1, daysOfWeek: [weekday], firstDayOfWeek: 'sunday' },
    range,
  };
}

const people = (emails: string[]) =>
  emails.map((address) => ({
    emailAddress: { address, name: address.split('@')[0] ?? address },
    type: 'required' as const,
    status: { response: 'none' as const, time: '0001-01-01T00:00:00Z' },
  }));

/** A series as added, kept to move it later (a moved series keeps its pattern and end). */
interface SeriesPlan {
  mutation: Extract<Mutation, { kind: 'addSeries' }>;
}

interface RunContext {
  emulator: RunningMicrosoftEmulator;
  zone: string;
  idPrefix: string;
  nextId: number;
  /** Whole events (singles and series masters) added and not deleted. */
  wholes: string[];
  series: Map<string, SeriesPlan>;
  /** Ids changed since the last successful sync: what the next delta round holds. */
  recent: string[];
  log: string[];
}

function instances(ctx: RunContext): GraphEvent[] {
  return ctx.emulator.state.listTruth(CALENDAR).filter((e) => e.seriesMasterId);
}

/** A whole event, or (with `instance`) an occurrence or exception of a series. */
function target(ctx: RunContext, index: number, instance: boolean): string | undefined {
  return instance ? pick(instances(ctx), index)?.id : pick(ctx.wholes, index);
}

/** Applies one change in Outlook; a change with nothing to act on is skipped (and logged). */
function mutate(ctx: RunContext, m: Mutation): void {
  const state = ctx.emulator.state;
  const note = (text: string): void => {
    ctx.log.push(`${m.kind}: ${text}`);
  };
  const changed = (id: string) => ctx.recent.push(id);
  switch (m.kind) {
    case 'add': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      state.addEvent(CALENDAR, {
        id,
        subject: m.title,
        attendees: people(m.attendees),
        ...times(m.when, ctx.zone),
      });
      ctx.wholes.push(id);
      changed(id);
      return note(`${id} ${JSON.stringify(m.when)}`);
    }
    case 'addSeries': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      const when = times(m.when, ctx.zone);
      state.addEvent(CALENDAR, {
        id,
        subject: m.title,
        attendees: people(m.attendees),
        ...when,
        recurrence: recurrenceOf(when.start, ctx.zone, m),
      });
      ctx.wholes.push(id);
      ctx.series.set(id, { mutation: m });
      changed(id);
      return note(`${id} ${m.daily ? 'daily' : 'weekly'} ${JSON.stringify(m.end)}`);
    }
    case 'update': {
      const id = target(ctx, m.target, m.instance);
      if (!id) return note('nothing to update');
      const patch = {
        ...(m.title !== null ? { subject: m.title } : {}),
        ...(m.attendees !== null ? { attendees: people(m.attendees) } : {}),
        ...(m.free !== null ? { showAs: m.free ? 'free' : 'busy' } : {}),
      };
      state.updateEvent(CALENDAR, id, patch);
      changed(id);
      return note(`${id} ${JSON.stringify(patch)}`);
    }
    case 'move':
      return moveWhole(ctx, m.target, m.when, note);
    case 'moveOut': {
      // Well past either edge of the window, yet inside the emulator's expansion horizon.
      const day = m.future ? FUTURE_DAYS + 10 : -PAST_DAYS - 10;
      return moveWhole(ctx, m.target, { day, hour: 9, minutes: 60, allDay: false, days: 1 }, note);
    }
    case 'moveInstance': {
      const instance = pick(instances(ctx), m.target);
      if (!instance) return note('no instance to move');
      const to = shifted(instance, m.shiftHours);
      state.moveEvent(CALENDAR, instance.id, to);
      changed(instance.id);
      return note(`${instance.id} to ${JSON.stringify(to.start)}`);
    }
    case 'cancel': {
      const id = target(ctx, m.target, m.instance);
      if (!id) return note('nothing to cancel');
      state.cancelEvent(CALENDAR, id);
      changed(id);
      return note(id);
    }
    case 'delete': {
      const id = target(ctx, m.target, m.instance);
      if (!id) return note('nothing to delete');
      state.deleteEvent(CALENDAR, id);
      ctx.wholes = ctx.wholes.filter((other) => other !== id);
      return note(id);
    }
    case 'removeRecent': {
      const live = new Set([...ctx.wholes, ...instances(ctx).map((e) => e.id)]);
      const id = pick(
        ctx.recent.filter((recent) => live.has(recent)),
        m.target,
      );
      if (!id) return note('nothing changed lately');
      if (m.cancel) state.cancelEvent(CALENDAR, id);
      else state.deleteEvent(CALENDAR, id);
      ctx.wholes = ctx.wholes.filter((other) => other !== id);
      return note(`${id}${m.cancel ? ' (cancelled)' : ''}`);
    }
    case 'expireDeltaTokens':
      return note(`${m.fate}: ${state.expireDeltaTokens(m.fate, USER)}`);
    case 'expireAccessTokens':
      return note(String(state.expireAccessTokens(USER)));
  }
}

/** Moves a single event, or a whole series (its pattern and end rewritten from the new start). */
function moveWhole(ctx: RunContext, index: number, when: When, note: (text: string) => void) {
  const id = pick(ctx.wholes, index);
  if (!id) return note('nothing to move');
  const plan = ctx.series.get(id);
  // A series keeps its kind (all-day or timed); a single event may change kind.
  const to = times(plan ? { ...when, allDay: plan.mutation.when.allDay } : when, ctx.zone);
  ctx.emulator.state.updateEvent(CALENDAR, id, {
    ...to,
    ...(plan ? { recurrence: recurrenceOf(to.start, ctx.zone, plan.mutation) } : {}),
  });
  ctx.recent.push(id);
  note(`${id} to ${JSON.stringify(to.start)}`);
}

/** An instance moved by some hours (timed, written in UTC) or by as many whole days (all-day). */
function shifted(event: GraphEvent, hours: number): { start: GraphTime; end: GraphTime } {
  if (event.isAllDay) {
    const days = Math.sign(hours) * Math.max(1, Math.round(Math.abs(hours) / 24));
    const zone = event.originalStartTimeZone ?? 'UTC';
    const by = (value: GraphTime) => ({
      dateTime: wallClock(Date.parse(`${datePart(value)}T00:00:00Z`) + days * DAY_MS, 0),
      timeZone: zone,
    });
    return { start: by(event.start), end: by(event.end) };
  }
  const by = (value: GraphTime) => ({
    dateTime: wallClock(Date.parse(`${value.dateTime.slice(0, 19)}Z`), hours),
    timeZone: 'UTC',
  });
  return { start: by(event.start), end: by(event.end) };
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

/** A calendar view entry's span (listTruth answers in UTC; all-day events float). */
function spanOf(e: GraphEvent): { startMs: number; endMs: number } {
  if (!e.isAllDay)
    return {
      startMs: Date.parse(`${e.start.dateTime.slice(0, 19)}Z`),
      endMs: Date.parse(`${e.end.dateTime.slice(0, 19)}Z`),
    };
  const zone = e.originalStartTimeZone ?? 'UTC';
  return {
    startMs: instantOf({ dateTime: `${datePart(e.start)}T00:00:00`, timeZone: zone }),
    endMs: instantOf({ dateTime: `${datePart(e.end)}T00:00:00`, timeZone: zone }),
  };
}

const utcInstant = (value: GraphTime) =>
  new Date(Date.parse(`${value.dateTime.slice(0, 19)}Z`)).toISOString();

/** What Outlook lists, in the terms the store keeps (subjects trimmed, emails lower-cased). */
function fromOutlook(e: GraphEvent): Comparable {
  const allDay = e.isAllDay === true;
  return {
    id: e.id,
    title: e.subject?.trim() || '(no title)',
    allDay,
    start: allDay ? null : utcInstant(e.start),
    end: allDay ? null : utcInstant(e.end),
    startDate: allDay ? datePart(e.start) : null,
    endDate: allDay ? datePart(e.end) : null,
    originalStart:
      allDay || !e.originalStart ? null : new Date(Date.parse(e.originalStart)).toISOString(),
    status: e.isCancelled ? 'cancelled' : 'confirmed',
    transparency: e.showAs === 'free' ? 'transparent' : 'opaque',
    seriesId: e.seriesMasterId ?? null,
    attendees: (e.attendees ?? []).map((a) => (a.emailAddress.address ?? '').toLowerCase()).sort(),
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
    originalStart: e.allDay ? null : e.originalStart,
    status: e.status,
    transparency: e.transparency,
    seriesId: e.seriesId,
    attendees: e.attendees.map((a) => a.email).sort(),
  };
}

/** Differences between the store and Outlook's view of the window; empty when they agree. */
function differences(stored: StoredEvent[], truth: GraphEvent[]): string[] {
  return differencesById(stored.map(fromStore), truth.map(fromOutlook), {
    provider: 'Outlook',
    notInTruth: "not in Outlook's window",
  });
}

// --- the suite ---------------------------------------------------------------------------------

interface Lane {
  emulator: RunningMicrosoftEmulator;
  config: Config;
  orgName: string;
  runs: number;
}

// On SQLite only: the store's two dialects are proven alike by the Google property and the store
// suites; what this one adds is the Microsoft provider's part.
describe('Outlook sync converges under faults, kills and restarts [sqlite]', () => {
  const lanes: Lane[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'calintel-outlook-convergence-'));
  let opened: Store | undefined;
  const theStore = (): Store => {
    if (!opened) throw new Error('the store did not open');
    return opened;
  };

  const newApp = (lane: Lane) =>
    createApp(lane.config, {
      store: theStore(),
      clock: () => NOW,
      logger: pino({ level: 'silent' }),
      microsoftFetch: fetchTrusting(lane.emulator.ca),
    });

  async function openLane(index: number): Promise<Lane> {
    const emulator = await startMicrosoftEmulator({
      seed: {
        users: [
          {
            email: USER,
            name: 'Dana Reyes',
            calendars: [{ id: CALENDAR, name: 'Calendar', isDefaultCalendar: true }],
          },
        ],
      },
      // Nothing listens at the service's webhook: subscriptions fail their handshake at once.
      settings: { notificationRetryDelaysMs: [], validationTimeoutMs: 500 },
    });
    const config = loadConfig({
      CALINTEL_DATA_DIR: join(dir, `lane${index}`),
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'silent',
      MICROSOFT_CLIENT_ID: emulator.clientId,
      MICROSOFT_CLIENT_SECRET: emulator.clientSecret,
      MICROSOFT_AUTHORITY_URL: emulator.url,
      MICROSOFT_GRAPH_API_URL: emulator.url,
      SYNC_WINDOW_PAST_DAYS: String(PAST_DAYS),
      SYNC_WINDOW_FUTURE_DAYS: String(FUTURE_DAYS),
      CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
    });
    return { emulator, config, orgName: `Northwind Outlook convergence ${index}`, runs: 0 };
  }

  /**
   * The mailbox back to one empty default calendar, connected through the service's code flow
   * (PKCE, MSAL's code redemption) for a new user of the store, whose calendar the run syncs.
   */
  async function connectFresh(lane: Lane, app: App) {
    lane.emulator.state.reset();
    lane.runs += 1;
    const created = await app.admin.createUser({
      email: `rep${lane.runs}@northwind.io`,
      orgName: lane.orgName,
      name: 'Dana Reyes',
      timeZone: 'Europe/Berlin',
      internalDomains: ['northwind.io'],
    });
    const scope = { orgId: created.organisation.id, userId: created.user.id };
    const started = await app.microsoft.startConnect(scope, { loginHint: USER });
    const consent = await fetchTrusting(lane.emulator.ca)(started.authorizationUrl, {
      redirect: 'manual',
    });
    const callback = new URL(consent.headers.get('location') ?? '');
    await app.microsoft.finishConnect({
      state: callback.searchParams.get('state') ?? '',
      code: callback.searchParams.get('code') ?? '',
    });
    const calendar = (await app.store.calendars.list(scope)).find(
      (c) => c.providerCalendarId === CALENDAR,
    );
    if (!calendar) throw new Error('the connected mailbox has no default calendar');
    return { scope, calendarId: calendar.id };
  }

  beforeAll(async () => {
    opened = await Store.open({
      url: `sqlite:${join(dir, 'store.db')}`,
      secretKey: TEST_SECRET_KEY,
    });
    for (let index = 0; index < LANES; index++) lanes.push(await openLane(index));
  });

  afterAll(async () => {
    for (const lane of lanes) await lane.emulator.close();
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One property run: a fresh mailbox and user, the commands, then the final syncs and checks. */
  async function runScenario(lane: Lane, scenario: Scenario): Promise<void> {
    const { emulator } = lane;
    const store = theStore();
    let app = await newApp(lane);
    const { scope, calendarId } = await connectFresh(lane, app).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    const ctx: RunContext = {
      emulator,
      zone: scenario.zone,
      idPrefix: `AAMkR${lane.runs}E`,
      nextId: 1,
      wholes: [],
      series: new Map(),
      recent: [],
      log: [],
    };
    emulator.state.seedFaults(scenario.seed);
    emulator.state.updateSettings({ pageShapes: { ...scenario.pageShapes, seed: scenario.seed } });
    const only = { pathIncludes: '/calendarView/delta' };
    // Retry-After 0 s: the Graph SDK retries at once (it would sleep whatever Graph asks).
    const fault = (kind: FaultKind, rate: number) =>
      emulator.state.addFault({ match: only, fault: kind, rate, retryAfterSeconds: 0 });
    // Mixed: nine rules at 2.45% each, one of them fires on 20% of the calls.
    scheduleFaults(scenario.faults, FAULT_KINDS, fault, 0.2, 0.0245);

    const sync = (command: SyncCommand): Promise<void> =>
      runKillableSync({
        command,
        run: ctx,
        syncCalendar: (options) => app.engine.syncCalendar(scope, calendarId, options),
        applyDuring: (during) => {
          mutate(ctx, during.mutation);
          if (during.thenFail) {
            ctx.log.push(`  and the next call answers ${during.thenFail}`);
            emulator.state.addFault({ match: only, fault: during.thenFail, times: 1 });
          }
        },
        recordCrash: () => store.syncStatus.markStarted(scope, calendarId, NOW),
        restart: async () => {
          await app.close();
          app = await newApp(lane);
        },
      });

    try {
      for (const event of scenario.initial) mutate(ctx, event);
      for (const command of scenario.commands) {
        if (command.kind === 'sync') await sync(command);
        else mutate(ctx, command);
      }

      emulator.state.clearFaults();
      await finalSyncWithRetries(() => app.engine.syncCalendar(scope, calendarId), ctx);

      const window = app.engine.window();
      const truth = emulator.state
        .listTruth(CALENDAR)
        .filter((e) => overlaps(spanOf(e), { fromMs: +window.from, toMs: +window.to }));
      const storedNow = async () =>
        (await store.events.list(scope, { calendarId, limit: 5000 })).items;
      const problems = await convergenceProblems({
        storeProblems: async () => differences(await storedNow(), truth),
        status: () => store.syncStatus.get(scope, calendarId),
        cursorProblem: (status) =>
          readCursor(status?.cursor ?? null)?.deltaLink
            ? null
            : `no deltaLink in the cursor after a successful sync: ${status?.cursor}`,
        // The cursor is a live deltaLink: the next sync is a delta round with nothing in it (a
        // new round over the window would count every event as unchanged).
        idleSync: () => app.engine.syncCalendar(scope, calendarId),
        idleShouldBe: 'an empty delta',
      });
      reportRun({
        verbose: ENV.verbose,
        provider: 'Outlook',
        label: `run ${lane.runs}`,
        faults: scenario.faults,
        problems,
        run: ctx,
      });
    } finally {
      emulator.state.clearFaults();
      await app.close();
    }
  }

  it(
    'the store equals Outlook after random changes, 20% faults, kills and restarts',
    async () => {
      const done = await assertOnLanes(lanes, scenarioArb, runScenario, RUNS, ENV);
      console.log(
        `outlook convergence: ${RUNS} runs on ${done.lanes} lane(s) in ${done.seconds} s`,
      );
    },
    // Runs are small; the bound is for a failure's shrinking and for larger counts.
    propertyTimeoutMs(RUNS),
  );
});
