/**
 * Processes that migrate one SQLite store at the same moment (an operator's `calintel migrate`
 * while `serve` starts, two commands at once): each must succeed, and every migration must run
 * once. Before the migration lock, all but one failed with "table already exists" or a
 * migration half applied by another process ("duplicate column name").
 *
 * The processes load first and start migrating together on a word from the test: two
 * `calintel migrate` commands started together rarely overlap (each spends about 2 s loading
 * before its short run on a fresh store), and passed 3 times out of 3 without the lock.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { knownMigrations } from '../../src/store/migrate.js';
import { ROOT, TSX } from '../support/cli.js';

const CHILD = join(ROOT, 'test/store/migrate-race-child.ts');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'calintel-migrate-race-'));
  folders.push(folder);
  return folder;
}

interface Racer {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ status: number | null; executed: string[]; stderr: string }>;
}

/** A process that opens the store, then waits for `go` to migrate it. */
function racer(file: string): Racer {
  const child = spawn(process.execPath, ['--import', TSX, CHILD, file], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) resolve();
    });
    child.on('close', () => reject(new Error(`the racer ended before it was ready: ${stderr}`)));
  });
  const done = new Promise<{ status: number | null; executed: string[]; stderr: string }>(
    (resolve) =>
      child.on('close', (status) => {
        const outcome = stdout.split('\n')[1];
        const executed = outcome ? (JSON.parse(outcome) as { executed: string[] }).executed : [];
        resolve({ status, executed, stderr });
      }),
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

async function expectMigratedOnce(file: string): Promise<void> {
  const database = openDatabase({ url: `sqlite:${file}` });
  try {
    const { db } = database;
    const { rows } = await sql<{ name: string }>`
      select name from kysely_migration order by name
    `.execute(db);
    expect(rows.map((row) => row.name)).toEqual(knownMigrations());
    const tables = (await db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(expect.arrayContaining(['organisations', 'calendar_events', 'users']));
    // Migration 0030 moved the jobs into the jobs file: main's table is gone.
    expect(tables).not.toContain('jobs');
    await expect(sql`select count(*) from jobs_file.jobs`.execute(db)).resolves.toBeDefined();
  } finally {
    await database.close();
  }
}

// Real processes, each loading the store through tsx: slow on a busy machine.
describe('migrating one SQLite store from several processes at once', { timeout: 180_000 }, () => {
  it('succeeds in each process and runs every migration exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      const file = join(freshFolder(), 'calintel.sqlite');
      const racers = [racer(file), racer(file), racer(file)];
      await Promise.all(racers.map((r) => r.ready));
      for (const r of racers) r.go();
      const results = await Promise.all(racers.map((r) => r.done));

      for (const result of results) expect(result.status, result.stderr).toBe(0);
      expect(results.flatMap((result) => result.executed).sort()).toEqual(knownMigrations());
      await expectMigratedOnce(file);
    }
  });
});
