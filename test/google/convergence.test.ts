/**
 * Convergence under faults (issue 3, "Proof"). Random sequences of changes made in Google (the
 * emulator) are interleaved with syncs while the emulator fails 20% of the Calendar API calls
 * (403 and 429 rate limits, 500, 503, dropped connections, 410) and cuts its listings into short
 * and empty pages; changes also land while a listing is being paged through. Syncs are killed
 * after a random page (an abort between pages, or a crash right after a page's commit) and the
 * next step runs in a freshly built app on the same database, as a restarted process would (its
 * providers, and their token caches, are new). After the faults stop and one sync succeeds, the
 * store must equal what Google lists: every event there, none twice, none stale, and the next
 * sync incremental with nothing to do.
 *
 * One emulator, one OAuth connection and one app configuration per lane; each property run gets
 * a calendar of its own on that connection, so runs stay independent and cost only what they do.
 *
 * Environment: CONVERGENCE_RUNS (SQLite runs, default 250; PostgreSQL runs a quarter of them
 * unless CONVERGENCE_PG_RUNS says otherwise), CONVERGENCE_LANES (runs side by side, default 2),
 * CONVERGENCE_SEED and CONVERGENCE_PATH (replay what a failure printed, on one lane),
 * CONVERGENCE_VERBOSE=1 (print each run's steps). scripts/convergence-nightly.mjs runs thousands.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, it } from 'vitest';
import {
  startGoogleEmulator,
  type FaultKind,
  type GoogleEvent,
  type GoogleEventDateTime,
  type GoogleEventPatch,
  type RunningGoogleEmulator,
} from '../../emulators/google/index.js';
import { createApp } from '../../src/app/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { StoredEvent } from '../../src/store/store.js';
import { describeEachDialect, TEST_SECRET_KEY } from '../support/databases.js';
import {
  assertOnLanes,
  convergenceProblems,
  DAY_MS,
  differencesById,
  envInt,
  finalSyncWithRetries,
  HOUR_MS,
  killArb,
  lanesFromEnv,
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
import { googleEmulatorEnv } from '../support/google-env.js';

/** Sized so that the SQLite half takes under a minute on a small (2-core) machine. */
const ENV = readConvergenceEnv(250);
const SQLITE_RUNS = ENV.runs;
const POSTGRES_RUNS = envInt('CONVERGENCE_PG_RUNS') ?? Math.max(1, Math.ceil(SQLITE_RUNS / 4));
/** Property runs side by side, each on an emulator and a tenant of its own. */
const LANES = lanesFromEnv(2);

const today = Date.UTC(
  new Date().getUTCFullYear(),
  new Date().getUTCMonth(),
  new Date().getUTCDate(),
);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  dateOf(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);

// --- the commands ------------------------------------------------------------------------------

type Mutation =
  | { kind: 'add'; when: When; title: string; attendees: string[] }
  | {
      kind: 'addSeries';
      when: When;
      title: string;
      attendees: string[];
      count: number | null;
      untilWeeks: number;
    }
  | {
      kind: 'update';
      target: number;
      instance: boolean;
      title: string | null;
      attendees: string[] | null;
      status: 'confirmed' | 'tentative' | null;
    }
  | { kind: 'move'; target: number; when: When }
  | { kind: 'moveInstance'; target: number; shiftHours: number }
  | { kind: 'cancelInstance'; target: number }
  | { kind: 'cancelSeries'; target: number }
  | { kind: 'delete'; target: number; purge: boolean }
  | { kind: 'invalidateSyncTokens' }
  | { kind: 'expireAccessTokens' }
  /** Deletes an event (or cancels an instance) changed since the last successful sync. */
  | { kind: 'removeRecent'; target: number };

/**
 * A change made in Google while the listing is under way, after this many pages; `then410`: and
 * the next call answers 410 (Google dropped the sync token part-way through the listing).
 */
interface During {
  afterPage: number;
  mutation: Mutation;
  then410: boolean;
}

type SyncCommand = KillableSyncCommand<During>;

type Command = Mutation | SyncCommand;

const FAULT_KINDS: FaultKind[] = [
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'tooManyRequests',
  'backendError',
  'serviceUnavailable',
  'drop',
  'fullSyncRequired',
];

interface Scenario {
  seed: number;
  faults: FaultMode<FaultKind>;
  zone: string;
  pageShapes: { sizes: number[]; emptyPageRate: number; shortPageRate: number };
  /** Events already in the calendar when it is first synced (or not) by the commands. */
  initial: Mutation[];
  commands: Command[];
}

const ATTENDEES = [
  'Buyer@Acme.com',
  'ops@northwind.io',
  'cfo@globex.example',
  'legal@initech.example',
];

const whenArb: fc.Arbitrary<When> = fc.record({
  day: fc.integer({ min: -20, max: 40 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minutes: fc.constantFrom(30, 60, 90),
  allDay: fc.boolean(),
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
  count: fc.option(fc.integer({ min: 2, max: 4 })),
  untilWeeks: fc.integer({ min: 1, max: 3 }),
});

const updateArb = fc.record({
  kind: fc.constant('update' as const),
  target: targetArb,
  instance: fc.boolean(),
  title: fc.option(titleArb),
  attendees: fc.option(attendeesArb),
  status: fc.option(fc.constantFrom('confirmed' as const, 'tentative' as const)),
});
const moveArb = fc.record({ kind: fc.constant('move' as const), target: targetArb, when: whenArb });
const moveInstanceArb = fc.record({
  kind: fc.constant('moveInstance' as const),
  target: targetArb,
  shiftHours: shiftHoursArb,
});
const cancelInstanceArb = fc.record({
  kind: fc.constant('cancelInstance' as const),
  target: targetArb,
});
const cancelSeriesArb = fc.record({
  kind: fc.constant('cancelSeries' as const),
  target: targetArb,
});
const deleteArb = fc.record({
  kind: fc.constant('delete' as const),
  target: targetArb,
  purge: fc.boolean(),
});

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: addArb },
  { weight: 2, arbitrary: addSeriesArb },
  { weight: 3, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 2, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelInstanceArb },
  { weight: 1, arbitrary: cancelSeriesArb },
  { weight: 2, arbitrary: deleteArb },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalidateSyncTokens' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expireAccessTokens' as const }) },
);

/**
 * Changes made while a listing is under way lean towards taking away what a committed page may
 * have just brought: the case where a listing's earlier pages and its end can disagree.
 */
const duringArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('removeRecent' as const), target: targetArb }),
  },
  { weight: 1, arbitrary: addArb },
  { weight: 1, arbitrary: updateArb },
  { weight: 2, arbitrary: moveArb },
  { weight: 1, arbitrary: moveInstanceArb },
  { weight: 2, arbitrary: cancelInstanceArb },
  { weight: 1, arbitrary: cancelSeriesArb },
  { weight: 3, arbitrary: deleteArb },
);

const syncArb: fc.Arbitrary<SyncCommand> = fc.record({
  kind: fc.constant('sync' as const),
  kill: killArb,
  during: fc.option(
    fc.record({
      afterPage: fc.integer({ min: 1, max: 2 }),
      mutation: duringArb,
      then410: fc.boolean(),
    }),
    { freq: 3 },
  ),
  restart: fc.boolean(),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  faults: fc.constantFrom<FaultMode<FaultKind>>(...FAULT_KINDS, 'mixed'),
  zone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
  pageShapes: fc.record({
    sizes: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
    emptyPageRate: fc.constantFrom(0, 0.2),
    shortPageRate: fc.constantFrom(0, 0.5),
  }),
  initial: fc.array(fc.oneof(addArb, addSeriesArb), { minLength: 1, maxLength: 3 }),
  commands: fc.array(
    fc.oneof({ weight: 3, arbitrary: mutationArb }, { weight: 2, arbitrary: syncArb }),
    { minLength: 5, maxLength: 15 },
  ),
});

// --- turning commands into emulator calls ------------------------------------------------------

function times(when: When, zone: string): { start: GoogleEventDateTime; end: GoogleEventDateTime } {
  if (when.allDay) {
    const date = dateOf(today + when.day * DAY_MS);
    return { start: { date }, end: { date: addDays(date, when.days) } };
  }
  const startMs = today + when.day * DAY_MS + when.hour * HOUR_MS;
  return {
    start: { dateTime: new Date(startMs).toISOString(), timeZone: zone },
    end: { dateTime: new Date(startMs + when.minutes * 60_000).toISOString(), timeZone: zone },
  };
}

const people = (emails: string[]) =>
  emails.map((email) => ({ email, responseStatus: 'needsAction' as const }));
const isAllDay = (value: GoogleEventDateTime | undefined) => Boolean(value?.date);

interface RunContext {
  emulator: RunningGoogleEmulator;
  /** The emulator's user who owns the calendar. */
  user: string;
  /** The calendar's id in Google. */
  googleId: string;
  zone: string;
  idPrefix: string;
  nextId: number;
  /** Ids of the whole events (singles, series) added and not purged, deleted ones included. */
  added: string[];
  /** Ids changed since the last successful sync: what the next delta's pages hold. */
  recent: string[];
  log: string[];
}

/** Live whole events (singles and series masters). */
function wholeEvents(ctx: RunContext): GoogleEvent[] {
  return ctx.emulator.state
    .listTruth(ctx.googleId, { singleEvents: false })
    .filter((e) => !e.recurringEventId && e.status !== 'cancelled');
}

function liveInstances(ctx: RunContext): GoogleEvent[] {
  return ctx.emulator.state
    .listTruth(ctx.googleId, { singleEvents: true })
    .filter((e) => e.recurringEventId && e.status !== 'cancelled');
}

/** Applies one change in Google; a change with nothing to act on is skipped (and logged). */
function mutate(ctx: RunContext, m: Mutation): void {
  const state = ctx.emulator.state;
  const cal = ctx.googleId;
  const note = (text: string): void => {
    ctx.log.push(`${m.kind}: ${text}`);
  };
  switch (m.kind) {
    case 'add': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      ctx.added.push(id);
      ctx.recent.push(id);
      state.addEvent(cal, {
        id,
        summary: m.title,
        attendees: people(m.attendees),
        ...times(m.when, ctx.zone),
      });
      return note(id);
    }
    case 'addSeries': {
      const id = `${ctx.idPrefix}${ctx.nextId++}`;
      ctx.added.push(id);
      ctx.recent.push(id);
      const when = times(m.when, ctx.zone);
      const rule =
        m.count !== null ? `COUNT=${m.count}` : `UNTIL=${untilOf(when.start, m.untilWeeks)}`;
      state.addEvent(cal, {
        id,
        summary: m.title,
        attendees: people(m.attendees),
        ...when,
        recurrence: [`RRULE:FREQ=WEEKLY;${rule}`],
      });
      return note(`${id} ${rule}`);
    }
    case 'update': {
      const target = pick(m.instance ? liveInstances(ctx) : wholeEvents(ctx), m.target);
      if (!target) return note('nothing to update');
      const patch: GoogleEventPatch = {
        ...(m.title !== null ? { summary: m.title } : {}),
        ...(m.attendees !== null ? { attendees: people(m.attendees) } : {}),
        ...(m.status !== null ? { status: m.status } : {}),
      };
      state.updateEvent(cal, target.id, patch);
      ctx.recent.push(target.id);
      return note(`${target.id} ${JSON.stringify(patch)}`);
    }
    case 'move': {
      const target = pick(wholeEvents(ctx), m.target);
      if (!target) return note('nothing to move');
      // A series keeps its kind (its UNTIL is written for it); a single event may change kind.
      const when = target.recurrence?.length
        ? { ...m.when, allDay: isAllDay(target.start) }
        : m.when;
      const to = times(when, ctx.zone);
      state.moveEvent(cal, target.id, to);
      ctx.recent.push(target.id);
      return note(`${target.id} to ${JSON.stringify(to.start)}`);
    }
    case 'moveInstance': {
      const target = pick(liveInstances(ctx), m.target);
      if (!target?.start || !target.end) return note('no instance to move');
      const to = shifted(target, m.shiftHours);
      state.moveEvent(cal, target.id, to);
      ctx.recent.push(target.id);
      return note(`${target.id} to ${JSON.stringify(to.start)}`);
    }
    case 'cancelInstance': {
      const target = pick(liveInstances(ctx), m.target);
      if (!target) return note('no instance to cancel');
      state.cancelEvent(cal, target.id);
      return note(target.id);
    }
    case 'cancelSeries': {
      const target = pick(
        wholeEvents(ctx).filter((e) => e.recurrence?.length),
        m.target,
      );
      if (!target) return note('no series to cancel');
      state.cancelEvent(cal, target.id);
      return note(target.id);
    }
    case 'delete': {
      // A purge may also hit an event already deleted: Google forgets tombstones after a while.
      const id = m.purge ? pick(ctx.added, m.target) : pick(wholeEvents(ctx), m.target)?.id;
      if (!id) return note('nothing to delete');
      state.deleteEvent(cal, id, { purge: m.purge });
      if (m.purge) ctx.added = ctx.added.filter((other) => other !== id);
      return note(`${id}${m.purge ? ' (purged)' : ''}`);
    }
    case 'removeRecent': {
      const live = new Set([...wholeEvents(ctx), ...liveInstances(ctx)].map((e) => e.id));
      const target = pick(
        ctx.recent.filter((id) => live.has(id)),
        m.target,
      );
      if (!target) return note('nothing changed lately');
      state.cancelEvent(cal, target);
      return note(target);
    }
    case 'invalidateSyncTokens':
      return note(String(state.invalidateSyncTokens(cal)));
    case 'expireAccessTokens':
      return note(String(state.expireAccessTokens(ctx.user)));
  }
}

/** The RRULE UNTIL that keeps `weeks` more weekly instances after the first. */
function untilOf(start: GoogleEventDateTime, weeks: number): string {
  if (start.date) return addDays(start.date, weeks * 7).replaceAll('-', '');
  // Half a day of slack: a DST change moves the instance by an hour, never out of the rule.
  const until = Date.parse(start.dateTime ?? '') + weeks * 7 * DAY_MS + 12 * HOUR_MS;
  return `${new Date(until).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** An instance moved by some hours (timed) or by as many whole days (all-day). */
function shifted(
  event: GoogleEvent,
  hours: number,
): { start: GoogleEventDateTime; end: GoogleEventDateTime } {
  const { start = {}, end = {} } = event;
  if (start.date && end.date) {
    const days = Math.sign(hours) * Math.max(1, Math.round(Math.abs(hours) / 24));
    return { start: { date: addDays(start.date, days) }, end: { date: addDays(end.date, days) } };
  }
  const by = (value: GoogleEventDateTime) => ({
    ...value,
    dateTime: new Date(Date.parse(value.dateTime ?? '') + hours * HOUR_MS).toISOString(),
  });
  return { start: by(start), end: by(end) };
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
  status: string;
  seriesId: string | null;
  attendees: string[];
}

const instant = (value: string | undefined) =>
  value ? new Date(Date.parse(value)).toISOString() : null;

/** What Google lists, in the terms the store keeps (titles trimmed, emails lower-cased). */
function fromGoogle(e: GoogleEvent): Comparable {
  const allDay = isAllDay(e.start);
  return {
    id: e.id,
    title: e.summary?.trim() || '(no title)',
    allDay,
    start: allDay ? null : instant(e.start?.dateTime),
    end: allDay ? null : instant(e.end?.dateTime),
    startDate: allDay ? (e.start?.date ?? null) : null,
    endDate: allDay ? (e.end?.date ?? null) : null,
    status: e.status ?? 'confirmed',
    seriesId: e.recurringEventId ?? null,
    attendees: (e.attendees ?? []).map((a) => (a.email ?? '').toLowerCase()).sort(),
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
    status: e.status,
    seriesId: e.seriesId,
    attendees: e.attendees.map((a) => a.email).sort(),
  };
}

/** Differences between the store and Google; empty when they agree. */
function differences(stored: StoredEvent[], truth: GoogleEvent[]): string[] {
  return differencesById(stored.map(fromStore), truth.map(fromGoogle), {
    provider: 'Google',
    notInTruth: 'not in Google',
  });
}

// --- the suite ---------------------------------------------------------------------------------

/**
 * An emulator with one user connected through OAuth, the app settings that point at it, and the
 * calendars made so far. Lanes share nothing but the database (each has its own tenant), so two
 * of them run side by side, each replayable on its own: the time a run takes is mostly the
 * Google client's backoff (100 ms, then 500 ms) after the injected 429/5xx/dropped calls.
 */
interface Lane {
  emulator: RunningGoogleEmulator;
  user: string;
  config: Config;
  scope: { orgId: string; userId: string };
  connectionId: string;
  calendars: number;
}

describeEachDialect('Google sync converges under faults, kills and restarts', (context) => {
  const lanes: Lane[] = [];

  const newApp = (lane: Lane) =>
    createApp(lane.config, {
      store: context().store,
      clock: () => new Date(),
      logger: pino({ level: 'silent' }),
    });

  async function openLane(index: number): Promise<Lane> {
    const user = `dana${index}@northwind.io`;
    const emulator = await startGoogleEmulator({
      seed: { users: [{ email: user, name: 'Dana Reyes' }] },
      // Nothing listens for the primary calendar's push channel: give up at once.
      pushRetryDelaysMs: [],
    });
    const config = loadConfig({
      CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-convergence-')),
      CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'silent',
      ...googleEmulatorEnv(emulator),
      CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
    });
    const lane: Lane = {
      emulator,
      user,
      config,
      scope: { orgId: '', userId: '' },
      connectionId: '',
      calendars: 0,
    };
    const app = await newApp(lane);
    try {
      const created = await app.admin.createUser({
        email: user,
        orgName: `Northwind convergence ${context().dialect} ${index}`,
        name: 'Dana Reyes',
        timeZone: 'Europe/Berlin',
        internalDomains: ['northwind.io'],
      });
      lane.scope = { orgId: created.organisation.id, userId: created.user.id };
      // The real code flow (PKCE, consent, code exchange by google-auth-library), minus only the
      // HTTP hop to our callback route, which would call finishConnect with the same two values.
      const started = await app.google.startConnect(lane.scope, { loginHint: user });
      const consent = await fetch(started.authorizationUrl, { redirect: 'manual' });
      const callback = new URL(consent.headers.get('location') ?? '');
      const finished = await app.google.finishConnect({
        state: callback.searchParams.get('state') ?? '',
        code: callback.searchParams.get('code') ?? '',
      });
      lane.connectionId = finished.connection.id;
    } finally {
      await app.close();
    }
    return lane;
  }

  beforeAll(async () => {
    for (let index = 0; index < LANES; index++) lanes.push(await openLane(index));
  });

  afterAll(async () => {
    for (const lane of lanes) await lane.emulator.close();
  });

  /** One property run: a fresh calendar, the commands, then the final clean sync and checks. */
  async function runScenario(lane: Lane, scenario: Scenario): Promise<void> {
    const { emulator, scope } = lane;
    const store = context().store;
    lane.calendars += 1;
    const googleId = `conv${lane.calendars}@group.calendar.google.com`;
    const ctx: RunContext = {
      emulator,
      user: lane.user,
      googleId,
      zone: scenario.zone,
      idPrefix: `r${lane.calendars}n`,
      nextId: 1,
      added: [],
      recent: [],
      log: [],
    };
    emulator.state.addCalendar(lane.user, {
      id: googleId,
      summary: googleId,
      timeZone: scenario.zone,
    });
    const local = await store.calendars.upsert(scope, lane.connectionId, {
      providerCalendarId: googleId,
      name: googleId,
      timeZone: scenario.zone,
      isPrimary: false,
    });
    if (!local) throw new Error('the calendar was not registered');
    emulator.state.clearFaults();
    emulator.state.seedFaults(scenario.seed);
    emulator.state.updateSettings({ pageShapes: { ...scenario.pageShapes, seed: scenario.seed } });
    const only = { pathIncludes: '/calendar/v3' };
    // Mixed: seven rules at 3.14% each, one of them fires on 20% of the calls.
    scheduleFaults(
      scenario.faults,
      FAULT_KINDS,
      (fault, rate) => emulator.state.addFault({ match: only, fault, rate }),
      0.2,
      0.0314,
    );

    let app = await newApp(lane);
    const sync = (command: SyncCommand): Promise<void> =>
      runKillableSync({
        command,
        run: ctx,
        syncCalendar: (options) => app.engine.syncCalendar(scope, local.id, options),
        applyDuring: (during) => {
          mutate(ctx, during.mutation);
          if (during.then410) {
            ctx.log.push('  and the next call answers 410');
            emulator.state.addFault({ match: only, fault: 'fullSyncRequired', times: 1 });
          }
        },
        recordCrash: () => store.syncStatus.markStarted(scope, local.id, new Date()),
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
      await finalSyncWithRetries(() => app.engine.syncCalendar(scope, local.id), ctx);

      const truth = emulator.state
        .listTruth(googleId, { singleEvents: true })
        .filter((e) => e.status !== 'cancelled');
      const storedNow = async () =>
        (await store.events.list(scope, { calendarId: local.id, limit: 5000 })).items;
      const problems = await convergenceProblems({
        storeProblems: async () => differences(await storedNow(), truth),
        status: () => store.syncStatus.get(scope, local.id),
        cursorProblem: (status) => (status?.cursor ? null : 'no cursor after a successful sync'),
        // The cursor is a live sync token: the next sync is incremental and finds nothing to do
        // (a full listing would count every event as unchanged).
        idleSync: () => app.engine.syncCalendar(scope, local.id),
        idleShouldBe: 'an empty delta',
      });
      reportRun({
        verbose: ENV.verbose,
        provider: 'Google',
        label: googleId,
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
    'the store equals Google after random changes, 20% faults, kills and restarts',
    async () => {
      const numRuns = context().dialect === 'sqlite' ? SQLITE_RUNS : POSTGRES_RUNS;
      // A replay runs the one lane it names; otherwise the runs are shared out between the lanes.
      const done = await assertOnLanes(lanes, scenarioArb, runScenario, numRuns, ENV);
      console.log(
        `convergence [${context().dialect}]: ${numRuns} runs on ${done.lanes} lane(s) in ${done.seconds} s`,
      );
    },
    // Runs are small; the bound is for a failure's shrinking and for nightly-sized counts.
    propertyTimeoutMs(Math.max(SQLITE_RUNS, POSTGRES_RUNS)),
  );
});
