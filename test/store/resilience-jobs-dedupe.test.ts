/**
 * An enqueue with a dedupe key is an INSERT that yields to the queued job with the key, then a
 * SELECT of that job. A worker may claim it in between (a webhook burst beside a running worker):
 * the enqueue must still succeed, not throw "no result" (a webhook answering 500).
 */
import { sql, type KyselyPlugin, type QueryId, type RootOperationNode } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/store/database.js';
import { claimNextJob, enqueueJob, listJobs } from '../../src/store/jobs.repository.js';
import { POSTGRES_URL, describeEachDialect } from '../support/databases.js';

/** Runs `between` once, right after the first INSERT that inserted nothing (a dedupe). */
function afterDedupedInsert(between: () => Promise<unknown>): KyselyPlugin {
  const kinds = new WeakMap<QueryId, RootOperationNode['kind']>();
  let fired = false;
  return {
    transformQuery: ({ node, queryId }) => {
      kinds.set(queryId, node.kind);
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      if (!fired && kinds.get(queryId) === 'InsertQueryNode' && result.rows.length === 0) {
        fired = true;
        await between();
      }
      return result;
    },
  };
}

describeEachDialect('enqueue racing a claim', (context) => {
  let worker: OpenedDatabase | null = null;
  afterEach(async () => {
    await worker?.close();
    worker = null;
  });

  /** A second connection to the suite's database, as another worker (or process) has. */
  async function openWorker(): Promise<OpenedDatabase> {
    const { db } = context().database;
    if (context().dialect === 'sqlite') {
      const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
      const file = rows.find((row) => row.name === 'main')?.file;
      return openDatabase({ url: `sqlite:${file}` });
    }
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    return openDatabase({ url: POSTGRES_URL, schema: rows[0]!.schema });
  }

  it('is deduplicated when the queued job with its key is claimed between insert and select', async () => {
    const { db } = context().database;
    const key = `race-${context().dialect}`;
    const first = await enqueueJob(db, 'resilience-race', { n: 1 }, { dedupeKey: key });
    worker = await openWorker();
    const other = worker;
    let claimedId: string | undefined;
    const racing = db.withPlugin(
      afterDedupedInsert(async () => {
        claimedId = (await claimNextJob(other.db, 'other-worker', new Date(), 60_000))?.id;
      }),
    );

    const second = await enqueueJob(racing, 'resilience-race', { n: 2 }, { dedupeKey: key });

    expect(claimedId).toBe(first.id);
    // The claimed job started after this enqueue was asked for, so it does its work: deduplicated.
    expect(second).toMatchObject({ created: false, id: first.id, status: 'running' });
    const jobs = await listJobs(db, { name: 'resilience-race' });
    expect(jobs.map((job) => [job.id, job.status])).toEqual([[first.id, 'running']]);
  });
});
