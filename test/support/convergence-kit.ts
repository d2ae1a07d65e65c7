/**
 * What the convergence properties (Google, Outlook, Exchange) share: the CONVERGENCE_* knobs,
 * the fast-check run settings, the fault schedule, a sync that may be killed after a page, and
 * the final check that the store equals the provider's truth and that the next sync changes
 * nothing. Each test keeps what is its provider's own: the commands, the emulator calls and the
 * comparison of one event.
 */
import fc from 'fast-check';
import { SyncError } from '../../src/sync/sync-engine.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

// --- the environment ---------------------------------------------------------------------------

/** A non-negative integer from the environment; unset or empty is undefined. */
export function envInt(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be an integer`);
  return parsed;
}

export interface ConvergenceEnv {
  /** CONVERGENCE_RUNS, or the test's default. */
  runs: number;
  /** CONVERGENCE_SEED: replay the run a failure printed. */
  replaySeed: number | undefined;
  /** CONVERGENCE_PATH: with the seed, the shrunk case a failure printed. */
  replayPath: string | undefined;
  /** CONVERGENCE_VERBOSE=1: print each run's steps. */
  verbose: boolean;
}

export function readConvergenceEnv(defaultRuns: number): ConvergenceEnv {
  return {
    runs: envInt('CONVERGENCE_RUNS') ?? defaultRuns,
    replaySeed: envInt('CONVERGENCE_SEED'),
    replayPath: process.env.CONVERGENCE_PATH || undefined,
    verbose: process.env.CONVERGENCE_VERBOSE === '1',
  };
}

/** CONVERGENCE_LANES (at least one): property runs side by side. */
export function lanesFromEnv(defaultLanes: number): number {
  return Math.max(1, envInt('CONVERGENCE_LANES') ?? defaultLanes);
}

/** The test's timeout: runs are small; the bound is for a failure's shrinking and large counts. */
export function propertyTimeoutMs(runs: number): number {
  return Math.max(300_000, runs * 2_000);
}

// --- shared arbitraries ------------------------------------------------------------------------

export const TITLES = [
  'Discovery call',
  'Pricing review',
  'QBR: Acme',
  'Démo für Globex',
  '  Standup  ',
];
export const titleArb = fc.constantFrom(...TITLES);
export const targetArb = fc.nat({ max: 20 });
/** An instance moved by up to three days either way, never by nothing. */
export const shiftHoursArb = fc.integer({ min: -72, max: 72 }).filter((h) => h !== 0);

/** True about one time in four. */
export const oneInFour = fc.oneof(
  { weight: 3, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);

/** When an event happens: timed (start hour, length) or all-day (a number of days). */
export interface When {
  day: number;
  hour: number;
  minutes: number;
  allDay: boolean;
  days: number;
}

export interface Kill {
  afterPages: number;
  how: 'abort' | 'crash';
}

/** Kill the run once this many pages are committed: abort between pages, or crash outright. */
export const killArb: fc.Arbitrary<Kill | null> = fc.option(
  fc.record({
    afterPages: fc.integer({ min: 1, max: 4 }),
    how: fc.constantFrom('abort' as const, 'crash' as const),
  }),
  { freq: 2 },
);

export interface SyncCommand<During extends { afterPage: number }> {
  kind: 'sync';
  kill: Kill | null;
  /** A change made in the provider while the sync is under way, after `afterPage` pages. */
  during: During | null;
  /** Run the next step in a new process even if this sync was not killed. */
  restart: boolean;
}

export function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

// --- faults ------------------------------------------------------------------------------------

export type FaultMode<Kind> = Kind | 'mixed';

/** The rate of each of `rules` independent rules that together fire on `total` of the calls. */
export function eachRuleRate(total: number, rules: number): number {
  return 1 - Math.pow(1 - total, 1 / rules);
}

/** One fault kind at `rate`, or ('mixed') every kind in turn at `mixedRate` each. */
export function scheduleFaults<Kind>(
  mode: FaultMode<Kind>,
  kinds: readonly Kind[],
  addFault: (kind: Kind, rate: number) => void,
  rate: number,
  mixedRate: number = eachRuleRate(rate, kinds.length),
): void {
  if (mode !== 'mixed') return addFault(mode, rate);
  for (const kind of kinds) addFault(kind, mixedRate);
}

// --- a run's syncs -----------------------------------------------------------------------------

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

export interface SyncCounts {
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export function counts(outcome: SyncCounts): SyncCounts {
  const { added, updated, deleted, unchanged } = outcome;
  return { added, updated, deleted, unchanged };
}

/** What a run keeps about itself: ids changed since the last good sync, and its steps. */
export interface RunLog {
  recent: string[];
  log: string[];
}

export interface KillableSync<During extends { afterPage: number }> {
  command: SyncCommand<During>;
  run: RunLog;
  syncCalendar: (options: { signal: AbortSignal; onPage: () => void }) => Promise<SyncCounts>;
  /** Makes the change (and arms what follows it) once `during.afterPage` pages are in. */
  applyDuring: (during: During) => void;
  /** A dead process records no failure: leave the status as the run left it at its start. */
  recordCrash: () => Promise<unknown>;
  /** A new process on the same database. */
  restart: () => Promise<unknown>;
}

/**
 * One sync of the commands: a change may land part-way, the run may be killed after a page, and
 * the next step may run in a new process. A SyncError is logged, anything else fails the run.
 */
export async function runKillableSync<During extends { afterPage: number }>(
  sync: KillableSync<During>,
): Promise<void> {
  const { command, run } = sync;
  const controller = new AbortController();
  const changedBefore = run.recent.length;
  let pages = 0;
  let killed = false;
  const onPage = (): void => {
    pages += 1;
    if (command.during && pages === command.during.afterPage) {
      run.log.push(`  during sync, after page ${pages}:`);
      sync.applyDuring(command.during);
    }
    if (command.kill && pages === command.kill.afterPages) {
      killed = true;
      run.log.push(`  killed (${command.kill.how}) after page ${pages}`);
      if (command.kill.how === 'abort') controller.abort(new Error('process stopping'));
      else throw new SimulatedCrash(`process died after page ${pages}`);
    }
  };
  try {
    const outcome = await sync.syncCalendar({ signal: controller.signal, onPage });
    run.log.push(`sync ok after ${pages} pages: ${JSON.stringify(counts(outcome))}`);
    // What changed during the sync may not be in it: the next one brings it.
    run.recent = run.recent.slice(changedBefore);
  } catch (error) {
    if (!(error instanceof SyncError)) throw error;
    run.log.push(`sync failed after ${pages} pages: ${error.kind}: ${error.message}`);
  }
  if (killed && command.kill?.how === 'crash') await sync.recordCrash();
  if (killed || command.restart) {
    await sync.restart();
    run.log.push('  restarted');
  }
}

/** The first sync after the faults stop, tried up to `tries` times (a SyncError is logged). */
export async function finalSyncWithRetries(
  syncOnce: () => Promise<SyncCounts>,
  run: RunLog,
  tries = 3,
): Promise<SyncCounts> {
  let outcome: SyncCounts | null = null;
  for (let attempt = 0; attempt < tries && !outcome; attempt++) {
    outcome = await syncOnce().catch((error: unknown) => {
      if (!(error instanceof SyncError)) throw error;
      run.log.push(`final sync failed: ${error.kind}: ${error.message}`);
      return null;
    });
  }
  if (!outcome) throw new Error(`no clean sync in ${tries} tries:\n${run.log.join('\n')}`);
  run.log.push(`final sync: ${JSON.stringify(counts(outcome))}`);
  return outcome;
}

// --- the final check ---------------------------------------------------------------------------

/**
 * Differences between the store's events and the provider's, both in the test's comparable
 * terms; empty when they agree. `provider` names the truth in a stale line ("   Google: ..."),
 * `notInTruth` starts the line for an event the provider does not list.
 */
export function differencesById<C extends { id: string }>(
  stored: readonly C[],
  truth: readonly C[],
  names: { provider: string; notInTruth: string },
): string[] {
  const problems: string[] = [];
  const mine = new Map<string, C>();
  for (const c of stored) {
    if (mine.has(c.id)) problems.push(`duplicated: ${c.id}`);
    mine.set(c.id, c);
  }
  const theirs = new Map(truth.map((c) => [c.id, c]));
  for (const [id, want] of theirs) {
    const have = mine.get(id);
    if (!have) problems.push(`lost: ${JSON.stringify(want)}`);
    else if (JSON.stringify(have) !== JSON.stringify(want))
      problems.push(
        `stale: ${JSON.stringify(have)}\n   ${names.provider}: ${JSON.stringify(want)}`,
      );
  }
  for (const [id, have] of mine) {
    if (!theirs.has(id)) problems.push(`${names.notInTruth}: ${JSON.stringify(have)}`);
  }
  return problems;
}

export interface StatusLike {
  state: string;
  cursor: string | null;
}

export interface ConvergenceCheck<Status extends StatusLike> {
  /** Differences between what the store holds now and the truth taken after the final sync. */
  storeProblems: () => Promise<string[]>;
  status: () => Promise<Status | null | undefined>;
  /** What is wrong with the cursor a successful sync left, or null. */
  cursorProblem: (status: Status | null | undefined) => string | null;
  idleSync: () => Promise<SyncCounts>;
  /** How the idle sync should have been: "an empty delta", "empty". */
  idleShouldBe: string;
}

/**
 * After the final sync: the store equals the truth, the status is ok with a live cursor, and one
 * more sync finds nothing to do and leaves the store equal to the truth.
 */
export async function convergenceProblems<Status extends StatusLike>(
  check: ConvergenceCheck<Status>,
): Promise<string[]> {
  const problems = await check.storeProblems();
  const status = await check.status();
  if (status?.state !== 'ok') problems.push(`sync status is ${status?.state}, not ok`);
  const cursorProblem = check.cursorProblem(status);
  if (cursorProblem) problems.push(cursorProblem);
  const idle = counts(await check.idleSync());
  if (idle.added + idle.updated + idle.deleted + idle.unchanged > 0)
    problems.push(
      `the sync after the final one was not ${check.idleShouldBe}: ${JSON.stringify(idle)}`,
    );
  problems.push(...(await check.storeProblems()).map((p) => `(after the idle sync) ${p}`));
  return problems;
}

/** Prints the steps when verbose; throws with the problems and the steps when there are any. */
export function reportRun(report: {
  verbose: boolean;
  provider: string;
  /** The run's name in the messages: a calendar id, "run 12". */
  label: string;
  faults: string;
  problems: string[];
  run: RunLog;
}): void {
  const steps = report.run.log.join('\n');
  if (report.verbose) console.log(`${report.label} ${report.faults}\n${steps}`);
  if (report.problems.length > 0) {
    throw new Error(
      `the store does not match ${report.provider} (${report.label}, faults ${report.faults}):\n` +
        `${report.problems.join('\n')}\n--- steps:\n${steps}`,
    );
  }
}

// --- fast-check --------------------------------------------------------------------------------

/** The replayed seed, or a new one (fast-check prints it, with the path, on a failure). */
export function baseSeed(env: ConvergenceEnv): number {
  return env.replaySeed ?? Math.floor(Math.random() * 2 ** 30);
}

export function runParameters(
  env: ConvergenceEnv,
  numRuns: number,
  seed: number,
): { numRuns: number; seed: number; path?: string } {
  return { numRuns, seed, ...(env.replayPath ? { path: env.replayPath } : {}) };
}

export function secondsSince(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}

/**
 * Runs the property on every lane at once, the runs shared out between them, each lane with a
 * seed of its own; a replay runs on the first lane only. Resolves to the number of lanes used
 * and the seconds taken; rejects with the first lane's failure.
 */
export async function assertOnLanes<Lane, Scenario>(
  lanes: readonly Lane[],
  scenarios: fc.Arbitrary<Scenario>,
  runScenario: (lane: Lane, scenario: Scenario) => Promise<void>,
  numRuns: number,
  env: ConvergenceEnv,
): Promise<{ lanes: number; seconds: string }> {
  const used = env.replaySeed !== undefined ? lanes.slice(0, 1) : lanes;
  const base = baseSeed(env);
  const started = Date.now();
  const results = await Promise.allSettled(
    used.map((lane, index) =>
      fc.assert(
        fc.asyncProperty(scenarios, (scenario) => runScenario(lane, scenario)),
        runParameters(env, Math.ceil((numRuns - index) / used.length), base + index),
      ),
    ),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { lanes: used.length, seconds: secondsSince(started) };
}
