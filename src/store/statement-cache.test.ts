import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.exec('create table t (n integer)');
  sqlite.exec('insert into t values (1), (2), (3)');

  it('gives the same prepared statement back for the same SQL', () => {
    const db = withStatementCache(sqlite);
    const first = db.prepare('select n from t where n > ?');
    expect(db.prepare('select n from t where n > ?')).toBe(first);
    expect(db.prepare('select n from t where n < ?')).not.toBe(first);
  });

  it('prepares a fresh statement while the cached one is still being iterated', () => {
    const db = withStatementCache(sqlite);
    const sql = 'select n from t order by n';
    const streaming = db.prepare(sql);
    const rows = streaming.iterate([]);
    expect(rows.next().value).toEqual({ n: 1 });
    const other = db.prepare(sql);
    expect(other).not.toBe(streaming);
    expect(other.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
    expect(db.prepare(sql)).toBe(streaming);
  });

  it('drops the least recently used statement beyond its capacity', () => {
    const db = withStatementCache(sqlite, { capacity: 2 });
    const a = db.prepare('select 1');
    db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a);
    db.prepare('select 3');
    expect(db.prepare('select 1')).toBe(a);
    const b = db.prepare('select 2');
    expect(db.prepare('select 2')).toBe(b);
  });

  it('drops the least recently used statements beyond its total of SQL text', () => {
    const db = withStatementCache(sqlite, { maxText: 40 });
    const long = (n: number) => `select ${n} ${' '.repeat(10)}`;
    const first = db.prepare(long(1));
    db.prepare(long(2));
    expect(db.prepare(long(1))).toBe(first);
    db.prepare(long(3));
    // 3 statements of 19 characters exceed 40: the least recently used (2) went.
    expect(db.prepare(long(1))).toBe(first);
    const again = db.prepare(long(3));
    expect(db.prepare(long(3))).toBe(again);
    const second = db.prepare(long(2));
    expect(db.prepare(long(2))).toBe(second);
    expect(db.prepare(long(1))).not.toBe(first);
  });
});
