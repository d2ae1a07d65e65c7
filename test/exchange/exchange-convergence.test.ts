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
 *
 * The commands and their arbitraries are in exchange-convergence-scenario.ts, how each becomes
 * calls on the emulator in exchange-convergence-calendar.ts, and the comparison of the store
 * with the calendar view in exchange-convergence-compare.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  startExchangeEmulator,
  type FaultKind,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildSeed } from '../../emulators/exchange/test-kit.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import { readCursor } from '../../src/providers/exchange/exchange-cursor.js';
import { ExchangeProvider } from '../../src/providers/exchange/exchange-provider.js';
import type { CalendarProvider, ProviderConnection } from '../../src/providers/provider.js';
import { Store, type Scope } from '../../src/store/store.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import {
  baseSeed,
  convergenceProblems,
  counts,
  propertyTimeoutMs,
  readConvergenceEnv,
  reportRun,
  runKillableSync,
  runParameters,
  scheduleFaults,
  secondsSince,
} from '../support/convergence-kit.js';
import { TEST_SECRET_KEY } from '../support/databases.js';
import { mutate, type RunContext } from './exchange-convergence-calendar.js';
import { differences, fromExchange } from './exchange-convergence-compare.js';
import {
  FAULT_KINDS,
  FAULT_RATE,
  FUTURE_DAYS,
  NOW,
  PAST_DAYS,
  type Scenario,
  scenarioArb,
  type SyncCommand,
} from './exchange-convergence-scenario.js';

/** Sized so that the default run stays well under 15 s on a small machine. */
const ENV = readConvergenceEnv(40);
const RUNS = ENV.runs;

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
