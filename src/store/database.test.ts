import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { dialectOf, openDatabase } from './database.js';
import type { OpenedDatabase } from './database.js';

describe('openDatabase', () => {
  const opened: OpenedDatabase[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'calintel-db-'));
    dirs.push(dir);
    return dir;
  }

  async function pragma(database: OpenedDatabase, name: string): Promise<unknown> {
    const result = await sql.raw(`pragma ${name}`).execute(database.db);
    return Object.values(result.rows[0] as Record<string, unknown>)[0];
  }

  it('opens a sqlite: URL in WAL mode with foreign keys and a busy timeout, creating folders', async () => {
    const path = join(tempDir(), 'nested', 'deeper', 'calintel.db');
    const database = openDatabase({ url: `sqlite:${path}` });
    opened.push(database);
    expect(database.dialect).toBe('sqlite');
    expect(dialectOf(database.db)).toBe('sqlite');
    expect(await pragma(database, 'journal_mode')).toBe('wal');
    expect(await pragma(database, 'foreign_keys')).toBe(1);
    expect(await pragma(database, 'busy_timeout')).toBe(5000);
  });

  it('creates SQLite files with 64 KB pages, checkpointed by a worker every 64 MiB of log', async () => {
    const database = openDatabase({ url: `sqlite:${join(tempDir(), 'pages.db')}` });
    opened.push(database);
    expect(await pragma(database, 'page_size')).toBe(65_536);
    expect(database.checkpointer).toBeTruthy();
    // The connection's own checkpoint is the safety net, at four times the worker's threshold.
    expect(await pragma(database, 'wal_autocheckpoint')).toBe(4 * 1024);
    expect(await pragma(database, 'journal_size_limit')).toBe(16 * 1024 * 1024);
  });

  it('keeps the page size of a database created with another one', async () => {
    const path = join(tempDir(), 'old.db');
    const old = new SqliteDatabase(path);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('create table kept (id integer primary key)');
    old.close();
    const database = openDatabase({ url: `sqlite:${path}` });
    opened.push(database);
    expect(await pragma(database, 'page_size')).toBe(4096);
    expect(await pragma(database, 'wal_autocheckpoint')).toBe(4 * 16_384);
  });

  it('treats a plain path and :memory: as SQLite', async () => {
    const plain = openDatabase({ url: join(tempDir(), 'plain.db') });
    const memory = openDatabase({ url: ':memory:' });
    opened.push(plain, memory);
    expect([plain.dialect, memory.dialect]).toEqual(['sqlite', 'sqlite']);
    expect(await pragma(memory, 'foreign_keys')).toBe(1);
  });

  it('recognises postgres:// and postgresql:// URLs without connecting yet', async () => {
    for (const url of ['postgres://u@127.0.0.1:1/x', 'postgresql://u@127.0.0.1:1/x']) {
      const database = openDatabase({ url, schema: 'tenant_test' });
      opened.push(database);
      expect(database.dialect).toBe('postgres');
      expect(dialectOf(database.db)).toBe('postgres');
    }
  });

  it('rejects a schema name that could inject SQL, and a schema for SQLite', () => {
    expect(() => openDatabase({ url: 'postgres://u@h/x', schema: 'a; drop table x' })).toThrow(
      /invalid PostgreSQL schema name/,
    );
    expect(() => openDatabase({ url: ':memory:', schema: 'x' })).toThrow(/PostgreSQL only/);
  });

  it('takes the write lock when a transaction begins, so another connection cannot commit under it', async () => {
    const path = join(tempDir(), 'calintel.db');
    const database = openDatabase({ url: path });
    opened.push(database);
    await sql`create table t (n integer)`.execute(database.db);
    const other = new SqliteDatabase(path);
    other.pragma('busy_timeout = 0');
    try {
      // With a plain `begin`, the other connection's insert would commit between the read and
      // the write, and the write would then fail with SQLITE_BUSY (its snapshot is stale).
      await database.db.transaction().execute(async (trx) => {
        await sql`select count(*) from t`.execute(trx);
        expect(() => other.prepare('insert into t values (1)').run()).toThrow(/locked|busy/i);
        await sql`insert into t values (2)`.execute(trx);
      });
      other.prepare('insert into t values (3)').run();
      const rows = await sql<{ n: number }>`select n from t order by n`.execute(database.db);
      expect(rows.rows.map((row) => row.n)).toEqual([2, 3]);
    } finally {
      other.close();
    }
  });
});
