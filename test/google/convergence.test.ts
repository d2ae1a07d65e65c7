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
import { pino } from 'pino';
import { afterAll, beforeAll, it } from 'vitest';
import {
  startGoogleEmulator,
  type GoogleEvent,
  type RunningGoogleEmulator,
} from '../../emulators/google/index.js';
import { createApp } from '../../src/app/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { StoredEvent } from '../../src/store/store.js';
import { describeEachDialect, TEST_SECRET_KEY } from '../support/databases.js';
import {
  assertOnLanes,
  convergenceProblems,
  differencesById,
  envInt,
  finalSyncWithRetries,
  lanesFromEnv,
  propertyTimeoutMs,
  readConvergenceEnv,
  reportRun,
  runKillableSync,
  scheduleFaults,
} from '../support/convergence-kit.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import {
  FAULT_KINDS,
  mutate,
  scenarioArb,
  type RunContext,
  type Scenario,
  type SyncCommand,
} from './convergence-model.js';

/** Sized so that the SQLite half takes under a minute on a small (2-core) machine. */
const ENV = readConvergenceEnv(250);
const SQLITE_RUNS = ENV.runs;
const POSTGRES_RUNS = envInt('CONVERGENCE_PG_RUNS') ?? Math.max(1, Math.ceil(SQLITE_RUNS / 4));
/** Property runs side by side, each on an emulator and a tenant of its own. */
const LANES = lanesFromEnv(2);

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
  const allDay = Boolean(e.start?.date);
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
