/**
 * One single-row SQLite statement run once per row, in one query through Kysely.
 *
 * A page of a sync or an import writes thousands of rows. On SQLite, running one prepared
 * single-row INSERT per row costs less than multi-row `VALUES` lists of ~1,300 rows: 0.96 s
 * against 1.30 s of a 100,000-event first sync's inserts, measured on the rows themselves
 * (BENCHMARKS.md, twenty-sixth stop).
 *
 * The rows still go through the transaction's Kysely connection as one query, so they run inside
 * that transaction and behind its connection lock: the query's SQL carries a mark, and the
 * statement cache (statement-cache.ts) hands back `eachRowStatement` for it, whose `run` takes a
 * RowBatch instead of bound values. PostgreSQL keeps its multi-row statements: there, each
 * statement is a round trip to the server.
 */
import { CompiledQuery, type SqliteStatement } from 'kysely';

/** Begins the SQL of every query made here; SQLite reads it as a comment. */
const EACH_ROW_MARK = '/* each row */ ';

/** The rows of one query: row `index`'s values written into `out` in the statement's order. */
export interface RowSource {
  readonly count: number;
  write(index: number, out: unknown[]): void;
}

/**
 * Where an each-row INSERT put its rows: filled in as it runs, so that a later statement of the
 * same transaction can select exactly those rows by rowid (a first sync's change log does).
 */
export class InsertedRowids {
  private first: number | null = null;
  private last: number | null = null;
  private inOrder = true;
  private count = 0;

  add(rowid: number | bigint): void {
    const id = Number(rowid);
    if (this.last !== null && id !== this.last + 1) this.inOrder = false;
    if (this.first === null) this.first = id;
    this.last = id;
    this.count += 1;
  }

  /**
   * The first and last rowid when each of `expected` rows went to the rowid after the one before
   * (SQLite gives a new row the largest rowid plus one); null otherwise, and then the caller must
   * not assume the range holds its rows.
   */
  range(expected: number): { first: number; last: number } | null {
    if (!this.inOrder || this.count !== expected || this.first === null || this.last === null)
      return null;
    return { first: this.first, last: this.last };
  }
}

class RowBatch {
  constructor(
    readonly width: number,
    readonly rows: RowSource,
    readonly inserted: InsertedRowids | null,
  ) {}
}

/**
 * A query that runs `sql` (one row's `width` placeholders) once per row of `rows`; `inserted`,
 * when given, is told each row's rowid.
 */
export function eachRowQuery(
  sql: string,
  width: number,
  rows: RowSource,
  inserted: InsertedRowids | null = null,
): CompiledQuery {
  return CompiledQuery.raw(EACH_ROW_MARK + sql, [new RowBatch(width, rows, inserted)]);
}

export function isEachRowSql(sql: string): boolean {
  return sql.startsWith(EACH_ROW_MARK);
}

/** The statement's face to Kysely's connection for an each-row query (see above). */
export function eachRowStatement(statement: EachRowTarget): SqliteStatement {
  return {
    reader: false,
    run(parameters) {
      const batch = parameters[0];
      if (parameters.length !== 1 || !(batch instanceof RowBatch)) {
        throw new Error('an each-row statement runs with one RowBatch (eachRowQuery)');
      }
      // One array for every row: better-sqlite3 reads the values during run() and keeps none.
      const values = new Array<unknown>(batch.width);
      let changes = 0;
      let lastInsertRowid: number | bigint = 0;
      for (let index = 0; index < batch.rows.count; index++) {
        batch.rows.write(index, values);
        const result = statement.run(values);
        changes += Number(result.changes);
        lastInsertRowid = result.lastInsertRowid;
        batch.inserted?.add(lastInsertRowid);
      }
      return { changes, lastInsertRowid };
    },
    all() {
      throw new Error('an each-row statement writes; it returns no rows');
    },
    iterate() {
      throw new Error('an each-row statement writes; it returns no rows');
    },
  };
}

/** The part of better-sqlite3's Statement an each-row statement runs. */
export interface EachRowTarget {
  run(values: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
}
