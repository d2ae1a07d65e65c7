import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from './database.js';

const THRESHOLD = 256 * 1024;

describe('the WAL checkpointer', () => {
  const dirs: string[] = [];
  const opened: OpenedDatabase[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function open(): { database: OpenedDatabase; path: string } {
    const dir = mkdtempSync(join(tmpdir(), 'calintel-checkpoint-'));
    dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const database = openDatabase({ url: path, checkpointBytes: THRESHOLD });
    opened.push(database);
    return { database, path };
  }

  /** Commits `rows` rows of 2 KB each, in transactions of 20 rows. */
  async function write(database: OpenedDatabase, rows: number, from = 0): Promise<void> {
    for (let i = from; i < from + rows; i += 20) {
      await database.db.transaction().execute(async (trx) => {
        for (let j = i; j < i + 20; j++)
          await sql`insert into notes (id, body) values (${j}, ${'x'.repeat(2000)})`.execute(trx);
      });
      await database.checkpointer?.idle();
    }
  }

  it('checkpoints in its worker once the log passes the threshold, and keeps the log bounded', async () => {
    const { database, path } = open();
    await sql`create table notes (id integer primary key, body text)`.execute(database.db);
    await write(database, 40);
    expect(database.checkpointer?.runs).toBe(0);
    await write(database, 1000, 40);
    const checkpointer = database.checkpointer;
    expect(checkpointer?.fellBack).toBe(false);
    expect(checkpointer?.runs).toBeGreaterThan(1);
    expect(checkpointer?.lastResult?.checkpointed).toBeGreaterThan(0);
    // 2 MB written; the worker's checkpoints let the log restart instead of growing with it.
    expect(statSync(`${path}-wal`).size).toBeLessThan(4 * THRESHOLD);
  });

  it('leaves every committed row in the file after close', async () => {
    const { database, path } = open();
    await sql`create table notes (id integer primary key, body text)`.execute(database.db);
    await write(database, 600);
    await database.close();
    opened.splice(opened.indexOf(database), 1);
    const reopened = new SqliteDatabase(path, { readonly: true });
    expect(reopened.prepare('select count(*) as n from notes').get()).toEqual({ n: 600 });
    reopened.close();
  });

  it('falls back to the connection checkpointing by itself when the worker cannot run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calintel-checkpoint-'));
    dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const { startCheckpointer } = await import('./sqlite-checkpointer.js');
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    const checkpointer = startCheckpointer({
      path,
      sqlite,
      thresholdBytes: THRESHOLD,
      driverModule: join(dir, 'no-such-driver.js'),
    });
    sqlite.exec('create table notes (id integer primary key, body text)');
    const insert = sqlite.prepare('insert into notes (body) values (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(2000));
    checkpointer.afterCommit();
    await checkpointer.idle();
    expect(checkpointer.fellBack).toBe(true);
    expect(checkpointer.runs).toBe(0);
    const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(
      Math.ceil(THRESHOLD / pageSize),
    );
    await checkpointer.close();
    sqlite.close();
  });
});
