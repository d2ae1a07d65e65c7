/**
 * Measures recurrence engines on libical's table: `npx tsx test/conformance/measure-engines.ts`
 * (add `--verbose` to list every failing case per engine).
 *
 * Each engine gets the case as an application would hand it over: DTSTART (a floating time is
 * read as UTC, a date as a date) and the RRULE text exactly as the table writes it (trailing `;`
 * included). A case passes when the engine's instances equal libical's INSTANCES (from START-AT
 * on, when the case has one). Engines are capped at a few more instances than expected, so an
 * engine that runs on forever fails instead of hanging; each engine runs in a worker thread and
 * a case that takes longer than CASE_TIMEOUT_MS fails as "timed out" (ical.js 2.2.1 spends
 * minutes on `FREQ=DAILY;BYMONTHDAY=-1,-2` before throwing).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import ICAL from 'ical.js';
import rrulePkg from 'rrule';
import { RRuleTemporal } from 'rrule-temporal';
import { expandSeries } from '../../src/domain/recurrence/expand-series.js';
import {
  expectedFrom,
  msToTableValue,
  parseLibicalTable,
  readLibicalTable,
  tableValueToMs,
  type LibicalCase,
} from './libical-table.js';
import { seriesForCase, windowForCase } from './libical-series.js';

const { RRule } = rrulePkg;
type Engine = (c: LibicalCase, cap: number) => string[];

function fields(v: string): number[] {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?/.exec(v);
  if (!m) throw new Error(`bad value ${v}`);
  return m.slice(1).map((x) => Number(x ?? 0));
}

const icalJs: Engine = (c, cap) => {
  const recur = ICAL.Recur.fromString(c.rrule);
  const [year, month, day, hour, minute, second] = fields(c.dtstart);
  const isDate = c.dtstart.length === 8;
  const zone = c.dtstart.endsWith('Z') ? ICAL.Timezone.utcTimezone : undefined;
  const start = ICAL.Time.fromData({ year, month, day, hour, minute, second, isDate }, zone);
  const it = recur.iterator(start);
  const out: string[] = [];
  for (let t = it.next(); t && out.length < cap; t = it.next()) {
    const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
    out.push(msToTableValue(ms, c.dtstart));
  }
  return out;
};

const rruleJs: Engine = (c, cap) => {
  const options = RRule.parseString(c.rrule);
  const rule = new RRule({ ...options, dtstart: new Date(tableValueToMs(c.dtstart)) });
  return rule.all((_, i) => i < cap).map((d) => msToTableValue(d.getTime(), c.dtstart));
};

const rruleTemporal: Engine = (c, cap) => {
  // Floating stays floating (no TZID), so that a floating UNTIL is legal for the engine too.
  const dt = c.dtstart.length === 8 ? `DTSTART;VALUE=DATE:${c.dtstart}` : `DTSTART:${c.dtstart}`;
  const rule = new RRuleTemporal({ rruleString: `${dt}\nRRULE:${c.rrule}` });
  return rule
    .all((_, i) => i < cap)
    .map((z) =>
      msToTableValue(Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second), c.dtstart),
    );
};

const calintel: Engine = (c, cap) => {
  const result = expandSeries(seriesForCase(c), windowForCase(c), {
    floatingZone: 'UTC',
    maxInstancesPerSeries: cap,
    // The table lists what the rule produces; a DTSTART off the rule is not in it (libical's iterator).
    unmatchedDtstart: 'exclude',
  });
  return result.instances.map((i) => i.recurrenceId ?? '').map((id) => id.replace(/[-:]/g, ''));
};

const engines: Record<string, Engine> = {
  'ical.js 2.2.1': icalJs,
  'rrule 2.8.1': rruleJs,
  'rrule-temporal 2.2.8': rruleTemporal,
  'calintel expandSeries': calintel,
};

function runCase(engine: Engine, c: LibicalCase): string | null {
  const expected = expectedFrom(c);
  if (!expected) return 'libical gives no instance list';
  try {
    const from = c.startAt ? tableValueToMs(c.startAt) : -Infinity;
    const got = engine(c, (c.instances?.length ?? 0) + 5)
      .map((v) => v.replace(/Z$/, c.dtstart.endsWith('Z') ? 'Z' : ''))
      .filter((v) => tableValueToMs(v) >= from);
    if (got.join(',') === expected.join(',')) return null;
    return `got ${got.slice(0, 6).join(',')}${got.length > 6 ? ',...' : ''} (${got.length})`;
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

const CASE_TIMEOUT_MS = 10_000;
/** Workers do not inherit tsx's loader (Node 20), so the worker registers it and loads this file. */
const WORKER_BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;

interface Outcome {
  index: number;
  why: string | null;
}

/** Worker side: runs one engine over the cases from `start` on, posting each outcome. */
function workerMain(): void {
  const { engine, start } = workerData as { engine: string; start: number };
  const cases = parseLibicalTable(readLibicalTable() ?? '');
  for (let index = start; index < cases.length; index++) {
    parentPort!.postMessage({
      index,
      why: runCase(engines[engine]!, cases[index]!),
    } satisfies Outcome);
  }
}

/** Runs one engine over all cases in a worker, restarting it past a case that times out. */
async function measure(engine: string, total: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  while (outcomes.length < total) {
    const start = outcomes.length;
    await new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_BOOT, { eval: true, workerData: { engine, start } });
      let timer: NodeJS.Timeout;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          outcomes.push({
            index: outcomes.length,
            why: `timed out after ${CASE_TIMEOUT_MS / 1000} s`,
          });
          void worker.terminate();
        }, CASE_TIMEOUT_MS);
      };
      arm();
      worker.on('message', (o: Outcome) => {
        outcomes.push(o);
        arm();
      });
      worker.on('error', (error) => {
        if (outcomes.length === start)
          throw new Error(`worker for ${engine} failed to start: ${error.message}`);
        outcomes.push({ index: outcomes.length, why: `crashed: ${error.message}` });
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return outcomes;
}

async function main(): Promise<void> {
  const text = readLibicalTable();
  if (!text) throw new Error('libical table not found: run inside the workplace');
  const cases = parseLibicalTable(text);
  const verbose = process.argv.includes('--verbose');
  const noStartAt = cases.filter((c) => !c.startAt).length;
  console.log(`${cases.length} cases, ${noStartAt} without START-AT`);
  const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)}%`;
  for (const name of Object.keys(engines)) {
    const started = performance.now();
    const failures = (await measure(name, cases.length))
      .filter((o) => o.why)
      .map((o) => ({ c: cases[o.index]!, why: o.why! }));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const passNoStart = noStartAt - failures.filter((f) => !f.c.startAt).length;
    const passAll = cases.length - failures.length;
    console.log(
      `${name.padEnd(24)} ${pct(passNoStart, noStartAt).padStart(6)} of ${noStartAt} without START-AT (${passNoStart}), ` +
        `${pct(passAll, cases.length)} of all ${cases.length} (${passAll}), ${seconds} s`,
    );
    if (verbose)
      for (const f of failures) console.log(`   line ${f.c.line}: ${f.c.rrule} -> ${f.why}`);
  }
}

if (isMainThread) await main();
else workerMain();
