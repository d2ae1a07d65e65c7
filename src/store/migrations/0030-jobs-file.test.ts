import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/databases.js';
import { JOBS_COLUMNS, JOBS_SCHEMA } from '../sqlite-jobs-file.js';
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
});
