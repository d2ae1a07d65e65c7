/**
 * The embedded queue's backlog by job name, for the backlog metric: queued jobs due by now wait,
 * queued ones due later are delayed, running ones are active, and failed ones are those failed
 * for good and not yet purged (purgeFinishedJobs). One grouped read of the jobs table, which
 * keeps only unfinished jobs and recently finished ones; done jobs are not counted.
 */
import { sql } from 'kysely';
import type { Executor } from './database.js';
import { iso } from './sql-support.js';

export interface JobBacklogRow {
  name: string;
  state: 'waiting' | 'active' | 'delayed' | 'failed';
  count: number;
}

export async function countJobBacklog(db: Executor, now: Date): Promise<JobBacklogRow[]> {
  // run_at is ISO text in both dialects, so it compares as a string with iso(now).
  const state = sql<JobBacklogRow['state']>`case
    when status = 'running' then 'active'
    when status = 'failed' then 'failed'
    when run_at <= ${iso(now)} then 'waiting'
    else 'delayed' end`;
  const rows = await db
    .selectFrom('jobs')
    .select(['name', state.as('state'), (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('status', 'in', ['queued', 'running', 'failed'])
    .groupBy(['name', sql`2`])
    .execute();
  return rows.map((row) => ({ name: row.name, state: row.state, count: Number(row.count) }));
}
