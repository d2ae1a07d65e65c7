/**
 * `npm run bench`: each benchmark reports against a baseline measured in the same run, because
 * these machines are noisy. Results are printed as a Markdown table to paste into BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateIcs } from './generate-ics.js';
import { runEventsLatency } from './events-latency.js';

const OUT = join(import.meta.dirname, '.out');
mkdirSync(OUT, { recursive: true });

interface ImportRun {
  mode: string;
  ms: number;
  events: number;
  peakRssMb: number;
}

function measure(mode: 'parse' | 'import', file: string): ImportRun {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'ics-import.ts'), mode, file],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (run.status !== 0) throw new Error(`ics-import ${mode} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ImportRun;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const file = join(OUT, 'bench-50k.ics');
  const calendar = generateIcs(50_000);
  writeFileSync(file, calendar.text);
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  console.log(
    `ICS import: ${calendar.vevents} VEVENTs, ${(calendar.text.length / 2 ** 20).toFixed(1)} MB, ${rounds} rounds (median)\n`,
  );
  const parse: ImportRun[] = [];
  const imports: ImportRun[] = [];
  for (let i = 0; i < rounds; i++) {
    parse.push(measure('parse', file));
    imports.push(measure('import', file));
  }
  const parseMs = median(parse.map((r) => r.ms));
  const importMs = median(imports.map((r) => r.ms));
  const instances = imports[0]?.events ?? 0;
  console.log('| measurement | time | events/s | peak RSS | ratio to baseline |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| baseline: ICAL.parse alone | ${(parseMs / 1000).toFixed(2)} s | ${Math.round(calendar.vevents / (parseMs / 1000))} VEVENT/s | ${median(parse.map((r) => r.peakRssMb)).toFixed(0)} MB | 1.00x |`,
  );
  console.log(
    `| whole import into SQLite (${instances} instances) | ${(importMs / 1000).toFixed(2)} s | ${Math.round(instances / (importMs / 1000))} instances/s | ${median(imports.map((r) => r.peakRssMb)).toFixed(0)} MB | ${(importMs / parseMs).toFixed(2)}x |`,
  );

  console.log('\nGET /events (page of 100) from a 100,000-event SQLite store\n');
  const latency = await runEventsLatency({
    events: 100_000,
    connections: 10,
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
  });
  console.log('| endpoint | requests/s | median | p99 | ratio of median to baseline |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of latency) {
    console.log(
      `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(1)} ms | ${row.p99.toFixed(1)} ms | ${(row.p50 / (latency[0]?.p50 || 1)).toFixed(2)}x |`,
    );
  }
}

await main();
