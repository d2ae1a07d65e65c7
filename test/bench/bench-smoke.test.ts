/**
 * `BENCH_SMOKE=1 npm run bench` to the end: every benchmark section at a tiny size, through its
 * real children, emulators, measurements and tables (bench/smoke.ts), so that a benchmark that
 * no longer runs fails here rather than on the next measuring day. Needs neither PostgreSQL nor
 * Redis: the benchmarks use SQLite and local emulators. About a minute on two cores.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

interface BenchResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Past this the run is stopped (its children too) and the test fails on its output so far. */
const RUN_TIMEOUT_MS = 4 * 60_000;

function runBenchSmoke(): Promise<BenchResult> {
  // The caller's environment without its own BENCH_* choices (a subset, other sizes): the
  // smoke run is always every section, at its smoke sizes.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('BENCH_')),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/run.ts'], {
      cwd: ROOT,
      env: { ...env, BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a hung run is stopped with its emulators and services.
      detached: true,
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[bench-smoke.test: no end after ${RUN_TIMEOUT_MS / 1000} s, stopped]\n`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, output });
    });
  });
}

const SECTIONS = [
  'ics',
  'events',
  'google-sync',
  'push',
  'microsoft-sync',
  'analyze',
  'conflicts',
  'relationships',
];

/** A line that only each section's own table (or report) prints, once it has its figures. */
const TABLES: Record<string, string> = {
  ics: '| whole import into SQLite (',
  events: '| GET /events text search |',
  'google-sync': '| full sync into SQLite (`engine.syncCalendar`) |',
  push: '| change -> visible through the API (',
  'microsoft-sync': '| initial delta sync into SQLite (`engine.syncCalendar`) |',
  analyze: '| `analyzeFile` (the command, in process) |',
  conflicts: '| `findOverlappingEvents` (blocking, per owner, sweep) |',
  relationships: '| full recompute: `summariseRelationships` |',
};

// One test: the sections share the machine and the run's output directory.
describe('npm run bench, smoke mode', () => {
  it(
    'runs every section to its table and exits 0',
    async () => {
      const run = await runBenchSmoke();
      expect(run.output, run.output).toContain('These figures are NOT measurements');
      expect({ status: run.status, signal: run.signal }, run.output).toEqual({
        status: 0,
        signal: null,
      });
      for (const section of SECTIONS) {
        expect(run.output, `${section}:\n${run.output}`).toMatch(
          new RegExp(`^\\(${section}: \\d+ s\\)$`, 'm'),
        );
        expect(run.output, `${section}:\n${run.output}`).toContain(TABLES[section]);
      }
    },
    5 * 60_000,
  );
});
