import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { eachRowQuery, InsertedRowids, type RowSource } from './sqlite-each-row.js';
import { withStatementCache } from './statement-cache.js';

describe('eachRowQuery on SQLite', () => {
  const opened = openDatabase({ url: ':memory:' });
  const db = opened.db;
  afterAll(() => opened.close());

  const numbers = (values: readonly (readonly [number, string])[]): RowSource => ({
    count: values.length,
    write(index, out) {
      const [n, word] = values[index] as readonly [number, string];
      out[0] = n;
      out[1] = word;
    },
  });
  const insert = 'insert into numbers (n, word) values (?, ?)';

  async function stored(): Promise<unknown[]> {
    const { rows } = await sql`select n, word from numbers order by n`.execute(db);
    return rows;
  }

  it('runs the statement once for each row, and reports the rows it changed', async () => {
    await sql`create table numbers (n integer primary key, word text not null)`.execute(db);
    const result = await db.executeQuery(
      eachRowQuery(
        insert,
        2,
        numbers([
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
        ]),
      ),
    );
    expect(result.numAffectedRows).toBe(3n);
    expect(await stored()).toEqual([
      { n: 1, word: 'one' },
      { n: 2, word: 'two' },
      { n: 3, word: 'three' },
    ]);
  });

  it('writes inside the transaction it runs in: a rollback leaves none of its rows', async () => {
    const failing = db.transaction().execute(async (trx) => {
      await trx.executeQuery(
        eachRowQuery(
          insert,
          2,
          numbers([
            [4, 'four'],
            [5, 'five'],
          ]),
        ),
      );
      throw new Error('stop');
    });
    await expect(failing).rejects.toThrow('stop');
    expect(await stored()).toHaveLength(3);
  });

  it('stops at the first row SQLite refuses, and the transaction around it undoes the others', async () => {
    const clash = db.transaction().execute(async (trx) => {
      await trx.executeQuery(
        eachRowQuery(
          insert,
          2,
          numbers([
            [6, 'six'],
            [1, 'again'],
          ]),
        ),
      );
    });
    await expect(clash).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
    expect(await stored()).toHaveLength(3);
  });

  it('refuses ordinary bound values, which would otherwise be read as one row', () => {
    const sqlite = new SqliteDatabase(':memory:');
    sqlite.exec('create table numbers (n integer, word text)');
    const marked = eachRowQuery(insert, 2, numbers([])).sql;
    const statement = withStatementCache(sqlite).prepare(marked);
    expect(() => statement.run([7, 'seven'])).toThrow(/one RowBatch/);
    expect(sqlite.prepare('select count(*) as n from numbers').get()).toEqual({ n: 0 });
    sqlite.close();
  });

  it('writes nothing for no rows', async () => {
    const result = await db.executeQuery(eachRowQuery(insert, 2, numbers([])));
    expect(result.numAffectedRows).toBe(0n);
  });

  it('tells where its rows went when they took one run of rowids, and not otherwise', async () => {
    await sql`create table words (word text not null)`.execute(db);
    const words = (list: string[]): RowSource => ({
      count: list.length,
      write: (index, out) => void (out[0] = list[index]),
    });
    const into = 'insert into words (word) values (?)';
    const first = new InsertedRowids();
    await db.executeQuery(eachRowQuery(into, 1, words(['a', 'b', 'c']), first));
    expect(first.range(3)).toEqual({ first: 1, last: 3 });
    expect(first.range(2)).toBeNull();

    // Rows given their own rowids out of order: no run to report.
    const gaps = new InsertedRowids();
    const explicit = 'insert into words (rowid, word) values (?, ?)';
    const placed = (list: [number, string][]): RowSource => ({
      count: list.length,
      write(index, out) {
        const [rowid, word] = list[index] as [number, string];
        out[0] = rowid;
        out[1] = word;
      },
    });
    await db.executeQuery(
      eachRowQuery(
        explicit,
        2,
        placed([
          [10, 'x'],
          [12, 'y'],
        ]),
        gaps,
      ),
    );
    expect(gaps.range(2)).toBeNull();
  });
});
