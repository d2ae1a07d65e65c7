// The convergence property (test/google/convergence.test.ts) at nightly size: thousands of random
// sequences of Google changes, syncs, injected faults, kills and restarts, on SQLite and (a
// quarter as many) on PostgreSQL.
//
//   node scripts/convergence-nightly.mjs [RUNS] [-- VITEST ARGS]      (npm run test:convergence)
//
// RUNS defaults to CONVERGENCE_RUNS, else 5000. They run in batches of CONVERGENCE_BATCH (1000),
// one vitest process each: every simulated restart builds a new app, and each app's metrics
// registry keeps ~150 KB of native memory (prom-client's default metrics are never stopped), so
// one process for all of them would grow by gigabytes. CONVERGENCE_PG_RUNS, CONVERGENCE_LANES
// pass through; CONVERGENCE_SEED and CONVERGENCE_PATH replay a failure in one process. vitest
// arguments follow `--`, e.g. `-- -t sqlite` for one dialect. Stops at the first failing batch
// and exits non-zero.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const separator = args.indexOf('--');
const own = separator === -1 ? args : args.slice(0, separator);
const vitestArgs = separator === -1 ? [] : args.slice(separator + 1);
const total = own[0] ?? process.env.CONVERGENCE_RUNS ?? '5000';
const batch = process.env.CONVERGENCE_BATCH ?? '1000';
if (!/^\d+$/.test(total) || !/^[1-9]\d*$/.test(batch)) {
  console.error('usage: node scripts/convergence-nightly.mjs [RUNS] [-- VITEST ARGS]');
  process.exit(2);
}
const replay = Boolean(process.env.CONVERGENCE_SEED);
const sizes = [];
for (let left = Number(total); left > 0; left -= Number(batch)) {
  sizes.push(replay ? left : Math.min(left, Number(batch)));
  if (replay) break;
}

const started = Date.now();
let done = 0;
let status = 0;
for (const [index, runs] of sizes.entries()) {
  console.log(`convergence nightly: batch ${index + 1}/${sizes.length}, ${runs} runs`);
  const run = spawnSync(
    'npx',
    ['vitest', 'run', 'test/google/convergence.test.ts', ...vitestArgs],
    {
      stdio: 'inherit',
      env: { ...process.env, CONVERGENCE_RUNS: String(runs) },
    },
  );
  if (run.status !== 0) {
    status = run.status ?? 1;
    break;
  }
  done += runs;
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `convergence nightly: ${done} of ${total} runs on SQLite passed` +
    `${status === 0 ? '' : '; a batch FAILED (its seed and path are printed above)'} in ${minutes} min`,
);
process.exit(status);
