import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/databases.js';

const T0 = new Date('2026-04-01T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describeEachDialect('jobs repository', (context) => {
  it('exactly one of many concurrent claimers gets a job', async () => {
    const { store } = context();
    const job = await store.jobs.enqueue('exclusive', { n: 1 }, { runAt: T0 });
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.jobs.claimNext(`worker-${i}`, at(1), 60_000, { names: ['exclusive'] }),
      ),
    );
    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: job.id, status: 'running', attempts: 1 });
  });

  it('concurrent claimers share a batch of jobs without taking one twice', async () => {
    const { store } = context();
    const ids = new Set<string>();
    for (let i = 0; i < 30; i++)
      ids.add((await store.jobs.enqueue('batch', { i }, { runAt: T0 })).id);
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async (_, w) => {
        for (;;) {
          const job = await store.jobs.claimNext(`w${w}`, at(1), 60_000, { names: ['batch'] });
          if (!job) return;
          claimed.push(job.id);
          expect(await store.jobs.complete(job.id, `w${w}`)).toBe(true);
        }
      }),
    );
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(await store.jobs.list({ status: 'done', name: 'batch' })).toHaveLength(30);
  });

  it('does not claim a job before its run time', async () => {
    const { store } = context();
    await store.jobs.enqueue('later', {}, { runAt: at(60_000) });
    expect(await store.jobs.claimNext('w', at(59_999), 1000, { names: ['later'] })).toBeUndefined();
    expect(await store.jobs.claimNext('w', at(60_000), 1000, { names: ['later'] })).toBeDefined();
  });

  it('retries a failed job until its attempts run out', async () => {
    const { store } = context();
    const job = await store.jobs.enqueue('flaky', { x: 1 }, { runAt: T0, maxAttempts: 2 });
    await store.jobs.claimNext('w', at(1), 1000, { names: ['flaky'] });
    const retried = await store.jobs.fail(job.id, 'w', 'boom 1', at(5000));
    expect(retried).toMatchObject({
      status: 'queued',
      runAt: at(5000).toISOString(),
      lastError: 'boom 1',
      lockedBy: null,
    });
    expect(await store.jobs.claimNext('w', at(4999), 1000, { names: ['flaky'] })).toBeUndefined();
    expect(await store.jobs.claimNext('w', at(5000), 1000, { names: ['flaky'] })).toMatchObject({
      attempts: 2,
    });
    expect(await store.jobs.fail(job.id, 'w', 'boom 2', at(10_000))).toMatchObject({
      status: 'failed',
    });
  });

  it('reclaims a job whose lease ran out, and the old holder can no longer complete it', async () => {
    const { store } = context();
    const job = await store.jobs.enqueue('lease', {}, { runAt: T0 });
    await store.jobs.claimNext('dead-worker', at(1), 1000, { names: ['lease'] });
    expect(await store.jobs.claimNext('w2', at(500), 1000, { names: ['lease'] })).toBeUndefined();
    expect(await store.jobs.claimNext('w2', at(1002), 1000, { names: ['lease'] })).toMatchObject({
      id: job.id,
      lockedBy: 'w2',
      attempts: 2,
    });
    expect(await store.jobs.complete(job.id, 'dead-worker')).toBe(false);
    expect(await store.jobs.complete(job.id, 'w2')).toBe(true);
  });

  it('renews the lease for its holder only, and only while the job runs', async () => {
    const { store } = context();
    const job = await store.jobs.enqueue('renew', {}, { runAt: T0 });
    await store.jobs.claimNext('w1', at(1), 1000, { names: ['renew'] });
    expect(await store.jobs.renewLease(job.id, 'w1', at(800), 1000)).toBe(true);
    expect(await store.jobs.list({ name: 'renew' })).toMatchObject([
      { status: 'running', lockedBy: 'w1', lockedUntil: at(1800).toISOString() },
    ]);
    expect(await store.jobs.renewLease(job.id, 'w2', at(900), 1000)).toBe(false);
    expect(await store.jobs.list({ name: 'renew' })).toMatchObject([
      { lockedBy: 'w1', lockedUntil: at(1800).toISOString() },
    ]);
    expect(await store.jobs.complete(job.id, 'w1')).toBe(true);
    expect(await store.jobs.renewLease(job.id, 'w1', at(1000), 1000)).toBe(false);
    expect(await store.jobs.list({ name: 'renew' })).toMatchObject([
      { status: 'done', lockedBy: null, lockedUntil: null },
    ]);

    const retried = await store.jobs.enqueue('renew-failed', {}, { runAt: T0 });
    await store.jobs.claimNext('w1', at(1), 1000, { names: ['renew-failed'] });
    await store.jobs.fail(retried.id, 'w1', 'boom', at(5000));
    expect(await store.jobs.renewLease(retried.id, 'w1', at(2), 1000)).toBe(false);
  });

  it('a renewed job is not claimed again when its first lease would have run out', async () => {
    const { store } = context();
    const job = await store.jobs.enqueue('renewed', {}, { runAt: T0 });
    await store.jobs.claimNext('slow-worker', at(1), 1000, { names: ['renewed'] });
    expect(await store.jobs.renewLease(job.id, 'slow-worker', at(700), 1000)).toBe(true);
    expect(
      await store.jobs.claimNext('w2', at(1500), 1000, { names: ['renewed'] }),
    ).toBeUndefined();
    expect(await store.jobs.renewLease(job.id, 'slow-worker', at(1400), 1000)).toBe(true);
    expect(
      await store.jobs.claimNext('w2', at(2300), 1000, { names: ['renewed'] }),
    ).toBeUndefined();
    // Once the renewals stop (the worker died), the job is claimed again, and the old holder's
    // next renewal is refused.
    expect(await store.jobs.claimNext('w2', at(2401), 1000, { names: ['renewed'] })).toMatchObject({
      id: job.id,
      lockedBy: 'w2',
      attempts: 2,
    });
    expect(await store.jobs.renewLease(job.id, 'slow-worker', at(2500), 1000)).toBe(false);
    expect(await store.jobs.renewLease(job.id, 'w2', at(2500), 1000)).toBe(true);
  });

  it('deduplicates queued jobs by key; one more may wait while one runs, never run beside it', async () => {
    const { store } = context();
    const first = await store.jobs.enqueue(
      'sync',
      { c: 1 },
      { runAt: T0, dedupeKey: 'sync:cal-1', orgId: 'org-1' },
    );
    const again = await store.jobs.enqueue(
      'sync',
      { c: 2 },
      { runAt: T0, dedupeKey: 'sync:cal-1' },
    );
    expect(again.id).toBe(first.id);
    expect(again.payload).toEqual({ c: 1 });
    expect(first.orgId).toBe('org-1');
    await store.jobs.claimNext('w', at(1), 1000, { names: ['sync'] });
    // Running: a change seen now needs one more run after this one.
    const successor = await store.jobs.enqueue(
      'sync',
      { c: 3 },
      { runAt: T0, dedupeKey: 'sync:cal-1' },
    );
    expect(successor.id).not.toBe(first.id);
    expect(successor.created).toBe(true);
    expect((await store.jobs.enqueue('sync', {}, { dedupeKey: 'sync:cal-1' })).id).toBe(
      successor.id,
    );
    // The successor is not claimed while the first holds a live lease...
    expect(await store.jobs.claimNext('w2', at(2), 1000, { names: ['sync'] })).toBeUndefined();
    await store.jobs.complete(first.id, 'w');
    // ...and is once the first has finished.
    expect((await store.jobs.claimNext('w2', at(3), 1000, { names: ['sync'] }))?.id).toBe(
      successor.id,
    );
  });

  it('runs a waiting job no later than an enqueue that joins it asks, never later', async () => {
    const { store } = context();
    // A sync retried in a minute (its calendar was busy) is joined by one asked for now.
    const waiting = await store.jobs.enqueue(
      'sync',
      {},
      { runAt: at(60_000), dedupeKey: 'sync:cal-5' },
    );
    const now = await store.jobs.enqueue('sync', {}, { runAt: at(1), dedupeKey: 'sync:cal-5' });
    expect(now.id).toBe(waiting.id);
    expect(now.created).toBe(false);
    expect((await store.jobs.claimNext('w', at(2), 1000, { names: ['sync'] }))?.id).toBe(
      waiting.id,
    );
    // Coalescing delayed jobs keep the first one's time: a later time asked changes nothing.
    const first = await store.jobs.enqueue(
      'adapt',
      {},
      { runAt: at(30_000), dedupeKey: 'adapt:o' },
    );
    const later = await store.jobs.enqueue(
      'adapt',
      {},
      { runAt: at(40_000), dedupeKey: 'adapt:o' },
    );
    expect(later.id).toBe(first.id);
    expect(await store.jobs.claimNext('w', at(35_000), 1000, { names: ['adapt'] })).toMatchObject({
      id: first.id,
    });
  });

  it('does not requeue a failed job whose key already has a queued successor', async () => {
    const { store } = context();
    const first = await store.jobs.enqueue('sync', {}, { runAt: T0, dedupeKey: 'sync:cal-9' });
    await store.jobs.claimNext('w', at(1), 1000, { names: ['sync'] });
    const successor = await store.jobs.enqueue('sync', {}, { runAt: T0, dedupeKey: 'sync:cal-9' });
    const failed = await store.jobs.fail(first.id, 'w', 'Google answered 503', at(60));
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toMatch(new RegExp(`not retried: job ${successor.id}`));
    expect((await store.jobs.claimNext('w', at(2), 1000, { names: ['sync'] }))?.id).toBe(
      successor.id,
    );
  });

  it('gives back a job stopped by a shutdown: queued at once, its attempt not counted, holder only', async () => {
    const { store } = context();
    const job = await store.jobs.enqueue('long', {}, { runAt: T0, maxAttempts: 1 });
    await store.jobs.claimNext('w', at(1), 1000, { names: ['long'] });
    expect(await store.jobs.release(job.id, 'other', at(5))).toBe(false);
    expect(await store.jobs.release(job.id, 'w', at(5))).toBe(true);
    const [released] = await store.jobs.list({ name: 'long' });
    expect(released).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    expect(Date.parse(released!.runAt)).toBe(at(5).getTime());
    expect(await store.jobs.claimNext('w2', at(5), 1000, { names: ['long'] })).toMatchObject({
      id: job.id,
      attempts: 1,
    });
  });

  it('does not give back a stopped job whose key already has a queued successor', async () => {
    const { store } = context();
    const first = await store.jobs.enqueue('sync', {}, { runAt: T0, dedupeKey: 'sync:cal-8' });
    await store.jobs.claimNext('w', at(1), 1000, { names: ['sync'] });
    const successor = await store.jobs.enqueue('sync', {}, { runAt: T0, dedupeKey: 'sync:cal-8' });
    expect(await store.jobs.release(first.id, 'w', at(5))).toBe(true);
    const [stopped] = (await store.jobs.list({ name: 'sync' })).filter((j) => j.id === first.id);
    expect(stopped).toMatchObject({ status: 'failed' });
    expect(stopped?.lastError).toMatch(new RegExp(`stopped by a shutdown.*job ${successor.id}`));
  });

  it('tells when a job name was last queued, and purges finished jobs after a while', async () => {
    const { store } = context();
    expect(await store.jobs.lastQueuedAt('purge-me')).toBeNull();
    const done = await store.jobs.enqueue('purge-me', {}, { runAt: T0 });
    const waiting = await store.jobs.enqueue('purge-me-too', {}, { runAt: T0 });
    const last = await store.jobs.lastQueuedAt('purge-me');
    expect(last).toBeInstanceOf(Date);
    const claimed = await store.jobs.claimNext('w', at(1), 60_000, { names: ['purge-me'] });
    expect(claimed?.id).toBe(done.id);
    await store.jobs.complete(done.id, 'w');
    // Finished jobs older than the cutoff go; a queued one stays, however old.
    const purged = await store.jobs.purgeFinished(new Date(Date.now() + 60_000));
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = (await store.jobs.list({ limit: 1000 })).map((j) => j.id);
    expect(left).not.toContain(done.id);
    expect(left).toContain(waiting.id);
  });
});
