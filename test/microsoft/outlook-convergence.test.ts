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
import { pino } from 'pino';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type FaultKind,
  type GraphEvent,
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
  differencesById,
  finalSyncWithRetries,
  lanesFromEnv,
  propertyTimeoutMs,
  readConvergenceEnv,
  reportRun,
  runKillableSync,
  scheduleFaults,
} from '../support/convergence-kit.js';
import { TEST_SECRET_KEY } from '../support/databases.js';
import {
  PAST_DAYS,
  FUTURE_DAYS,
  NOW,
  USER,
  CALENDAR,
  type SyncCommand,
  FAULT_KINDS,
  type Scenario,
  scenarioArb,
} from './outlook-convergence-scenarios.js';
import { mutate, type RunContext, type GraphTime } from './outlook-convergence-changes.js';

/** Sized so that the default run takes well under 30 s on a small (2-core) machine. */
const ENV = readConvergenceEnv(50);
const RUNS = ENV.runs;
/**
 * One by default: nothing here waits (Retry-After is 0 s), so a second lane in the same process
 * only competes for the CPU (60 runs took 12.7 s on one lane and 18.3 s on two, at load 5-7).
 */
const LANES = lanesFromEnv(1);

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
