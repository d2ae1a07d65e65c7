import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from './database.js';
import { startCheckpointer } from './sqlite-checkpointer.js';

const THRESHOLD = 256 * 1024;
// Room for what a writer adds while a checkpoint runs: two of the tests' transactions (20 rows
// of 2 KB on 16 KB pages).
const SLACK = 2 * 20 * 16 * 1024;

describe('the WAL checkpointer', () => {
  const dirs: string[] = [];
  const opened: OpenedDatabase[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tempPath(): string {
    const dir = mkdtempSync(join(tmpdir(), 'calintel-checkpoint-'));
    dirs.push(dir);
    return join(dir, 'db.sqlite');
  }

  async function open(): Promise<{ database: OpenedDatabase; path: string }> {
    const path = tempPath();
    const database = openDatabase({ url: path, checkpointBytes: THRESHOLD });
    opened.push(database);
    await sql`create table notes (id integer primary key, body text)`.execute(database.db);
    return { database, path };
  }

  /**
   * Commits `rows` rows of 2 KB in transactions of 20, doing `between` after each commit, and
   * returns the largest the log file got.
   */
  async function write(
    database: OpenedDatabase,
    path: string,
    rows: number,
    between: () => Promise<unknown>,
  ): Promise<number> {
    let largest = 0;
    for (let i = 0; i < rows; i += 20) {
      await database.db.transaction().execute(async (trx) => {
        for (let j = 0; j < 20; j++)
          await sql`insert into notes (body) values (${'x'.repeat(2000)})`.execute(trx);
      });
      largest = Math.max(largest, statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      await between();
    }
    return largest;
  }

  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const work = () => new Promise((resolve) => setTimeout(resolve, 2));

  it('checkpoints in its worker once the log passes the threshold', async () => {
    const { database, path } = await open();
    await write(database, path, 40, work);
    expect(database.checkpointer?.runs).toBe(0);
    await write(database, path, 1000, work);
    await database.checkpointer?.idle();
    expect(database.checkpointer?.failure).toBeNull();
    expect(database.checkpointer?.runs).toBeGreaterThan(1);
    expect(database.checkpointer?.lastResult?.checkpointed).toBeGreaterThan(0);
  });

  it('keeps the log bounded while the writer goes on committing', async () => {
    const { database, path } = await open();
    // A sync: some work, and the event loop turns, between pages.
    expect(await write(database, path, 8000, work)).toBeLessThan(4 * THRESHOLD + SLACK);
    expect(database.checkpointer?.runs).toBeGreaterThan(0);
  });

  it('keeps the log bounded when commits come back to back', async () => {
    const { database, path } = await open();
    expect(await write(database, path, 8000, turn)).toBeLessThan(4 * THRESHOLD + SLACK);
  });

  it('keeps the log bounded when the event loop never turns between commits', async () => {
    const { database, path } = await open();
    // An import from memory: page after page with only promise continuations in between.
    const largest = await write(database, path, 8000, () => Promise.resolve());
    expect(largest).toBeLessThan(4 * THRESHOLD + SLACK);
  });

  it('leaves every row in the file and no log behind after close', async () => {
    const { database, path } = await open();
    await write(database, path, 600, work);
    await database.checkpointer?.idle();
    expect(database.checkpointer?.runs).toBeGreaterThan(0);
    await database.close();
    opened.splice(opened.indexOf(database), 1);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = new SqliteDatabase(path, { readonly: true });
    expect(reopened.prepare('select count(*) as n from notes').get()).toEqual({ n: 600 });
    reopened.close();
  });

  it('falls back to the connection checkpointing by itself when the worker cannot run', async () => {
    const path = tempPath();
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    const checkpointer = startCheckpointer({
      path,
      sqlite,
      thresholdBytes: THRESHOLD,
      driverModule: join(path, '..', 'no-such-driver.js'),
    });
    sqlite.exec('create table notes (id integer primary key, body text)');
    const insert = sqlite.prepare('insert into notes (body) values (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(2000));
    checkpointer.afterCommit();
    await checkpointer.idle();
    checkpointer.afterCommit();
    expect(checkpointer.failure).toMatch(/no-such-driver|failed/);
    expect(checkpointer.runs).toBe(0);
    const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(
      Math.ceil(THRESHOLD / pageSize),
    );
    await checkpointer.close();
    sqlite.close();
  });
});
