/**
 * An idle service polls the jobs table every second: a poll that finds nothing to claim must
 * write nothing, since on SQLite any row it rewrites, even with the same values, costs whole
 * pages of log (BENCHMARKS.md, "Idle writes of the embedded service"). A suite of its own, so
 * that the table holds only the jobs set up here.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, type StoreContext } from '../../test/support/databases.js';

const T0 = new Date('2026-04-01T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE_MS = 60_000;

/**
 * Something that moves with every row written: SQLite's count of changed rows on the store's one
 * connection, and on PostgreSQL each job row's version (xmin changes with every UPDATE).
 */
async function writeMark(context: StoreContext): Promise<string> {
  const { db } = context.database;
  if (context.dialect === 'sqlite') {
    const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(db);
    return String(rows[0]?.n);
  }
  const { rows } = await sql<{ id: string; version: string }>`
    select id, xmin::text as version from jobs order by id
  `.execute(db);
  return JSON.stringify(rows);
}

describeEachDialect('jobs repository, idle', (context) => {
  it('a poll that finds no due job writes no row, whatever the jobs around it', async () => {
    const { store } = context();
    const done = await store.jobs.enqueue('idle-done', {}, { runAt: T0 });
    await store.jobs.claimNext('w', at(1), LEASE_MS);
    await store.jobs.complete(done.id, 'w');
    const failed = await store.jobs.enqueue('idle-failed', {}, { runAt: T0, maxAttempts: 1 });
    await store.jobs.claimNext('w', at(2), LEASE_MS);
    await store.jobs.fail(failed.id, 'w', 'boom', null);
    // One running on a live lease, one more of its key waiting behind it, one due later.
    await store.jobs.enqueue('idle-running', {}, { runAt: T0, dedupeKey: 'idle-key' });
    expect(await store.jobs.claimNext('w', at(3), LEASE_MS)).toBeDefined();
    await store.jobs.enqueue('idle-waiting', {}, { runAt: T0, dedupeKey: 'idle-key' });
    await store.jobs.enqueue('idle-later', {}, { runAt: at(3_600_000) });
    const before = await writeMark(context());

    for (const ms of [1_000, 2_000, 30_000])
      expect(await store.jobs.claimNext('w2', at(ms), LEASE_MS)).toBeUndefined();

    expect(await writeMark(context())).toBe(before);
  });
});
