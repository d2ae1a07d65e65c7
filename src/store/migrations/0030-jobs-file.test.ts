import { statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely, type KyselyPlugin, type RawNode } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/databases.js';
import { openDatabase } from '../database.js';
import { JOBS_COLUMNS, JOBS_SCHEMA, jobsFileOf } from '../sqlite-jobs-file.js';
import { down, up } from './0030-jobs-file.js';

describeEachDialect('migration 0030: the jobs in a file of their own (SQLite)', (context) => {
  async function jobsTableIn(schema: 'main' | typeof JOBS_SCHEMA): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`select id from ${sql.id(schema, 'jobs')}`.execute(
      context().database.db,
    );
    return rows.map((row) => row.id);
  }

  async function mainHasJobsTable(): Promise<boolean> {
    const { rows } = await sql`
      select 1 from main.sqlite_master where type = 'table' and name = 'jobs'
    `.execute(context().database.db);
    return rows.length > 0;
  }

  it('moves queued jobs out of the store file and back, losing none', async () => {
    const { store, database, dialect } = context();
    const job = await store.jobs.enqueue('migration-0030', { n: 1 }, { dedupeKey: 'm30' });
    const db = database.db as unknown as Kysely<unknown>;

    await down(db);
    if (dialect === 'sqlite') {
      expect(await jobsTableIn('main')).toContain(job.id);
      expect(await jobsTableIn(JOBS_SCHEMA)).not.toContain(job.id);
    }
    expect((await store.jobs.list({ name: 'migration-0030' })).map((j) => j.id)).toEqual([job.id]);

    await up(db);
    if (dialect === 'sqlite') {
      expect(await mainHasJobsTable()).toBe(false);
      expect(await jobsTableIn(JOBS_SCHEMA)).toContain(job.id);
    }
    expect(await store.jobs.list({ name: 'migration-0030' })).toMatchObject([
      { id: job.id, status: 'queued', dedupeKey: 'm30', payload: { n: 1 } },
    ]);
  });

  it('runs again after stopping between its copy and its drop without doubling a job', async () => {
    const { store, database, dialect } = context();
    const job = await store.jobs.enqueue('migration-0030-again', {}, {});
    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    // What the first run had done when it stopped: the rows copied, main's table still there
    // (PostgreSQL has nothing to copy: both steps leave its one table as it is).
    if (dialect === 'sqlite')
      await sql
        .raw(
          `insert into ${JOBS_SCHEMA}.jobs (${JOBS_COLUMNS}) select ${JOBS_COLUMNS} from main.jobs`,
        )
        .execute(db);

    await up(db);

    if (dialect === 'sqlite') expect(await mainHasJobsTable()).toBe(false);
    expect(await store.jobs.list({ name: 'migration-0030-again' })).toMatchObject([{ id: job.id }]);
  });

  /** The store's file (SQLite), for a second connection or a look at the jobs file's log. */
  async function storeFile(): Promise<string> {
    const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(
      context().database.db,
    );
    const file = rows.find((row) => row.name === 'main')?.file;
    if (!file) throw new Error('the test store has no file');
    return file;
  }

  it("leaves the jobs file's log checkpointed before main's table goes", async () => {
    const { store, database, dialect } = context();
    if (dialect !== 'sqlite') return;
    await store.jobs.enqueue('migration-0030-durable', {}, {});
    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    await up(db);
    // TRUNCATE empties the log once every frame is in the file, synced.
    expect(statSync(`${jobsFileOf(await storeFile())}-wal`).size).toBe(0);
  });

  it('lets two processes migrate at once, and a later run find nothing to do', async () => {
    const { store, database, dialect } = context();
    const job = await store.jobs.enqueue('migration-0030-twice', { n: 2 }, {});
    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    const other =
      dialect === 'sqlite' ? openDatabase({ url: `sqlite:${await storeFile()}` }) : undefined;
    try {
      const otherDb = (other?.db ?? db) as unknown as Kysely<unknown>;
      await Promise.all([up(db), up(otherDb)]);
    } finally {
      await other?.close();
    }
    await up(db);

    if (dialect === 'sqlite') expect(await mainHasJobsTable()).toBe(false);
    expect(await store.jobs.list({ name: 'migration-0030-twice' })).toMatchObject([
      { id: job.id, payload: { n: 2 } },
    ]);
  });

  it("takes main's table gone between its look and its copy as another process's move", async () => {
    const { store, database, dialect } = context();
    if (dialect !== 'sqlite') return;
    const job = await store.jobs.enqueue('migration-0030-overtaken', {}, {});
    await down(database.db as unknown as Kysely<unknown>);
    const file = await storeFile();
    // Another process's whole move, done just before this one's copy runs.
    let overtaken = false;
    const otherProcessFirst: KyselyPlugin = {
      transformQuery: ({ node }) => {
        const text = (node as unknown as RawNode).sqlFragments?.join('') ?? '';
        if (!overtaken && text.startsWith('insert or ignore')) {
          overtaken = true;
          const other = new SqliteDatabase(file);
          other.prepare(`attach database ? as ${JOBS_SCHEMA}`).run(jobsFileOf(file));
          other.exec(`${text}; drop table main.jobs;`);
          other.close();
        }
        return node;
      },
      transformResult: ({ result }) => Promise.resolve(result),
    };
    await up(database.db.withPlugin(otherProcessFirst) as unknown as Kysely<unknown>);

    expect(overtaken).toBe(true);
    expect(await mainHasJobsTable()).toBe(false);
    expect(await store.jobs.list({ name: 'migration-0030-overtaken' })).toMatchObject([
      { id: job.id },
    ]);
  });
});
