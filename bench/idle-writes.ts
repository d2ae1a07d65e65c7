/**
 * Idle writes of the embedded service: `npx tsx bench/idle-writes.ts` starts the demo (the
 * service on SQLite beside the Google, Microsoft and Exchange emulators, as `calintel demo` does)
 * in a temporary data folder, in a child process of its own, waits for its first sync to settle,
 * starts every write-ahead log afresh, and then measures for IDLE_SECONDS (default 180):
 *
 * - bytes the process wrote (`write_bytes` of /proc/self/io),
 * - each log's growth, read frame by frame: how many pages each table or index wrote, and how
 *   many commits there were,
 * - the write statements run, per table (a trace of better-sqlite3's `prepare`, installed by this
 *   script only).
 *
 * IDLE_MUTATE=0 turns off the demo's minute changes to a few Google events (on by default, as in
 * `calintel demo`); SETTLE_SECONDS (default 30) is the wait after the first sync. The figures go
 * to stdout as a table, and as JSON on the last line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { runJsonChild } from './child-process.js';

interface LogFigures {
  file: string;
  bytes: number;
  pageSize: number;
  frames: number;
  commits: number;
  /** Frames written per table or index (what dbstat names each page at the end). */
  pagesByName: Record<string, number>;
}

interface StatementFigures {
  runs: number;
  rowsChanged: number;
}

interface IdleFigures {
  seconds: number;
  mutate: boolean;
  writeBytes: number;
  logs: LogFigures[];
  statements: Record<string, StatementFigures>;
}

const SELF = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') await child(process.argv[3] ?? '');
else await parent();

async function parent(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'calintel-idle-'));
  try {
    process.env.CALINTEL_DATA_DIR = dataDir;
    // The emulators push to the service's address, so the port must be known before it starts.
    process.env.PORT = String(await freePort());
    process.env.LOG_LEVEL = 'error';
    const figures = runJsonChild<IdleFigures>('idle-writes', SELF, ['--child', dataDir], {
      maxBuffer: 64 << 20,
    });
    printFigures(figures);
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function child(dataDir: string): Promise<void> {
  const seconds = Number(process.env.IDLE_SECONDS ?? 180);
  const settleSeconds = Number(process.env.SETTLE_SECONDS ?? 30);
  const mutate = process.env.IDLE_MUTATE !== '0';
  const trace = traceWrites();
  // Imported after the trace is in place, so that the store's connection is traced.
  const { startDemo } = await import('../src/app/demo/google-demo.js');
  const demo = await startDemo({
    mutateEveryMs: mutate ? 60_000 : 0,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  await sleep(settleSeconds * 1000);
  restartLogs(dataDir);
  const before = writeBytes();
  trace.start();
  await sleep(seconds * 1000);
  const statements = trace.stop();
  const written = writeBytes() - before;
  const logs = logFiles(dataDir).map(readLog);
  await demo.stop();
  const figures: IdleFigures = { seconds, mutate, writeBytes: written, logs, statements };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

/**
 * Counts the write statements run through better-sqlite3 (in this thread: the checkpoint
 * worker's are not the service's) by the table they write. Installed before the app is loaded.
 */
function traceWrites(): { start(): void; stop(): Record<string, StatementFigures> } {
  let counting = false;
  const counts: Record<string, StatementFigures> = {};
  const prototype = Database.prototype as unknown as {
    prepare(source: string): Record<string, unknown>;
  };
  const prepare = prototype.prepare;
  prototype.prepare = function (this: unknown, source: string) {
    const statement = prepare.call(this, source);
    const table = writtenTable(source);
    if (!table) return statement;
    for (const method of ['run', 'get', 'all'] as const) {
      const call = statement[method] as (...args: unknown[]) => unknown;
      statement[method] = (...args: unknown[]) => {
        const result = call.apply(statement, args);
        if (counting) {
          const changed = rowsChanged(method, result);
          for (const key of [table, `${table}: ${shortened(source)}`]) {
            const entry = (counts[key] ??= { runs: 0, rowsChanged: 0 });
            entry.runs += 1;
            entry.rowsChanged += changed;
          }
        }
        return result;
      };
    }
    return statement;
  };
  return {
    start: () => {
      counting = true;
    },
    stop: () => {
      counting = false;
      return counts;
    },
  };
}

function writtenTable(source: string): string | null {
  const match = /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?([\w.]+)"?/i.exec(
    source,
  );
  return match?.[1] ?? null;
}

/** A statement's first words and the columns it sets, enough to tell it from the others. */
function shortened(source: string): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}...` : flat;
}

function rowsChanged(method: string, result: unknown): number {
  if (method === 'run') return (result as { changes: number }).changes;
  if (method === 'all') return (result as unknown[]).length;
  return result === undefined ? 0 : 1;
}

/** Copies every log into its database and empties it, so that what follows is the idle time's. */
function restartLogs(dataDir: string): void {
  for (const log of logFiles(dataDir)) {
    const db = new Database(log.slice(0, -'-wal'.length), { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    for (let attempt = 0; attempt < 20; attempt++) {
      const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (row?.busy === 0) break;
    }
    db.close();
  }
}

function logFiles(dataDir: string): string[] {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('-wal'))
    .map((name) => path.join(dataDir, name));
}

/**
 * Reads a write-ahead log frame by frame (https://sqlite.org/fileformat.html#the_write_ahead_log):
 * a 32-byte header, then per frame a 24-byte header (page number, database size on a commit
 * frame, the log's salts) and the page. Frames whose salts are not the header's are left over
 * from before the log started again.
 */
function readLog(file: string): LogFigures {
  const bytes = readFileSync(file);
  const figures: LogFigures = {
    file: path.basename(file),
    bytes: statSync(file).size,
    pageSize: 0,
    frames: 0,
    commits: 0,
    pagesByName: {},
  };
  if (bytes.length < 32) return figures;
  const pageSize = bytes.readUInt32BE(8) || 65_536;
  figures.pageSize = pageSize;
  const salts = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  const pages: number[] = [];
  for (let at = 32; at + 24 + pageSize <= bytes.length; at += 24 + pageSize) {
    if (bytes.readUInt32BE(at + 8) !== salts[0] || bytes.readUInt32BE(at + 12) !== salts[1]) break;
    pages.push(bytes.readUInt32BE(at));
    if (bytes.readUInt32BE(at + 4) !== 0) figures.commits += 1;
  }
  figures.frames = pages.length;
  const names = pageNames(file.slice(0, -'-wal'.length));
  for (const page of pages) {
    const name = names.get(page) ?? (page === 1 ? 'page 1 (header)' : 'free or new');
    figures.pagesByName[name] = (figures.pagesByName[name] ?? 0) + 1;
  }
  return figures;
}

function pageNames(databaseFile: string): Map<number, string> {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select name, pageno from dbstat').all() as {
      name: string;
      pageno: number;
    }[];
    return new Map(rows.map((row) => [row.pageno, row.name]));
  } finally {
    db.close();
  }
}

function writeBytes(): number {
  const io = readFileSync('/proc/self/io', 'utf8');
  return Number(/^write_bytes:\s*(\d+)/m.exec(io)?.[1] ?? 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function printFigures(figures: IdleFigures): void {
  const perMinute = (value: number) => (value * 60) / figures.seconds;
  const mb = (value: number) => `${(value / 1e6).toFixed(2)} MB`;
  console.log(
    `idle ${figures.seconds} s (demo changes ${figures.mutate ? 'on' : 'off'}): process wrote ` +
      `${mb(figures.writeBytes)} (${mb(perMinute(figures.writeBytes))}/min)`,
  );
  for (const log of figures.logs) {
    const logged = log.frames * (log.pageSize + 24);
    console.log(
      `  ${log.file}: ${log.frames} frames of ${log.pageSize} B in ${log.commits} commits = ` +
        `${mb(logged)} (${mb(perMinute(logged))}/min)`,
    );
    for (const [name, pages] of byCount(log.pagesByName)) console.log(`    ${pages}\t${name}`);
  }
  console.log('  write statements per table (runs, rows changed), then per statement:');
  const statements = Object.entries(figures.statements).sort((a, b) => b[1].runs - a[1].runs);
  for (const [key, entry] of statements.filter(([key]) => !key.includes(': ')))
    console.log(`    ${entry.runs}\t${entry.rowsChanged}\t${key}`);
  for (const [key, entry] of statements.filter(([key]) => key.includes(': ')))
    console.log(`    ${entry.runs}\t${entry.rowsChanged}\t${key}`);
}

function byCount(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1]);
}
