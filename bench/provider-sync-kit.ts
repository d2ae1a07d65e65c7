/**
 * The measuring machinery the provider sync benchmarks (google-sync.ts, microsoft-sync.ts)
 * share: each measurement runs in a child process of its own, so that peak RSS (VmHWM) is the
 * measurement's alone, and prints one JSON line (SyncRun) that the parent reads back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../src/app/app.js';
import { runJsonChild } from './child-process.js';

export interface SyncRun {
  mode: 'fetch' | 'sync';
  events: number;
  pages: number;
  ms: number;
  peakRssMb: number;
  /** RSS when the timed part started (the process with its modules, app and store loaded). */
  startRssMb: number;
  /** Largest V8 heap in use (live and garbage), sampled every 50 ms during the timed part. */
  peakHeapMb: number;
  /** Live heap after a full GC, before and after the timed part. */
  liveHeapMb: { before: number; after: number };
  /**
   * CPU time of the timed part: the whole process (garbage collector helpers and libuv's
   * threads included) and its main thread alone. Steadier than wall-clock time on a shared
   * machine, which waits for a core.
   */
  cpuMs: { process: number; mainThread: number };
  /**
   * With BENCH_HEAP_TRACE=1 only (it forces a GC every 4 pages, which lowers peak RSS): the
   * live heap after each of those GCs, to tell retained memory from garbage not yet collected.
   */
  heapTraceMb?: number[];
  /**
   * Where the time of a sync went (absent for the baseline). The provider's page calls overlap
   * the commits (pages are read ahead), so `otherMs` is the time outside the commits: waiting
   * for pages, mapping them, and the engine.
   */
  breakdown?: { fetchMs: number; commitMs: number; otherMs: number };
}

/** One size's measurements: the baseline and sync rounds against one seeded emulator. */
export interface ProviderSyncResult {
  events: number;
  seedMs: number;
  fetch: SyncRun[];
  sync: SyncRun[];
}

/** A round for the progress line: its time and peak RSS. */
export function formatRun(run: SyncRun | undefined): string {
  if (!run) return '-';
  const cpu = `CPU ${(run.cpuMs.process / 1000).toFixed(2)} s (main thread ${(run.cpuMs.mainThread / 1000).toFixed(2)} s)`;
  return `${(run.ms / 1000).toFixed(2)} s ${run.peakRssMb.toFixed(0)} MB ${cpu}`;
}

/**
 * Runs `script` (a benchmark's own module URL) as `script mode '<info JSON>'` in a new process
 * with calintel's own V8 flags and --expose-gc (child-process.ts), and reads back the SyncRun it
 * prints last. `name` labels a failure.
 */
export function measureInChild(
  script: string,
  name: string,
  mode: SyncRun['mode'],
  info: object,
): SyncRun {
  // BENCH_CPU_PROF=DIR writes a CPU profile of each measuring child there (for where time goes).
  const profile = process.env.BENCH_CPU_PROF
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
        `--cpu-prof-name=${name}-${mode}-${Date.now()}.cpuprofile`,
      ]
    : [];
  return runJsonChild<SyncRun>(
    `${name} ${mode}`,
    fileURLToPath(script),
    [mode, JSON.stringify(info)],
    { nodeArgs: [...profile, '--expose-gc'], echoStderr: true },
  );
}

// --- the measuring child ------------------------------------------------------------------

function rssMb(field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** Heap in use after a full collection (the children run with --expose-gc). */
function liveHeapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

type Measured = Pick<
  SyncRun,
  'ms' | 'peakRssMb' | 'startRssMb' | 'peakHeapMb' | 'liveHeapMb' | 'cpuMs'
>;

/** Times `work` alone, with the process's memory around it. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T } & Measured> {
  let peakHeap = 0;
  const sampleHeap = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
  const before = liveHeapMb();
  const startRssMb = rssMb('VmRSS');
  const sampler = setInterval(sampleHeap, 50);
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const mainThread = mainThreadCpuMs() - mainBefore;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  sampleHeap();
  const peakRssMb = rssMb('VmHWM');
  return {
    result,
    ms,
    peakRssMb,
    startRssMb,
    peakHeapMb: peakHeap / 2 ** 20,
    liveHeapMb: { before, after: liveHeapMb() },
    cpuMs: { process: (cpu.user + cpu.system) / 1000, mainThread },
  };
}

/** The main thread's user + system CPU time, from /proc (fields 14 and 15, in clock ticks). */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

// sysconf(_SC_CLK_TCK): 100 on every Linux kernel Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

export interface ConnectedApp {
  app: App;
  scope: { orgId: string; userId: string };
  calendarId: string;
}

export interface MeasuringChild {
  /** The benchmark's name in the usage message ("google-sync"). */
  name: string;
  /** The events the emulator was seeded with: a sync that brings fewer is warned about. */
  expectedEvents: number;
  /** Prefix of the sync's temporary data directory. */
  dataDirPrefix: string;
  /** The baseline, token included; only the listing is timed. */
  prepareFetch: () => Promise<() => Promise<{ events: number; pages: number }>>;
  /** The service, connected to the emulator, with its data in `dataDir`. */
  connect: (dataDir: string) => Promise<ConnectedApp>;
  /** Wraps the running instances to split the sync's time (see the benchmarks'). */
  instrument: (app: App) => () => { fetchMs: number; commitMs: number } | undefined;
}

/** What a measuring child does for `mode`: the baseline listing, or a sync into a new store. */
export async function runMeasuringChild(mode: string, child: MeasuringChild): Promise<SyncRun> {
  if (mode === 'fetch') {
    const fetchAll = await child.prepareFetch();
    const { result, ...measured } = await timed(fetchAll);
    return { mode, ...result, ...measured };
  }
  if (mode !== 'sync') throw new Error(`usage: ${child.name}.ts fetch|sync EMULATOR_INFO_JSON`);
  const dataDir = mkdtempSync(join(tmpdir(), child.dataDirPrefix));
  try {
    const { app, scope, calendarId } = await child.connect(dataDir);
    const times = child.instrument(app);
    const trace = process.env.BENCH_HEAP_TRACE === '1' ? ([] as number[]) : undefined;
    let pages = 0;
    const { result: outcome, ...measured } = await timed(() =>
      app.engine.syncCalendar(scope, calendarId, {
        onPage: () => {
          pages += 1;
          if (trace && pages % 4 === 0) trace.push(liveHeapMb());
        },
      }),
    );
    await app.close();
    if (outcome.added !== child.expectedEvents)
      process.stderr.write(`warning: synced ${outcome.added} of ${child.expectedEvents} events\n`);
    const spent = times();
    return {
      mode,
      events: outcome.added,
      pages,
      ...measured,
      ...(trace ? { heapTraceMb: trace } : {}),
      ...(spent
        ? {
            breakdown: {
              fetchMs: spent.fetchMs,
              commitMs: spent.commitMs,
              otherMs: measured.ms - spent.commitMs,
            },
          }
        : {}),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
