/**
 * `calintel analyze` over generated events (issue 4): events/s per core and peak RSS, beside a
 * baseline measured in the same run: reading the same file line by line and JSON.parse of each
 * line, nothing else.
 *
 * Imported by run.ts (`benchAnalyze`), and run as a script for one measurement per process, so
 * that peak memory (VmHWM) is its own:
 *   node --import tsx bench/analyze.ts parse FILE             the baseline: readLines + JSON.parse
 *   node --import tsx bench/analyze.ts analyze FILE ORG [seen|file]
 *       the command's use case, analyzeFile (parse and check each line, match, detect, type,
 *       serialise), in this process, output to /dev/null
 * which prints one JSON line: wall and CPU time, events, peak RSS.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeFile, readLines } from '../src/app/analysis/analyze-file.js';
import { runJsonChild } from './child-process.js';
import { ensureAnalysisInput } from './generate-events.js';
import { benchSize } from './smoke.js';

export interface AnalyzeRun {
  mode: 'parse' | 'analyze';
  history: 'seen' | 'file';
  ms: number;
  cpuMs: number;
  events: number;
  rejected: number;
  peakRssMb: number;
}

const TARGET_EVENTS_PER_S = 100_000;
const TARGET_RATIO = 3;

function measure(args: string[]): AnalyzeRun {
  return runJsonChild<AnalyzeRun>(`analyze.ts ${args[0]}`, fileURLToPath(import.meta.url), args);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const n = (value: number) => Math.round(value).toLocaleString('en');

/**
 * BENCH_ANALYZE_EVENTS (default 1,000,000; 2,000 in a smoke run) events, `rounds` rounds of
 * baseline then analysis.
 */
export async function benchAnalyze(rounds: number, dir: string): Promise<void> {
  const count = Number(process.env.BENCH_ANALYZE_EVENTS ?? benchSize(1_000_000, 2_000));
  const input = await ensureAnalysisInput(dir, count);
  console.log(
    `\nanalyze: ${n(count)} generated events, ${(input.bytes / 2 ** 20).toFixed(0)} MB (${input.generated ? `generated in ${(input.ms / 1000).toFixed(0)} s` : 'cached'}), org with ${input.accounts} accounts, ${input.leads} leads, ${input.contacts} contacts; ${rounds} rounds (median)\n`,
  );
  const parse: AnalyzeRun[] = [];
  const analyze: AnalyzeRun[] = [];
  console.log(
    '| round | measurement | time | events/s | events per CPU-second | peak RSS | time vs baseline | CPU vs baseline |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const row = (round: string, name: string, run: AnalyzeRun, base: AnalyzeRun) =>
    console.log(
      `| ${round} | ${name} | ${(run.ms / 1000).toFixed(1)} s | ${n(run.events / (run.ms / 1000))} | ${n(run.events / (run.cpuMs / 1000))} | ${run.peakRssMb.toFixed(0)} MB | ${(run.ms / base.ms).toFixed(2)}x | ${(run.cpuMs / base.cpuMs).toFixed(2)}x |`,
    );
  for (let i = 0; i < rounds; i++) {
    const base = measure(['parse', input.events]);
    const run = measure(['analyze', input.events, input.org]);
    parse.push(base);
    analyze.push(run);
    row(String(i + 1), 'baseline: read lines + JSON.parse', base, base);
    row(String(i + 1), '`analyzeFile` (the command, in process)', run, base);
  }
  const ratio = median(analyze.map((r, i) => r.ms / (parse[i]?.ms ?? r.ms)));
  const rate = median(analyze.map((r) => r.events / (r.cpuMs / 1000)));
  const met = rate >= TARGET_EVENTS_PER_S && ratio <= TARGET_RATIO;
  console.log(
    `\ntarget: >= ${n(TARGET_EVENTS_PER_S)} events/s per core and <= ${TARGET_RATIO}x the baseline: ${met ? 'met' : 'not met'} (median ${n(rate)} events per CPU-second, ${ratio.toFixed(2)}x the baseline's time)`,
  );
}

async function measureHere(args: string[]): Promise<AnalyzeRun> {
  const [mode, file, org, history = 'seen'] = args;
  if (!file || (mode !== 'parse' && mode !== 'analyze'))
    throw new Error('usage: analyze.ts parse FILE | analyze FILE ORG [seen|file]');
  if (history !== 'seen' && history !== 'file') throw new Error('history: seen or file');
  const cpu = process.cpuUsage();
  const started = performance.now();
  let events = 0;
  let rejected = 0;
  if (mode === 'parse') {
    // The command's line reader, and nothing but JSON.parse.
    for await (const line of readLines(createReadStream(file, { highWaterMark: 1 << 16 }))) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as { id?: unknown };
      if (event.id !== undefined) events += 1;
    }
  } else {
    const result = await analyzeFile({
      input: file,
      output: '/dev/null',
      org: org ?? null,
      history,
      onRejected: () => {},
    });
    events = result.events;
    rejected = result.rejected;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const status = readFileSync('/proc/self/status', 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return {
    mode,
    history,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    events,
    rejected,
    peakRssMb: peakKb / 1024,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const run = await measureHere(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(run)}\n`);
}
