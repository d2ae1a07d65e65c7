/**
 * One measurement per process, so that peak memory (VmHWM) belongs to it alone:
 *   parse:  ICAL.parse of the file (the baseline)
 *   import: the whole import into a fresh SQLite store (parse, expand, map, write)
 *   map:    the import without the store: the pages IcsProvider hands the sync engine, dropped
 *           (what parsing, expanding and mapping cost by themselves)
 * Prints one JSON line.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { IcsClient } from '../src/providers/ics/ics-client.js';
import { IcsProvider } from '../src/providers/ics/ics-provider.js';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'parse' && mode !== 'import' && mode !== 'map'))
  throw new Error('usage: ics-import.ts parse|import|map FILE');
const text = readFileSync(file, 'utf8');
// The app is loaded for `import` only, and before the clock starts as a static import was: its
// modules alone add 70 MB to a process's peak (89 MB without them, 162 MB with them).
const appModules =
  mode === 'import'
    ? await Promise.all([
        import('pino'),
        import('../src/app/app.js'),
        import('../src/config/config.js'),
      ])
    : null;

const started = performance.now();
let events = 0;
if (mode === 'parse') {
  const parsed = ICAL.parse(text) as unknown[];
  events = (parsed[2] as unknown[]).length;
} else if (mode === 'map') {
  const provider = new IcsProvider({} as IcsClient);
  const window = { from: new Date('2025-12-01T00:00:00Z'), to: new Date('2027-03-01T00:00:00Z') };
  for (const page of provider.snapshotPages(provider.parse(text), window))
    events += page.upserts.length;
} else {
  const [{ pino }, { createApp }, { loadConfig }] = appModules!;
  const dataDir = mkdtempSync(join(tmpdir(), 'calintel-bench-'));
  const clock = () => new Date('2026-03-01T00:00:00.000Z');
  const app = await createApp(
    loadConfig({
      CALINTEL_DATA_DIR: dataDir,
      CALINTEL_SECRET_KEY: '0f'.repeat(32),
      LOG_LEVEL: 'silent',
    }),
    {
      clock,
      logger: pino({ level: 'silent' }),
    },
  );
  const { user, organisation } = await app.admin.createUser({
    email: 'bench@northwind.io',
    orgName: 'Bench',
    name: null,
    timeZone: 'UTC',
    internalDomains: [],
  });
  const result = await app.connections.importIcsFile(
    { orgId: organisation.id, userId: user.id },
    { fileName: 'bench.ics', content: text },
  );
  events = result.sync?.added ?? 0;
  await app.close();
}
const ms = performance.now() - started;
const status = readFileSync('/proc/self/status', 'utf8');
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
process.stdout.write(`${JSON.stringify({ mode, ms, events, peakRssMb: peakKb / 1024 })}\n`);
