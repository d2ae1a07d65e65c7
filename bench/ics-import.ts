/**
 * One measurement per process, so that peak memory (VmHWM) belongs to it alone:
 *   parse:  ICAL.parse of the file (the baseline)
 *   import: the whole import into a fresh SQLite store (parse, expand, map, write)
 * Prints one JSON line.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { pino } from 'pino';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/config.js';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'parse' && mode !== 'import'))
  throw new Error('usage: ics-import.ts parse|import FILE');
const text = readFileSync(file, 'utf8');

const started = performance.now();
let events = 0;
if (mode === 'parse') {
  const parsed = ICAL.parse(text) as unknown[];
  events = (parsed[2] as unknown[]).length;
} else {
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
